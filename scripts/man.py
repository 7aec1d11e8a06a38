#!/usr/bin/env python3
"""Writes relgraph's man pages: relgraph(1) from the built program's own
--help (the top-level one and every command's and analysis', so that every
command and option is in it, worded as the program words it) and
relgraph-catalogue(5) from docs/format.md.  Run by the build (cmake target
relgraph_man); tests/scripts/test_install.sh checks the result with man -l.

    python3 scripts/man.py RELGRAPH SOURCE_DIR OUT_DIR
"""
import os
import re
import subprocess
import sys


def esc(text):
    """Roff-escapes plain text: backslashes, hyphens (so that options stay
    ASCII hyphens whatever the output device) and a leading dot or quote."""
    text = text.replace('\\', '\\e').replace('-', '\\-')
    return text


def line_safe(text):
    return '\\&' + text if text[:1] in ('.', "'") else text


def run(binary, *args):
    env = dict(os.environ, RELGRAPH_GRAPH='')
    out = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit('man.py: %s %s exited %d: %s' % (binary, ' '.join(args), out.returncode,
                                                  out.stderr))
    return out.stdout


TERM = re.compile(r'^ {2,4}(\S(?:.*?\S)?)(?: {2,}(\S.*))?$')


def help_to_roff(text):
    """A --help text: the usage line in bold, paragraphs, headings ("options:")
    in italics, and each indented "TERM   description" as a tagged paragraph
    whose more-indented lines continue it."""
    out = []
    lines = text.rstrip('\n').split('\n')
    para = []
    in_tp = False

    def flush():
        if para:
            out.append('.PP')
            out.append(line_safe(esc(' '.join(para))))
            para.clear()

    for ln in lines:
        if ln.startswith('usage: '):
            flush()
            out.append('.PP')
            out.append('.B ' + esc(ln[len('usage: '):]).replace('"', '\\(dq'))
            in_tp = False
        elif not ln.strip():
            flush()
            in_tp = False
        elif not ln.startswith(' '):
            if re.match(r'^[A-Za-z][^.]*:$', ln) and len(ln) < 60:
                flush()
                out.append('.PP')
                out.append('\\fI' + esc(ln) + '\\fR')
                in_tp = False
            else:
                para.append(ln.strip())
        elif in_tp and len(ln) - len(ln.lstrip(' ')) > 4:
            out.append(line_safe(esc(ln.strip())))
        else:
            flush()
            m = TERM.match(ln)
            if m and not m.group(2):
                # a name past its column's width ("  interlocks bodies ..."):
                # one space after it
                m = re.match(r'^ {2}([a-z][a-z-]{7,})() (\S.*)$', ln) or m
                if m.lastindex == 3:
                    m = re.match(r'^ {2}(\S+) (\S.*)$', ln)
            if m:
                out.append('.TP')
                out.append('.B ' + esc(m.group(1)).replace('"', '\\(dq'))
                if m.group(2):
                    out.append(line_safe(esc(m.group(2))))
                in_tp = True
            else:
                out.append('.nf')
                out.append(line_safe(esc(ln)))
                out.append('.fi')
    flush()
    return out


def section_words(text, heading):
    """The first words of the indented lines under a heading of --help."""
    words, on = [], False
    for ln in text.split('\n'):
        if re.match(heading, ln):
            on = True
            continue
        if on and not ln.strip():
            on = False
        if on and re.match(r'^  [a-z]', ln):
            words.append(ln.split()[0])
    return words


def page1(binary):
    top = run(binary, '--help')
    version = run(binary, '--version').split()[-1]
    commands = section_words(top, r'^commands:')
    analyses = section_words(top, r'^analyses')
    r = ['.\\" relgraph(1): written by scripts/man.py from the program\'s --help; do not edit.',
         '.TH RELGRAPH 1 "" "relgraph %s" "User Commands"' % version,
         '.SH NAME', 'relgraph \\- relationship graph analysis: who links whom, with sources',
         '.SH SYNOPSIS', '.B relgraph', '[\\fB\\-\\-graph\\fR \\fIFILE\\fR] \\fICOMMAND\\fR '
         '[\\fIARGS\\fR]', '.SH DESCRIPTION']
    r += help_to_roff(top.split('\n', 1)[1])  # the usage line is the synopsis
    r.append('.SH COMMANDS')
    for name in commands + analyses:
        r.append('.SS %s' % esc(name))
        r += help_to_roff(run(binary, name, '--help'))
    r += ['.SH FILES', '.TP', '.I DATADIR/relgraph/icann\\-ssr.json',
          'the default catalogue (the ICANN SSR relationships), with its schema',
          '.I schema.json', 'beside it', '.TP', '.I DATADIR/relgraph/queries/',
          'the saved queries of a review (\\fBrelgraph query\\fR \\fIFILE\\fR)',
          '.SH EXIT STATUS',
          '0 on success; 1 when the question has a failing answer or the input is invalid '
          '(\\fBdiff\\fR: the catalogues differ; \\fBfmt \\-\\-check\\fR: a file is not '
          'canonical); 2 for a wrong command line (and, for \\fBdiff\\fR, any error).',
          '.SH SEE ALSO', '.BR relgraph\\-catalogue (5),',
          '.BR dot (1).', 'The documents of DATADIR/doc/relgraph (README.md, docs/).']
    return '\n'.join(r) + '\n'


def inline(text):
    """Markdown inline marks to roff: `code` bold, **bold**, links as their text."""
    parts = text.split('`')
    out = []
    for i, p in enumerate(parts):
        if i % 2:
            out.append('\\fB' + esc(p) + '\\fR')
        else:
            p = re.sub(r'\[([^\]]+)\]\([^)]+\)', r'\1', p)
            p = esc(p)
            p = re.sub(r'\*\*([^*]+)\*\*', r'\\fB\1\\fR', p)
            p = re.sub(r'(?<![\w*])\*([^*\s][^*]*)\*(?!\w)', r'\\fI\1\\fR', p)
            out.append(p)
    return ''.join(out)


def table(rows):
    cells = [[c.strip() for c in r.strip().strip('|').split('|')] for r in rows]
    cells = [c for c in cells if not all(re.match(r'^:?-+:?$', x) for x in c)]
    n = max(len(c) for c in cells)
    # the first column (names) fits its words; the others share the width left and wrap
    out = ['.TS', 'allbox tab(@);', ' '.join(['lb'] * n), ' '.join(['l'] + ['lx'] * (n - 1)) + '.']
    for i, c in enumerate(cells):
        c += [''] * (n - len(c))
        out.append('@'.join(inline(x) if j == 0 else 'T{\n.ad l\n' + line_safe(inline(x)) + '\nT}'
                            for j, x in enumerate(c)))
    out.append('.TE')
    return out


def page5(src):
    md = open(os.path.join(src, 'docs', 'format.md'), encoding='utf-8').read().split('\n')
    r = ["'\\\" t",
         '.\\" relgraph-catalogue(5): written by scripts/man.py from docs/format.md; do not edit.',
         '.TH RELGRAPH\\-CATALOGUE 5 "" "relgraph" "File Formats"',
         '.SH NAME', 'relgraph\\-catalogue \\- the catalogue and schema files relgraph reads']
    para, i = [], 0

    def flush():
        if para:
            r.append('.PP')
            r.append(line_safe(inline(' '.join(para))))
            para.clear()

    while i < len(md):
        ln = md[i]
        if ln.startswith('```'):
            flush()
            r += ['.PP', '.RS', '.nf']
            i += 1
            while i < len(md) and not md[i].startswith('```'):
                r.append(line_safe(esc(md[i])))
                i += 1
            r += ['.fi', '.RE']
        elif ln.startswith('|'):
            flush()
            rows = []
            while i < len(md) and md[i].startswith('|'):
                rows.append(md[i])
                i += 1
            r += table(rows)
            continue
        elif ln.startswith('# '):
            flush()
            r.append('.SH DESCRIPTION')
        elif ln.startswith('## '):
            flush()
            r.append('.SH ' + esc(ln[3:].upper()))
        elif ln.startswith('### '):
            flush()
            r.append('.SS ' + esc(ln[4:]))
        elif re.match(r'^\s*[-*] ', ln):
            flush()
            r += ['.IP \\(bu 2', line_safe(inline(re.sub(r'^\s*[-*] ', '', ln)))]
        elif re.match(r'^\s*\d+\. ', ln):
            flush()
            r += ['.IP \\(bu 2', line_safe(inline(re.sub(r'^\s*\d+\. ', '', ln)))]
        elif not ln.strip():
            flush()
        elif r[-1].startswith('.IP') or (r[-2:-1] and r[-2].startswith('.IP') and not para):
            r[-1] += ' ' + inline(ln.strip())
        else:
            para.append(ln.strip())
        i += 1
    flush()
    r += ['.SH SEE ALSO', '.BR relgraph (1)']
    return '\n'.join(r) + '\n'


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, src, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    for name, text in (('relgraph.1', page1(binary)), ('relgraph-catalogue.5', page5(src))):
        tmp = os.path.join(out, name + '.tmp')
        with open(tmp, 'w', encoding='utf-8') as f:
            f.write(text)
        os.replace(tmp, os.path.join(out, name))


if __name__ == '__main__':
    main()
