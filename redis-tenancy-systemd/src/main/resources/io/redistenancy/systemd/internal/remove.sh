# shellcheck shell=sh
# Stops and disables the unit, removes its drop-ins and its files in the config root (TLS material
# included, and temp files of a write the JVM died in), keeps or deletes the data, deletes the user
# and group if the library made them for this tenant (the user's comment, the group's mark): a user
# or group it refused to reuse stays. DynamicUser: the state directory is a link into /var/lib/private.
# Kept data go to $retained/$keptName, or $keptName-2, -3 … when that is taken ($keptName empty: purge);
# the last line says where ("kept PATH").
unit=$1; data=$2; user=$3; keptName=$4; keptRoot=$5; dropIns=$6; comment=$7; groupMark=$8; retained=$9
shift 9
ownUser=; if [ "$(getent passwd "$user" | cut -d: -f5)" = "$comment" ]; then ownUser=1; fi
ownGroup=$ownUser; if [ -f "$groupMark" ]; then ownGroup=1; fi
systemctl disable --quiet --no-reload --now "$unit" 2>/dev/null || true
rm -rf -- "$dropIns" "$@"
for f in "$@"; do rm -f -- "$f.tmp"; done
if [ -L "$data" ]; then link=$data; data=$(readlink -f "$link"); rm -f -- "$link"; fi
kept=
if [ -z "$keptName" ]; then rm -rf -- "$data"
elif [ -d "$data" ]; then
  install -d -o root -g root -m 0700 "$keptRoot" "$retained"
  target=$retained/$keptName; n=2
  while [ -e "$target" ]; do target=$retained/$keptName-$n; n=$((n + 1)); done
  # a failed move keeps the user and the data where they were: a second remove tries again
  mv -T -- "$data" "$target" || { echo "cannot keep $data at $target" >&2; exit 1; }
  chown -R root:root "$target"; kept=$target
fi
if [ -n "$ownUser" ]; then userdel "$user"; fi
if [ -n "$ownGroup" ] && getent group "$user" >/dev/null; then groupdel "$user"; fi
rm -f -- "$groupMark"
systemctl reset-failed "$unit" 2>/dev/null || true
if [ -n "$kept" ]; then echo "kept $kept"; fi
