# shellcheck shell=sh
# Creates the tenant's user ($1, comment $2), or checks that the existing one carries that comment:
# a user the library did not make for this tenant (a name collision, or an operator's) is never
# reused. Exit 3 says why. Followed by provision.sh.
if getent passwd "$1" >/dev/null; then
  if [ "$(getent passwd "$1" | cut -d: -f5)" != "$2" ]; then
    echo "the system user $1 already exists and was not created by redis-tenancy for this tenant (its comment is not '$2'); it is never reused: if it is yours, rename or remove it (userdel $1), or name the tenant differently" >&2; exit 3
  fi
else useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --comment "$2" "$1"; fi
