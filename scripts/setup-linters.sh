#!/usr/bin/env bash
# The linters the build runs besides the Java ones: shellcheck, for the systemd backend's shell scripts
# (ShellScriptsTest). Installed with apt-get where it can be; otherwise that test is skipped with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

command -v shellcheck >/dev/null 2>&1 && exit 0
if can_apt_install; then
  say "Installing shellcheck (apt-get) for the systemd scripts' lint ..."
  apt_install shellcheck && exit 0
fi
say "linters-setup: shellcheck is missing; install it (Debian: apt-get install shellcheck) to lint the systemd scripts"
exit 1
