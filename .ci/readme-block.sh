#!/usr/bin/env bash
# .ci/readme-block.sh NAME [--root] [README]: print the commands of the code
# block README.md marks with a line "<!-- NAME -->" (the first fenced block
# after that line), so scripts run exactly what README shows. With --root,
# every "sudo " is left out, as README tells root to do.
set -euo pipefail
name=${1:?usage: readme-block.sh NAME [--root] [README]}
shift
as_root=0
if [ "${1:-}" = --root ]; then
    as_root=1
    shift
fi
readme=${1:-$(dirname "$0")/../README.md}

block=$(awk -v mark="<!-- $name -->" '
    $0 == mark { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    found && inside { print }' "$readme")
[ -n "$block" ] || { echo "$readme has no code block after <!-- $name -->" >&2; exit 1; }
if [ "$as_root" = 1 ]; then
    printf '%s\n' "$block" | sed -E 's/(^|[[:space:];&|(])sudo +/\1/g'
else
    printf '%s\n' "$block"
fi
