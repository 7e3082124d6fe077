# shellcheck shell=bash
# Docker engine for ./dev. Sourced after lib.sh; defines functions only. The sandbox
# image is built by sandbox-build.sh.
#
#   docker_up             find a reachable engine, or start our own dockerd;
#                         writes $DEV_DIR/docker.env (DOCKER_HOST)
#   docker_down           stops the engine only if docker_up started it
#
# Our own engine keeps its state in $DEV_DIR/docker/: data root (images, kept
# across down/up), daemon.json, dockerd.pid, dockerd.log, started-by-dev. Its
# socket and exec root (containerd's sockets live there) are there too unless
# the path is too long for a unix socket; then they go to
# /tmp/tracehound-docker-<hash of $DEV_DIR>/.
#
# Optional settings: TRACEHOUND_DOCKER_STORAGE_DRIVER (default overlay2),
# (TRACEHOUND_DEBIAN_MIRROR and TRACEHOUND_SANDBOX_REBUILD: see sandbox-build.sh.)

# ---------------------------------------------------------------------------
# docker_up
# ---------------------------------------------------------------------------

docker_up() {
  _docker_paths
  local own_host="unix://$_DK_SOCK" pid
  _DK_HOST_PROBLEM=""

  if ! command -v docker >/dev/null 2>&1; then
    say "the docker CLI is missing"
    apt_install docker.io
  fi

  # 1. An engine the user chose.
  if [ -n "${DOCKER_HOST:-}" ]; then
    if _docker_ping "$DOCKER_HOST"; then
      say "using the Docker engine at DOCKER_HOST=$DOCKER_HOST"
      _docker_write_env "$DOCKER_HOST"
      [ "$DOCKER_HOST" = "$own_host" ] && _docker_sandbox_network
      return 0
    fi
    if [ "$DOCKER_HOST" != "$own_host" ]; then
      _DK_HOST_PROBLEM="DOCKER_HOST=$DOCKER_HOST does not answer: $(_docker_ping_error "$DOCKER_HOST")"
      warn "$_DK_HOST_PROBLEM; falling back to a local engine"
    fi
  # 2. The system engine.
  elif [ -S /var/run/docker.sock ] && _docker_ping unix:///var/run/docker.sock; then
    say "using the system Docker engine at /var/run/docker.sock"
    _docker_write_env unix:///var/run/docker.sock
    return 0
  fi

  # 3. Our own dockerd from an earlier `up`.
  pid=$(_docker_own_pid)
  if [ -n "$pid" ]; then
    say "reusing our dockerd (pid $pid, socket $_DK_SOCK)"
    _docker_wait_ready 60 "" ||
      die "our dockerd (pid $pid) is running but does not answer on $_DK_SOCK; run ./dev down and retry. From $_DK_LOG:
$(_docker_log_excerpt)"
    touch "$_DK_MARKER"
    _docker_write_env "$own_host"
    _docker_sandbox_network
    return 0
  fi

  # 4. Start our own.
  _docker_start_own
  _docker_sandbox_network
}

# _docker_sandbox_network: our dockerd runs without the default bridge, so sandboxes that a
# person lets use the network join a bridge network of their own (no NAT: they reach this
# host, and further only as its routing allows).
_docker_sandbox_network() {
  local name=tracehound-sandboxes
  if ! DOCKER_HOST="unix://$_DK_SOCK" docker network inspect "$name" >/dev/null 2>&1; then
    DOCKER_HOST="unix://$_DK_SOCK" docker network create --driver bridge "$name" >/dev/null ||
      die "could not create the Docker network $name for networked sandboxes"
  fi
  printf 'export TRACEHOUND_SANDBOX_BRIDGE_NETWORK=%s\n' "$name" >>"$DEV_DIR/docker.env"
  export TRACEHOUND_SANDBOX_BRIDGE_NETWORK=$name
}

_docker_start_own() {
  local own_host="unix://$_DK_SOCK" dockerd_bin bg
  is_root || die "$(_docker_need_root_msg)"
  if ! _docker_bin dockerd >/dev/null || ! _docker_bin containerd >/dev/null; then
    apt_install docker.io
  fi
  dockerd_bin=$(_docker_bin dockerd) || die "dockerd is missing even after installing docker.io"

  mkdir -p "$_DK_STATE" "$_DK_DATA" || die "cannot create $_DK_STATE"
  _docker_make_run_dir
  # Our own daemon.json, so /etc/docker/daemon.json cannot interfere; it also
  # keeps dockerd 20.10's identity key out of /etc/docker/key.json.
  printf '{\n  "deprecated-key-path": "%s"\n}\n' "$_DK_STATE/key.json" >"$_DK_CONFIG" ||
    die "cannot write $_DK_CONFIG"
  printf '\n=== %s: dockerd started by ./dev ===\n' "$(date '+%F %T')" >>"$_DK_LOG"

  say "starting dockerd (socket $_DK_SOCK, data root $_DK_DATA, log $_DK_LOG)"
  # setsid: its own session, so a Ctrl-C in the terminal that ran ./dev does not
  # reach it. No inherited descriptors: it must not keep ./dev's flock (fd 9) or a
  # caller's pipe open. No bridge and no iptables/ip_forward changes: containers
  # get --network none or host, and the host's network setup stays untouched.
  (
    _docker_close_fds
    exec setsid "$dockerd_bin" \
      --config-file "$_DK_CONFIG" \
      --host "$own_host" \
      --data-root "$_DK_DATA" \
      --exec-root "$_DK_EXEC" \
      --pidfile "$_DK_PIDFILE" \
      --storage-driver "${TRACEHOUND_DOCKER_STORAGE_DRIVER:-overlay2}" \
      --iptables=false --ip6tables=false --ip-forward=false --bridge=none
  ) </dev/null >>"$_DK_LOG" 2>&1 &
  bg=$!
  touch "$_DK_MARKER"

  local rc=0
  _docker_wait_ready 60 "$bg" || rc=$?
  if [ "$rc" != 0 ]; then
    local why="dockerd exited during startup" excerpt
    [ "$rc" = 1 ] && why="dockerd did not answer on $_DK_SOCK within 60 s"
    excerpt=$(_docker_log_excerpt)
    _docker_stop_own >/dev/null 2>&1 || true
    die "$why. From $_DK_LOG:
$excerpt"
  fi
  _docker_write_env "$own_host"
  say "dockerd is ready (pid $(_docker_own_pid), $(_docker_server_version "$own_host"))"
}

# _docker_wait_ready SECONDS BGPID: waits for our socket to answer. Fails with 1
# on timeout, with 2 as soon as no dockerd of ours runs any more.
_docker_wait_ready() {
  local deadline=$((SECONDS + $1)) bg=$2
  while ((SECONDS < deadline)); do
    _docker_ping "unix://$_DK_SOCK" && return 0
    if [ -z "$(_docker_own_pid)" ] && ! pid_alive "$bg"; then
      sleep 1 # it may just have written its pidfile
      [ -n "$(_docker_own_pid)" ] || return 2
    fi
    sleep 1
  done
  return 1
}

# _docker_log_excerpt: the errors of dockerd's latest start, then its last lines.
_docker_log_excerpt() {
  local run errors
  run=$(awk '/^=== .*dockerd started by/ { buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }' "$_DK_LOG" 2>/dev/null)
  errors=$(grep -E 'level=(error|fatal)|^failed to start|^Error' <<<"$run" | tail -n 5)
  [ -n "$errors" ] && printf 'errors:\n%s\n' "$errors"
  printf 'last lines:\n%s\n' "$(tail -n 10 <<<"$run")"
}

_docker_need_root_msg() {
  local msg="no Docker engine is reachable, and starting one for ./dev needs root (dockerd runs as root). Either:
  - run ./dev up as root once (sudo ./dev up): it then runs its own dockerd with its state in $_DK_STATE; or
  - point DOCKER_HOST at an engine you may use, e.g. export DOCKER_HOST=unix:///var/run/docker.sock"
  [ -n "${_DK_HOST_PROBLEM:-}" ] && msg="$msg
    ($_DK_HOST_PROBLEM)"
  if [ -S /var/run/docker.sock ] && [ ! -w /var/run/docker.sock ]; then
    msg="$msg
    (/var/run/docker.sock exists but $(id -un) may not use it: sudo usermod -aG docker $(id -un), then log in again)"
  elif [ ! -S /var/run/docker.sock ]; then
    msg="$msg
    (no engine listens there now: sudo apt-get install docker.io && sudo systemctl start docker)"
  fi
  printf '%s' "$msg"
}

# ---------------------------------------------------------------------------
# docker_down
# ---------------------------------------------------------------------------

docker_down() {
  _docker_paths
  if [ ! -f "$_DK_MARKER" ]; then
    [ -f "$DEV_DIR/docker.env" ] && say "Docker engine not started by ./dev; leaving it alone"
    return 0
  fi
  _docker_stop_own
  rm -f "$DEV_DIR/docker.env"
  say "dockerd stopped (images kept in $_DK_DATA)"
}

# _docker_stop_own: our labelled containers, dockerd, its containerd and shims,
# leftover mounts, the marker. Only processes whose command line names our exec
# root are touched.
_docker_stop_own() {
  local host="unix://$_DK_SOCK" pid ids p shims rr id runc
  pid=$(_docker_own_pid)

  if [ -n "$pid" ] && _docker_ping "$host"; then
    ids=$(timeout 30 docker -H "$host" ps -aq --filter "label=dev.tracehound.managed=true" 2>/dev/null || true)
    if [ -n "$ids" ]; then
      say "removing $(wc -w <<<"$ids") container(s) labelled dev.tracehound.managed=true"
      # shellcheck disable=SC2086 # one id a word
      timeout 120 docker -H "$host" rm -f $ids >/dev/null || warn "could not remove some containers"
    fi
  fi

  if [ -n "$pid" ]; then
    say "stopping dockerd (pid $pid)"
    _docker_kill_wait "$pid" dockerd 30
  fi

  # dockerd stops its containerd on a clean exit; after a crash or a KILL it may not.
  for p in $(_docker_pids_matching containerd "$_DK_EXEC/containerd/containerd.toml"); do
    warn "containerd (pid $p) outlived dockerd; stopping it"
    _docker_kill_wait "$p" containerd 10
  done
  shims=$(_docker_pids_matching containerd-shim "$_DK_EXEC/containerd/containerd.sock")
  if [ -n "$shims" ]; then
    warn "containerd shims left behind ($(tr '\n' ' ' <<<"$shims")); killing their containers and them"
    rr="$_DK_EXEC/runtime-runc/moby"
    if [ -d "$rr" ] && runc=$(_docker_bin runc); then
      for id in $("$runc" --root "$rr" list -q 2>/dev/null); do
        "$runc" --root "$rr" delete --force "$id" >/dev/null 2>&1 || true
      done
    fi
    for p in $shims; do _docker_kill_wait "$p" containerd-shim 5; done
  fi

  _docker_umount_under "$_DK_EXEC"
  _docker_umount_under "$_DK_DATA"
  rm -f "$_DK_MARKER" "$_DK_SOCK"
  [ -n "$(_docker_own_pid)" ] || rm -f "$_DK_PIDFILE"
  return 0
}
