# shellcheck shell=bash
# Shared by ./quickstart, ./test and .ci/run: check for, or install, what redis-tenancy needs.
# Installs only where it can do so safely (root on Debian/Ubuntu); otherwise says exactly what to install.

say() { printf '%s\n' "$*" >&2; }

can_apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}

apt_updated=
apt_update_once() {
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
    apt_updated=1
  fi
}

apt_install() {
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
}

# The major Java version of the java binary $1 (8 for "1.8"), or nothing when it does not run.
java_major() {
  local version
  version=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' || true)
  version=${version#1.}
  printf '%s' "${version%%.*}"
}

java_is_17_or_newer() {
  local major
  major=$(java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 17 ] 2>/dev/null
}

# Where Debian/Ubuntu put JDKs (scripts/test-lib.sh points it elsewhere).
jvm_root=/usr/lib/jvm

# A JDK 17+ installed in $jvm_root, or nothing when there is none.
installed_jdk() {
  local dir
  for dir in "$jvm_root"/*/; do
    if [ -x "${dir}bin/javac" ] && java_is_17_or_newer "${dir}bin/java"; then
      printf '%s' "${dir%/}"
      return 0
    fi
  done
}

use_jdk() {
  export JAVA_HOME="$1"
  export PATH="$JAVA_HOME/bin:$PATH"
  say "Using the JDK in $JAVA_HOME"
}

# Java 17+ for the build (./mvnw runs $JAVA_HOME/bin/java when JAVA_HOME is set) and for ./quickstart
# (the java on PATH). When either is missing or older, takes an installed JDK 17+, else installs one
# with apt-get where it can (root on Debian/Ubuntu), else says exactly what to install.
ensure_java() {
  local found jdk package
  found=$(command -v java 2>/dev/null || true)
  if [ -n "$found" ] && java_is_17_or_newer "$found"; then
    found=${JAVA_HOME:+$JAVA_HOME/bin/java}
    if [ -z "$found" ] || java_is_17_or_newer "$found"; then
      return 0
    fi
  fi
  jdk=$(installed_jdk)
  if [ -z "$jdk" ] && can_apt_install; then
    # where openjdk-17 is no longer packaged, the release's default JDK is a newer one
    package=openjdk-17-jdk-headless
    apt_package_exists "$package" || package=default-jdk-headless
    say "Installing a JDK ($package, apt-get) ..."
    apt_install "$package"
    jdk=$(installed_jdk)
  fi
  if [ -n "$jdk" ]; then
    use_jdk "$jdk"
    return 0
  fi
  if [ -z "$found" ]; then
    say "Java 17 or newer is required and 'java' is not on PATH."
  else
    say "Java 17 or newer is required; $found is version $(java_major "$found")."
  fi
  say "Install a JDK 17: Debian/Ubuntu 'sudo apt-get install openjdk-17-jdk-headless', Fedora 'sudo dnf install"
  say "java-17-openjdk-devel', macOS 'brew install openjdk@17'; or set JAVA_HOME to a JDK 17 or newer."
  exit 1
}

apt_package_exists() {
  apt_update_once
  [ -n "$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" {print $2}')" ]
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
