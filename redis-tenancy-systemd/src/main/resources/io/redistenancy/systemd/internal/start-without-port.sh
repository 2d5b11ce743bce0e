# shellcheck shell=sh
# Starts unit $1 unless it runs, with its port file $2 first written from the write_files
# arguments that follow (no port: the instance starts on its socket alone); a running one keeps its port.
unit=$1; file=$2; shift 2
if ! systemctl is-active --quiet "$unit" || [ ! -f "$file" ]; then write_files "$@"; fi
systemctl start "$unit"
