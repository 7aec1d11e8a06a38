# bash completion for relgraph: commands and analyses (from `relgraph
# --help`), each command's options (from its --help), render's views (from
# `relgraph render --help`), node ids and short names of the catalogue in use
# (`relgraph complete nodes PREFIX`, honouring --graph on the line), files
# where a command takes files.  Nothing is listed here by hand, so the
# completion follows the program it completes.
# Installed as share/bash-completion/completions/relgraph.

# The words under the heading matching $2 in the help text $1.
_relgraph_section()
{
    awk -v h="$2" '$0 ~ h {f = 1; next} /^$/ {f = 0} f && /^  [a-z]/ {print $1}' <<<"$1"
}

_relgraph_nodes()
{
    local bin=$1 cur=$2
    shift 2
    local -a found
    mapfile -t found < <("$bin" "$@" complete nodes "$cur" 2>/dev/null)
    local w
    COMPREPLY=()
    for w in "${found[@]}"; do
        [[ -n $w ]] && COMPREPLY+=("$(printf '%q' "$w")")
    done
}

_relgraph()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local bin=${COMP_WORDS[0]}
    local -a graph=()
    local i w cmd="" cmdi=0
    # options that take a value: their value is not a positional argument
    local valued=" --graph -o --output --depth --as-of --max-nodes --format --audience --status-attr --cluster-edge --link-attr --fold --kind --render -e --hub "
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        --graph) graph=(--graph "${COMP_WORDS[i + 1]}") ;;
        --graph=*) graph=(--graph "${w#--graph=}") ;;
        esac
        if [[ -z $cmd && $w != -* && $valued != *" ${COMP_WORDS[i - 1]} "* ]]; then
            cmd=$w
            cmdi=$i
        fi
    done
    COMPREPLY=()
    case $prev in
    --graph | -o | --output | --render)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    --format)
        mapfile -t COMPREPLY < <(compgen -W "text json" -- "$cur")
        return
        ;;
    --hub | --from | --to)
        _relgraph_nodes "$bin" "$cur" "${graph[@]}"
        return
        ;;
    esac
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "--graph --help --version" -- "$cur")
        else
            local help
            help=$("$bin" --help 2>/dev/null)
            mapfile -t COMPREPLY < <(compgen -W "$(_relgraph_section "$help" '^(commands|analyses)') help" -- "$cur")
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        local opts
        opts=$("$bin" "$cmd" --help 2>/dev/null | grep -oE -- '(^|[ ,[])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,[' | sort -u)
        mapfile -t COMPREPLY < <(compgen -W "$opts --graph --help" -- "$cur")
        return
    fi
    # which positional argument of the command this is (0: the first)
    local npos=0
    for ((i = cmdi + 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        [[ $w != -* && $valued != *" ${COMP_WORDS[i - 1]} "* ]] && ((npos++))
    done
    case $cmd in
    render)
        if ((npos == 0)); then
            local help
            help=$("$bin" render --help 2>/dev/null)
            mapfile -t COMPREPLY < <(compgen -W "$(_relgraph_section "$help" '^views:')" -- "$cur")
        elif [[ ${COMP_WORDS[cmdi + 1]} == diff ]]; then
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        else
            _relgraph_nodes "$bin" "$cur" "${graph[@]}"
        fi
        ;;
    links | find) _relgraph_nodes "$bin" "$cur" "${graph[@]}" ;;
    help)
        local help
        help=$("$bin" --help 2>/dev/null)
        mapfile -t COMPREPLY < <(compgen -W "$(_relgraph_section "$help" '^(commands|analyses)')" -- "$cur")
        ;;
    *) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    esac
}
complete -F _relgraph relgraph
