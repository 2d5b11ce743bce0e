#!/usr/bin/env bash
# A real systemd for the systemd backend's integration tests (redis-tenancy-systemd, *IT).
#
# systemd cannot be PID 1 on most build machines, so this runs it as PID 1 in a Docker container
# whose image is a debootstrapped Debian (systemd, dbus, redis-server), built here without any image
# registry. The tests drive it through `docker exec -i CONTAINER ...` (the backend's command seam) and
# reach the tenants' UNIX sockets through a bind-mounted tmpfs.
#
# Steps (each skipped when already done): install docker.io and start dockerd; install debootstrap;
# build the image (once, cached); start a fresh container. When this machine cannot do it (not root,
# no apt-get, no Docker), it says why and exits 0: the systemd tests then SKIP with that reason.
#
# Usage: scripts/setup-systemd.sh [up|down|purge]
# Env:   REDIS_TENANCY_SYSTEMD_CONTAINER (container name, default redis-tenancy-systemd)
#        REDIS_TENANCY_SYSTEMD_LAB       (work dir, default /var/tmp/redis-tenancy-systemd)
set -euo pipefail

NAME=${REDIS_TENANCY_SYSTEMD_CONTAINER:-redis-tenancy-systemd}
LAB=${REDIS_TENANCY_SYSTEMD_LAB:-/var/tmp/redis-tenancy-systemd}
IMAGE=redis-tenancy/systemd-lab:bookworm-1
SUITE=bookworm
ROOTFS=$LAB/rootfs
SOCKDIR=$LAB/run          # host side of the container's /run/redis-tenant
LOG=$LAB/setup.log
JDK_DIR=/usr/lib/jvm

T0=$(date +%s%N)
step() { printf '[setup-systemd %5dms] %s\n' "$(( ($(date +%s%N) - T0) / 1000000 ))" "$*" >&2; }
unavailable() {
  step "SKIPPING systemd setup: $*"
  step "the systemd integration tests will be skipped with this reason"
  exit 0
}

teardown() {
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  if mountpoint -q "$SOCKDIR" 2>/dev/null; then umount "$SOCKDIR"; fi
  rm -rf "$SOCKDIR"
}

apt_get() {
  # waits for another apt/dpkg (e.g. a parallel setup script) instead of failing on the lock
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"
}

case "${1:-up}" in
  down) teardown; exit 0 ;;
  purge) teardown; docker rmi "$IMAGE" >/dev/null 2>&1 || true; rm -rf "$LAB"; exit 0 ;;
  up) ;;
  *) echo "usage: $0 [up|down|purge]" >&2; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || unavailable "not root (needs to install packages, run Docker and mount a tmpfs)"
mkdir -p "$LAB"

# ---------------------------------------------------------------- 1. Docker engine
if ! command -v docker >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || unavailable "no docker and no apt-get to install docker.io"
  step "installing docker.io"
  apt_get update -qq >>"$LOG" 2>&1
  apt_get install -y -qq docker.io >>"$LOG" 2>&1 || unavailable "apt-get install docker.io failed (see $LOG)"
fi
if ! docker info >/dev/null 2>&1; then
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    step "starting docker.service"
    systemctl start docker >>"$LOG" 2>&1 || true
  elif ! pgrep -x dockerd >/dev/null 2>&1; then
    step "starting dockerd (no systemd on this host)"
    nohup dockerd >>"$LAB/dockerd.log" 2>&1 &
  fi
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || unavailable "the Docker engine does not answer 'docker info' (see $LAB/dockerd.log)"
fi

# ---------------------------------------------------------------- 2. image (cached)
if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    step "installing debootstrap"
    apt_get update -qq >>"$LOG" 2>&1
    apt_get install -y -qq debootstrap >>"$LOG" 2>&1 || unavailable "apt-get install debootstrap failed (see $LOG)"
  fi
  # the mirror this machine's apt already uses; no host name is written into the project
  MIRROR=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$MIRROR" ] || MIRROR=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$MIRROR" ] || unavailable "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or sources.list"
  step "debootstrap $SUITE (minbase + systemd, dbus, redis-server) - about 40 s, once"
  rm -rf "$ROOTFS"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,redis-server,procps \
    "$SUITE" "$ROOTFS" "$MIRROR" >>"$LOG" 2>&1 || unavailable "debootstrap failed (see $LOG)"
  # nothing starts that the tests do not ask for
  systemctl --root="$ROOTFS" disable redis-server.service e2scrub_reap.service apt-daily.timer \
    apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer getty@tty1.service \
    systemd-pstore.service >>"$LOG" 2>&1 || true
  systemctl --root="$ROOTFS" mask systemd-remount-fs.service console-getty.service getty.target >>"$LOG" 2>&1 || true
  mkdir -p "$ROOTFS/etc/systemd/journald.conf.d"
  printf '[Journal]\nStorage=volatile\n' >"$ROOTFS/etc/systemd/journald.conf.d/10-volatile.conf"
  : >"$ROOTFS/etc/machine-id"
  echo "$NAME" >"$ROOTFS/etc/hostname"
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
    "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
  step "docker import -> $IMAGE"
  tar -C "$ROOTFS" -c . | docker import -c 'ENTRYPOINT ["/sbin/init"]' -c 'ENV container=docker' - "$IMAGE" >>"$LOG"
  rm -rf "$ROOTFS"
fi

# ---------------------------------------------------------------- 3. a fresh container
teardown
mkdir -p "$SOCKDIR"
# a tmpfs, as a real /run: systemd refuses to clean a RuntimeDirectory= on a disk file system
mount -t tmpfs -o mode=0755,size=64m redis-tenancy-systemd-run "$SOCKDIR"
extra=()
[ -d "$JDK_DIR" ] && extra+=(-v "$JDK_DIR:$JDK_DIR:ro")
# Why these flags (--privileged fails where the host's bounding set lacks CAP_SYS_RESOURCE):
#  --cgroupns=host + rw /sys/fs/cgroup: systemd manages its own subtree and MemoryMax=/TasksMax= are
#    really enforced; seccomp/apparmor unconfined: PID 1 and the units' sandboxing need mount, keyctl...
#  --tmpfs /run /run/lock: systemd expects tmpfs there; SIGRTMIN+3 is systemd's halt signal.
step "docker run $NAME"
docker run -d --name "$NAME" --hostname "$NAME" --network none --cgroupns=host \
  --cap-add ALL --cap-drop SYS_RESOURCE \
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
  --tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup \
  --stop-signal SIGRTMIN+3 --stop-timeout 20 \
  -v "$SOCKDIR:/run/redis-tenant" "${extra[@]}" \
  --label io.redistenancy.systemd-lab=1 "$IMAGE" >>"$LOG"

state=""
for _ in $(seq 1 150); do
  state=$(docker exec "$NAME" systemctl is-system-running 2>/dev/null || true)
  case "$state" in running | degraded) break ;; esac
  sleep 0.2
done
case "$state" in
  running) ;;
  degraded) docker exec "$NAME" systemctl --failed --no-pager >&2 || true ;;
  *) docker logs "$NAME" 2>&1 | tail -30 >&2; unavailable "systemd in $NAME did not boot (state '$state')" ;;
esac
step "ready: container $NAME (systemd $state), sockets under $SOCKDIR"
