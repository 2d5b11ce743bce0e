# Checks (and where it safely can, installs) what the samples and benchmarks need to run.
# Sourced by ./quickstart and benchmarks/run; defines functions only.

# Java 17 or newer, the one Maven and the samples will use.
require_java17() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  if ! command -v "$java" >/dev/null 2>&1; then
    echo "Java 17 or newer is needed and 'java' was not found. Install a JDK 17+ (Debian/Ubuntu:" \
      "apt-get install -y openjdk-17-jdk-headless) or set JAVA_HOME." >&2
    exit 1
  fi
  local version
  version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ -z "$version" ] || [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    echo "Java 17 or newer is needed; $java is version '${version:-unknown}'. Set JAVA_HOME to a JDK 17+." >&2
    exit 1
  fi
  JAVA="$java"
}

# redis-server on PATH (or REDIS_TENANCY_REDIS_SERVER, which the library honours too). As root on
# Debian/Ubuntu it is installed; the packaged service is then stopped and disabled, because the
# library starts its own instances.
require_redis_server() {
  if [ -n "${REDIS_TENANCY_REDIS_SERVER:-}" ] && [ -x "$REDIS_TENANCY_REDIS_SERVER" ]; then
    return 0
  fi
  if command -v redis-server >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
    echo "redis-server is missing: installing it (apt-get install -y redis-server)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null || {
        echo "Installing redis-server failed; install it yourself: apt-get install -y redis-server" >&2
        exit 1
      }
    disable_packaged_redis_service
    return 0
  fi
  echo "redis-server (Redis 6.2 or newer) is needed and was not found on PATH. Install it:" >&2
  echo "  Debian/Ubuntu:  sudo apt-get install -y redis-server && sudo systemctl disable --now redis-server" >&2
  echo "  Fedora/RHEL:    sudo dnf install -y redis" >&2
  echo "  macOS:          brew install redis" >&2
  echo "or point REDIS_TENANCY_REDIS_SERVER at a redis-server binary." >&2
  exit 1
}

disable_packaged_redis_service() {
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now redis-server >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/redis-server ]; then
    /etc/init.d/redis-server stop >/dev/null 2>&1 || true
    update-rc.d redis-server disable >/dev/null 2>&1 || true
  fi
}

# Prints the run-time class path of a module built by `install` (see its maven-dependency-plugin).
module_classpath() {
  local module="$1"
  local listed="$module/target/runtime-classpath.txt"
  if [ ! -f "$listed" ]; then
    echo "$listed is missing: the build did not write the class path of $module" >&2
    exit 1
  fi
  echo "$module/target/classes:$(cat "$listed")"
}
