# Shared by ./quickstart, ./test and .ci/run: check for, or install, what redis-tenancy needs.
# Installs only where it can do so safely (root on Debian/Ubuntu); otherwise says exactly what to install.

say() { printf '%s\n' "$*" >&2; }

can_apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_java() {
  local version
  if ! command -v java >/dev/null 2>&1; then
    say "Java 17 or newer is required and 'java' is not on PATH."
    say "Install it: Debian/Ubuntu 'apt-get install openjdk-17-jdk-headless', macOS 'brew install openjdk@17'."
    exit 1
  fi
  version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    say "Java 17 or newer is required; 'java' is version $version. Set JAVA_HOME or PATH to a JDK 17+."
    exit 1
  fi
}

# redis-server 6.2+ for the local backend (the embedded default) and the tests.
ensure_redis_server() {
  if command -v redis-server >/dev/null 2>&1 || [ -n "${REDIS_TENANCY_REDIS_SERVER:-}" ]; then
    return 0
  fi
  if can_apt_install; then
    say "Installing redis-server (apt-get) ..."
    apt_install redis-server redis-tools
    # the library starts its own instances; the packaged service must not hold port 6379 or run needlessly
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      systemctl disable --now redis-server >/dev/null 2>&1 || true
    fi
    pkill -x redis-server 2>/dev/null || true
    return 0
  fi
  say "redis-server (6.2 or newer) is required and was not found on PATH."
  say "Install it: Debian/Ubuntu 'sudo apt-get install redis-server', Fedora 'sudo dnf install redis',"
  say "macOS 'brew install redis'; or point REDIS_TENANCY_REDIS_SERVER at a redis-server binary."
  exit 1
}
