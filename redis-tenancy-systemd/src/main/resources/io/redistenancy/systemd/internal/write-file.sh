# shellcheck shell=sh
# Writes standard input to $1 atomically (temp file, owner $2, mode $3, rename), creating the
# parent directory (root, 0755) if needed. umask 077: the temp file is private until chmod.
set -e; umask 077; d=$(dirname "$1"); [ -d "$d" ] || install -d -o root -g root -m 0755 "$d"; t="$1.tmp"; cat > "$t"; chown "$2" "$t"; chmod "$3" "$t"; mv -f "$t" "$1"
