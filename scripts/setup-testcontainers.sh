#!/usr/bin/env bash
# Lets Testcontainers run offline here, idempotently (used by benchmarks/run provision-docker):
# Testcontainers pulls alpine:3.17 at start-up even with its checks disabled, and no registry is
# reachable, so a stand-in of that name is imported from Debian's busybox-static (a `sh` and the
# usual tools in one static binary). Ryuk is turned off by the caller (TESTCONTAINERS_RYUK_DISABLED).
# Needs a running engine: run scripts/setup-docker.sh first.
set -euo pipefail

IMAGE=alpine:3.17

. "$(dirname "$0")/lib.sh"
fail() { echo "testcontainers-setup: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || fail "no Docker engine answers; run scripts/setup-docker.sh first"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi
if [ ! -x /bin/busybox ] || ! ldd /bin/busybox 2>&1 | grep -q "not a dynamic"; then
  can_apt_install || fail "/bin/busybox (static) is missing; install busybox-static, as root"
  apt_install busybox-static
fi
ROOTFS="$(mktemp -d)"
trap 'rm -rf "$ROOTFS"' EXIT
mkdir -p "$ROOTFS/bin" "$ROOTFS/tmp"
cp /bin/busybox "$ROOTFS/bin/busybox"
for tool in sh cat ls grep nc sleep true; do ln -s busybox "$ROOTFS/bin/$tool"; done
chmod 1777 "$ROOTFS/tmp"
tar -C "$ROOTFS" -c . | docker import -c 'CMD ["/bin/sh"]' \
  -m "busybox-static as a stand-in for alpine:3.17, for Testcontainers offline" - "$IMAGE" >/dev/null \
  || fail "docker import of $IMAGE failed"
echo "testcontainers-setup: image $IMAGE (a busybox-static stand-in) built"
