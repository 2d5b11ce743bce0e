# shellcheck shell=sh
# Writes the instance's files (after the five arguments of provision-*.sh) and enables unit $3;
# prints "loaded" if systemd has the unit loaded (then a daemon-reload must follow).
unit=$3; shift 5; write_files "$@"
systemctl enable --quiet --no-reload "$unit"
if [ -n "$(systemctl list-units --all --plain --no-legend "$unit")" ]; then echo loaded; fi
