#!/usr/bin/env bash
# The Redis clients the handover tests run against the handover files (HandoverClientsIT), idempotently:
# redis-cli comes with redis-server; redis-py is Debian's python3-redis (for /usr/bin/python3); ioredis is
# installed from the npm registry into target/test-clients/node (removed by a clean, reinstalled here).
# Whatever cannot be installed here is reported, and the tests that need it are skipped with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

IOREDIS_VERSION=5.9.3
NODE_DIR=target/test-clients/node
status=0

if ! /usr/bin/python3 -c 'import redis' 2>/dev/null; then
  if can_apt_install; then
    say "Installing python3-redis (apt-get) for the handover tests ..."
    apt_install python3 python3-redis
  else
    say "clients-setup: redis-py is missing; install Debian's python3-redis (root) to run its handover test"
    status=1
  fi
fi

if ! command -v npm >/dev/null 2>&1 && can_apt_install; then
  say "Installing nodejs and npm (apt-get) for the handover tests ..."
  apt_install nodejs npm
fi
if [ -f "$NODE_DIR/node_modules/ioredis/package.json" ] \
    && grep -q "\"version\": \"$IOREDIS_VERSION\"" "$NODE_DIR/node_modules/ioredis/package.json"; then
  :
elif command -v npm >/dev/null 2>&1; then
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --loglevel=error "ioredis@$IOREDIS_VERSION" >/dev/null \
    || { say "clients-setup: npm install ioredis@$IOREDIS_VERSION failed"; status=1; }
else
  say "clients-setup: node and npm are missing; install them (Debian: apt-get install nodejs npm) to run the ioredis handover test"
  status=1
fi
exit "$status"
