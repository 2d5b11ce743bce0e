# shellcheck shell=sh
# The mark (first line) of drop-in $1, then the port file $2.
head -n 1 "$1" && { cat "$2" 2>/dev/null || true; }
