#!/bin/sh
# where.sh: names the source lines of a "failed N OBJ+0xOFF ..." line of the
# failalloc log (each frame through addr2line).
#   tests/failalloc/where.sh LOGFILE
sed -n 's/^failed [0-9]* //p' "$1" | tr ' ' '\n' | while IFS= read -r frame; do
  frame=${frame%%:*}
  obj=${frame%+0x*}
  off=${frame##*+}
  printf '%s  ' "${obj##*/}"
  addr2line -f -p -e "$obj" "$off" 2>/dev/null || echo "$off"
done
