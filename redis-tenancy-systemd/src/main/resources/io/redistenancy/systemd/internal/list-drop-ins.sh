# shellcheck shell=sh
# Prints PATH<TAB>FIRST LINE<TAB>PORT of every drop-in named $2 of the template unit $1, PORT the
# directive in the instance's port file in the config root $3 (empty without one).
for f in /etc/systemd/system/"$1"@*.service.d/"$2"; do [ -f "$f" ] || continue; i=${f%.service.d/*}; i=${i##*@}; p=$(grep -m 1 -E '^(tls-)?port [0-9]+$' "$3/$i.port.conf" 2>/dev/null || true); printf '%s\t%s\t%s\n' "$f" "$(head -n 1 "$f")" "$p"; done
