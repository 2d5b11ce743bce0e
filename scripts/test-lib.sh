#!/usr/bin/env bash
# shellcheck disable=SC2016  # the cases' setup code is expanded by eval, in the case's subshell
# Checks lib.sh's ensure_java without touching the machine's JDK: each case runs in a subshell with a
# PATH that hides the real java (or shows a fake one), a JDK directory of its own, and apt-get replaced
# by a stand-in. Usage: bash scripts/test-lib.sh (prints one line per case, exits non-zero on a failure)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# a bin directory with the tools lib.sh uses, and no java
mkdir -p "$work/bin"
for tool in awk id mkdir chmod; do ln -s "$(command -v "$tool")" "$work/bin/$tool"; done

# fake_jdk DIR VERSION: a JDK whose java reports that specification version
fake_jdk() {
  mkdir -p "$1/bin"
  printf '#!/bin/sh\necho "    java.specification.version = %s" >&2\n' "$2" > "$1/bin/java"
  printf '#!/bin/sh\n' > "$1/bin/javac"
  chmod +x "$1/bin/java" "$1/bin/javac"
}

# check NAME EXPECTED_STATUS EXPECTED_TEXT SETUP: runs ensure_java after SETUP in a subshell
check() {
  local name=$1 status=$2 text=$3 setup=$4 out actual=0
  out=$(
    # shellcheck source=scripts/lib.sh
    . scripts/lib.sh
    jvm_root="$work/jvm-$name"
    mkdir -p "$jvm_root"
    PATH="$work/bin"
    unset JAVA_HOME
    can_apt_install() { return 1; }
    eval "$setup"
    ensure_java 2>&1
    echo "JAVA_HOME=${JAVA_HOME:-} java=$(command -v java || true)"
  ) || actual=$?
  if [ "$actual" = "$status" ] && [[ $out == *"$text"* ]]; then
    echo "ok   $name"
  else
    echo "FAIL $name: status $actual (expected $status), output: $out"
    failures=$((failures + 1))
  fi
}

check java-17-on-path 0 "JAVA_HOME= java=$work/path17/bin/java" \
  'fake_jdk "$work/path17" 17; PATH="$work/path17/bin:$PATH"'
check java-21-on-path 0 "java=$work/path21/bin/java" 'fake_jdk "$work/path21" 21; PATH="$work/path21/bin:$PATH"'
check no-java-not-root 1 "'java' is not on PATH." ''
check no-java-says-what-to-install 1 "apt-get install openjdk-17-jdk-headless" ''
check java-11-not-root 1 "$work/path11/bin/java is version 11." \
  'fake_jdk "$work/path11" 11; PATH="$work/path11/bin:$PATH"'
check java-1.8-not-root 1 "$work/path8/bin/java is version 8." 'fake_jdk "$work/path8" 1.8; PATH="$work/path8/bin:$PATH"'
check old-java-home 1 "$work/home11/bin/java is version 11." \
  'fake_jdk "$work/path17" 17; PATH="$work/path17/bin:$PATH"; fake_jdk "$work/home11" 11; export JAVA_HOME="$work/home11"'
check no-java-but-jdk-installed 0 "JAVA_HOME=$work/jvm-no-java-but-jdk-installed/java-17-openjdk-amd64 java=" \
  'fake_jdk "$jvm_root/java-17-openjdk-amd64" 17'
check java-11-and-jdk-17-installed 0 "java=$work/jvm-java-11-and-jdk-17-installed/java-17-openjdk-amd64/bin/java" \
  'fake_jdk "$work/path11" 11; PATH="$work/path11/bin:$PATH"; fake_jdk "$jvm_root/java-17-openjdk-amd64" 17'
check no-java-root-installs-17 0 "Installing a JDK (openjdk-17-jdk-headless, apt-get)" \
  'can_apt_install() { return 0; }; apt_package_exists() { [ "$1" = openjdk-17-jdk-headless ]; }
   apt_install() { fake_jdk "$jvm_root/java-17-openjdk-amd64" 17; }'
check no-java-root-without-openjdk-17 0 "Installing a JDK (default-jdk-headless, apt-get)" \
  'can_apt_install() { return 0; }; apt_package_exists() { return 1; }
   apt_install() { [ "$1" = default-jdk-headless ] && fake_jdk "$jvm_root/java-21-openjdk-amd64" 21; }'
check root-install-failed-says-what-to-install 1 "'java' is not on PATH." \
  'can_apt_install() { return 0; }; apt_package_exists() { return 0; }; apt_install() { :; }'

[ "$failures" = 0 ] || { echo "$failures case(s) failed"; exit 1; }
echo "all cases passed"
