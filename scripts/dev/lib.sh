# shellcheck shell=bash
# Shared helpers for ./dev and .ci/run. Sourced, never executed.
# Conventions:
#   REPO_ROOT  the checkout;  DEV_DIR  its ignored state folder (.dev/)
#   Each part writes the variables the service needs into $DEV_DIR/<part>.env
#   (CLICKHOUSE_URL, DATABASE_URL, DOCKER_HOST, ...). A part that ./dev started
#   itself also leaves $DEV_DIR/<part>/started-by-dev, so `down` stops only those.

REPO_ROOT=${REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
DEV_DIR=${DEV_DIR:-$REPO_ROOT/.dev}
# Where ./dev receiver listens, and where ./dev up points the demo workspace's webhook channel.
RECEIVER_PORT=${TRACEHOUND_RECEIVER_PORT:-9099}
mkdir -p "$DEV_DIR"

say()  { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[33m[dev] warning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[31m[dev] error:\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# apt_install PKG...: installs Debian packages that are missing, or says exactly
# what to run when this user cannot.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! is_root; then
    die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  if [ ! -f "$DEV_DIR/.apt-updated" ] || [ -n "$(find "$DEV_DIR/.apt-updated" -mmin +720 2>/dev/null)" ]; then
    apt-get update -qq >"$DEV_DIR/apt.log" 2>&1 || warn "apt-get update failed (see $DEV_DIR/apt.log); trying the install anyway"
    touch "$DEV_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$DEV_DIR/apt.log" 2>&1 \
    || die "apt-get install ${missing[*]} failed; the last lines of $DEV_DIR/apt.log:
$(tail -n 15 "$DEV_DIR/apt.log")"
}

# free_port PREFERRED: prints PREFERRED if nothing listens there, else the next free port above it.
free_port() {
  local port=$1
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -gt $(($1 + 200)) ] && die "no free port between $1 and $port on 127.0.0.1"
  done
  echo "$port"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for SECONDS COMMAND...: retries COMMAND once a second until it succeeds.
wait_for() {
  local secs=$1; shift
  local i
  for ((i = 0; i < secs; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# copy_exec_jar MODULE: copies MODULE/target/MODULE-*-exec.jar to $DEV_DIR/MODULE.jar and prints that
# path. A copy runs, as for the service: ./dev test rebuilds MODULE/target while the server runs.
copy_exec_jar() {
  local module=$1 jar
  # shellcheck disable=SC2012
  jar=$(ls -t "$REPO_ROOT/$module/target/$module"-*-exec.jar 2>/dev/null | head -n 1)
  [ -n "$jar" ] || die "no $module/target/$module-*-exec.jar; the build (app_build) should have made it, see $DEV_DIR/build.log"
  cp "$jar" "$DEV_DIR/$module.jar"
  echo "$DEV_DIR/$module.jar"
}

# await_answer PIDFILE NAME LOG SECONDS CHECK ARG: a development server just started in the
# background (its pid in PIDFILE) until `CHECK ARG` succeeds; dies with the end of LOG if it stops
# first, or stops it and dies if it does not answer within SECONDS.
await_answer() {
  local pidfile=$1 name=$2 log=$3 seconds=$4 check=$5 arg=$6 pid i
  pid=$(cat "$pidfile")
  for ((i = 0; i < seconds * 2; i++)); do
    "$check" "$arg" && return 0
    if ! pid_alive "$pid"; then
      rm -f "$pidfile"
      die "$name stopped during start-up; the end of $log:
$(tail -n 20 "$log")"
    fi
    sleep 0.5
  done
  "$check" "$arg" && return 0
  stop_pidfile "$pidfile" "$name"
  die "$name did not answer at $arg within $seconds s; see $log"
}

# stop_pidfile FILE NAME: TERM, then KILL after 20 s, the process in FILE.
stop_pidfile() {
  local file=$1 name=$2 pid i
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if pid_alive "$pid"; then
    say "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null
    for ((i = 0; i < 20; i++)); do pid_alive "$pid" || break; sleep 1; done
    pid_alive "$pid" && { warn "$name did not stop in 20 s; killing it"; kill -9 "$pid" 2>/dev/null; }
  fi
  rm -f "$file"
}

# java_env: JAVA_HOME for a Java 25 JDK (Temurin preferred).
java_env() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
    export JAVA_HOME; return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME=$candidate; return 0; fi
  done
  die "no Java 25 JDK found. Install Temurin 25 (or any JDK 25) under /usr/lib/jvm, or set JAVA_HOME to one."
}

# require_commands CMD:PACKAGE...: installs the Debian package of each missing command.
require_commands() {
  local pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || apt_install "${pair#*:}"
  done
}

# load_env: the variables every part recorded, for the service and the tests.
load_env() {
  local f
  # shellcheck disable=SC1090
  for f in "$DEV_DIR"/*.env; do [ -f "$f" ] && . "$f"; done
  return 0
}
