# shellcheck shell=sh
# DynamicUser mode: only the group ($1) that reads the config; systemd allocates the user ($5).
# Groups have no comment, so the library's own carries a mark file ($4), written before the group.
# systemd would run the unit as a static user of $5's name, so one (a uid outside systemd's dynamic
# range 61184..65519) is refused too. Followed by provision.sh.
uid=$(getent passwd "$5" | cut -d: -f3)
if [ -n "$uid" ] && { [ "$uid" -lt 61184 ] || [ "$uid" -gt 65519 ]; }; then
  echo "the system user $5 already exists (uid $uid) and systemd would run the tenant as it; it is never reused: if it is yours, rename or remove it (userdel $5), or name the tenant differently" >&2; exit 3
fi
if getent group "$1" >/dev/null; then
  if [ ! -f "$4" ]; then
    echo "the group $1 already exists and was not created by redis-tenancy for this tenant (no mark $4); it is never reused: if it is yours, rename or remove it (groupdel $1), or name the tenant differently" >&2; exit 3
  fi
else printf '%s\n' "$2" > "$4"; groupadd --system "$1"; fi
