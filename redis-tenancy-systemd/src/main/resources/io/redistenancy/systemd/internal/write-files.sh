# shellcheck shell=sh
# Defines write_files PATH OWNER MODE LENGTH ...: each file's content is the next LENGTH bytes of
# standard input (head -c reads no more than it is asked for from a pipe). Input cut short (the JVM
# died mid-batch) never replaces a file with a truncated one. Prepended to the batch scripts.
set -e; umask 077; write_files() { while [ $# -ge 4 ]; do d=$(dirname "$1"); [ -d "$d" ] || install -d -o root -g root -m 0755 "$d"; head -c "$4" > "$1.tmp"; if [ "$(wc -c < "$1.tmp")" -ne "$4" ]; then rm -f "$1.tmp"; echo "input for $1 cut short" >&2; exit 1; fi; chown "$2" "$1.tmp"; chmod "$3" "$1.tmp"; mv -f "$1.tmp" "$1"; shift 4; done; }
