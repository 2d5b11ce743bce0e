#!/usr/bin/env bash
# Makes a Docker engine and the local test image available, idempotently, on a fresh machine:
#   1. installs docker.io (engine, containerd, runc) if dockerd is missing,
#   2. starts dockerd if `docker info` does not answer, and waits until it does,
#   3. builds the image redis-tenancy-test/redis:7.0 from the host's redis-server if it is missing
#      (no registry is reachable: the image is a rootfs of the binary and the libraries ldd lists,
#      imported with `docker import`; it has no shell).
# Exits non-zero with a message saying what failed. Environment:
#   REDIS_TENANCY_DOCKER_IMAGE  image name to build (default redis-tenancy-test/redis:7.0)
#   REDIS_SERVER                redis-server binary to package (default: the one on PATH)
set -euo pipefail

IMAGE="${REDIS_TENANCY_DOCKER_IMAGE:-redis-tenancy-test/redis:7.0}"
LOG=/var/log/dockerd.log

. "$(dirname "$0")/lib.sh"
fail() { echo "docker-setup: $*" >&2; exit 1; }
say() { echo "docker-setup: $*"; }

can_apt_install || command -v dockerd >/dev/null 2>&1 || fail "dockerd is missing; install docker.io (Debian/Ubuntu) or Docker Engine, as root"

# 1. the engine
if ! command -v dockerd >/dev/null 2>&1; then
  say "installing docker.io"
  apt_install docker.io
fi
command -v docker >/dev/null 2>&1 || fail "the docker CLI is missing after installing docker.io"

# 2. a running engine
if ! docker info >/dev/null 2>&1; then
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
    fail "DOCKER_HOST=${DOCKER_HOST} does not answer 'docker info'; start that engine or unset DOCKER_HOST"
  fi
  # a network per TCP tenant (the backend's default) takes a subnet each; the stock pools hold ~30
  if [ ! -e /etc/docker/daemon.json ]; then
    say "writing /etc/docker/daemon.json: default-address-pools 10.210.0.0/16 in /28 subnets (4096 networks)"
    mkdir -p /etc/docker
    printf '{"default-address-pools": [{"base": "10.210.0.0/16", "size": 28}]}\n' >/etc/docker/daemon.json
  fi
  say "starting dockerd (log: $LOG)"
  sh -c "nohup dockerd >>$LOG 2>&1 </dev/null &"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { tail -n 20 "$LOG" >&2 || true; fail "dockerd did not answer within 30 s (see $LOG)"; }
fi
say "engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# 3. the image
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "image $IMAGE present"
  exit 0
fi
REDIS_SERVER="${REDIS_SERVER:-$(command -v redis-server || true)}"
if [ -z "$REDIS_SERVER" ]; then
  say "installing redis-server (its binary goes into the image)"
  apt_install redis-server
  REDIS_SERVER="$(command -v redis-server)" || fail "redis-server is missing after installing it"
fi
# Debian's redis-server is a symlink to redis-check-rdb, and Redis picks its mode from argv[0]:
# copy the file it points to under the name redis-server (cp -L), never under the target's name.
say "building $IMAGE from $REDIS_SERVER ($("$REDIS_SERVER" --version | grep -o 'v=[^ ]*' || true))"
ROOTFS="$(mktemp -d)"
trap 'rm -rf "$ROOTFS"' EXIT
mkdir -p "$ROOTFS/usr/bin" "$ROOTFS/data" "$ROOTFS/tmp" "$ROOTFS/etc"
cp -L "$REDIS_SERVER" "$ROOTFS/usr/bin/redis-server"
for lib in $(ldd "$REDIS_SERVER" | grep -o '/[^ ]*'); do
  mkdir -p "$ROOTFS$(dirname "$lib")"
  cp -L "$lib" "$ROOTFS$lib"
done
# a user for uid/gid 999 (the official redis image's), so logs and ps name it
printf 'root:x:0:0:root:/root:/sbin/nologin\nredis:x:999:999:redis:/data:/sbin/nologin\n' >"$ROOTFS/etc/passwd"
printf 'root:x:0:\nredis:x:999:\n' >"$ROOTFS/etc/group"
chmod 1777 "$ROOTFS/tmp"
tar -C "$ROOTFS" -c . | docker import \
  -c 'CMD ["redis-server"]' -c 'WORKDIR /data' -c 'EXPOSE 6379' \
  -m "redis-server from the host, for redis-tenancy tests" - "$IMAGE" >/dev/null \
  || fail "docker import of $IMAGE failed"
docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "image $IMAGE is missing after the import"
say "image $IMAGE built ($(docker image inspect -f '{{.Size}}' "$IMAGE") bytes)"
