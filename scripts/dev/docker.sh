# shellcheck shell=bash
# Docker engine and sandbox image for ./dev. Sourced after lib.sh; defines
# functions only.
#
#   docker_up             find a reachable engine, or start our own dockerd;
#                         writes $DEV_DIR/docker.env (DOCKER_HOST)
#   docker_down           stops the engine only if docker_up started it
#   sandbox_image_ensure  builds tracehound-sandbox:<recipe hash> from a local
#                         debootstrap (never pulled); writes $DEV_DIR/sandbox-image.env
#
# Our own engine keeps its state in $DEV_DIR/docker/: data root (images, kept
# across down/up), daemon.json, dockerd.pid, dockerd.log, started-by-dev. Its
# socket and exec root (containerd's sockets live there) are there too unless
# the path is too long for a unix socket; then they go to
# /tmp/tracehound-docker-<hash of $DEV_DIR>/.
#
# Optional settings: TRACEHOUND_DOCKER_STORAGE_DRIVER (default overlay2),
# TRACEHOUND_DEBIAN_MIRROR (default: the host's apt mirror),
# TRACEHOUND_SANDBOX_REBUILD=1 (rebuild the sandbox image even if cached).

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

# ---------------------------------------------------------------------------
# sandbox_image_ensure
# ---------------------------------------------------------------------------

sandbox_image_ensure() {
  local recipe hash image latest label mirror arch log
  recipe="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sandbox-image.sh"
  [ -f "$recipe" ] || die "the sandbox image recipe $recipe is missing"
  _docker_require_engine

  mirror=$(_sandbox_mirror)
  arch=$(dpkg --print-architecture 2>/dev/null) || die "dpkg is missing: the sandbox image is built with Debian tools (debootstrap) on a Debian host"
  hash=$({ cat "$recipe"; printf '\nmirror=%s\narch=%s\n' "$mirror" "$arch"; } | sha256sum | cut -d' ' -f1)
  image="tracehound-sandbox:${hash:0:12}"
  latest="tracehound-sandbox:latest"

  if [ -z "${TRACEHOUND_SANDBOX_REBUILD:-}" ] &&
    label=$(docker image inspect --format '{{ index .Config.Labels "dev.tracehound.recipe" }}' "$image" 2>/dev/null) &&
    [ "$label" = "$hash" ]; then
    docker tag "$image" "$latest" || die "docker tag $image $latest failed"
    say "sandbox image $image is cached; not rebuilding"
    _sandbox_write_env "$image"
    return 0
  fi

  # Building needs root: debootstrap chroots, creates device nodes and sets owners.
  if ! is_root; then
    local need="root"
    _docker_bin debootstrap >/dev/null || need="root and the debootstrap package (sudo apt-get install -y debootstrap)"
    die "the sandbox image $image has to be built here, and building it needs $need: debootstrap chroots, creates device nodes and sets file owners. Run once as root: sudo ./dev up (the image is cached afterwards)."
  fi
  _docker_bin debootstrap >/dev/null || apt_install debootstrap
  _docker_bin chroot >/dev/null || die "chroot (coreutils) is missing"

  local old_id
  old_id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  log="$DEV_DIR/sandbox-image.log"
  : >"$log"
  say "building sandbox image $image: debootstrap bookworm/$arch from $mirror, then docker import. This takes a few minutes; log: $log"
  (_sandbox_build "$recipe" "$hash" "$image" "$mirror" "$arch" "$log") ||
    die "building the sandbox image failed. The last lines of $log:
$(tail -n 20 "$log")"
  docker tag "$image" "$latest" || die "docker tag $image $latest failed"
  # A forced rebuild leaves the previous build of this tag untagged: drop it
  # unless a container still uses it.
  if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null)" ]; then
    if docker rmi "$old_id" >/dev/null 2>&1; then
      say "removed the previous build of $image ($(cut -c8-19 <<<"$old_id"))"
    fi
  fi
  _sandbox_write_env "$image"
}

# _sandbox_build RECIPE HASH IMAGE MIRROR ARCH LOG: runs in a subshell, so its
# traps and shell options stay there. Every step is checked by hand: errexit is
# switched off (in `( ) ||` bash ignores it anyway, but not inside traps).
_sandbox_build() {
  local recipe=$1 hash=$2 image=$3 mirror=$4 arch=$5 log=$6
  local tmp rootfs t0 t1 t2 changes=() line size id me=$BASHPID
  set +e -o pipefail
  PATH="$PATH:/usr/sbin:/sbin" # debootstrap, chroot, useradd

  # One build at a time per state dir; holding the lock, any other build dir is
  # the leftover of a killed build.
  local lock stale
  exec {lock}>"$DEV_DIR/sandbox-image.lock" || return 1
  if ! flock -n "$lock"; then
    warn "another sandbox image build is running in $DEV_DIR; wait for it to finish, then run this again"
    return 1
  fi
  for stale in "$DEV_DIR"/sandbox-build.*/; do
    [ -d "$stale" ] || continue
    stale=${stale%/}
    warn "removing $stale, left by an interrupted build"
    _docker_umount_under "$stale"
    if [ -n "$(_docker_mounts_under "$stale")" ]; then
      warn "cannot unmount everything under $stale; leaving it"
    else
      rm -rf --one-file-system "$stale"
    fi
  done

  tmp=$(mktemp -d "$DEV_DIR/sandbox-build.XXXXXX") || return 1
  rootfs="$tmp/rootfs"
  _SB_TMP=$tmp _SB_TICKER=""
  exec {_SB_STDERR}>&2 # the cleanup reports here even if it runs inside a redirection
  trap '_sandbox_build_cleanup' EXIT
  trap 'exit 130' INT TERM HUP

  # shellcheck source-path=SCRIPTDIR source=sandbox-image.sh
  . "$recipe" || return 1

  t0=$(date +%s)
  _sandbox_ticker "$me" "$log" "$t0" &
  _SB_TICKER=$!
  say "  debootstrap: downloading and unpacking packages"
  if ! sandbox_rootfs_bootstrap "$rootfs" "$mirror" "$arch" >>"$log" 2>&1; then
    warn "debootstrap failed (see $log)"
    return 1
  fi
  kill "$_SB_TICKER" 2>/dev/null || true
  _SB_TICKER=""
  t1=$(date +%s)
  say "  debootstrap done in $((t1 - t0)) s"

  # Never customize (it deletes files) or tar a tree that still has mounts in it.
  _docker_umount_under "$rootfs"
  if [ -n "$(_docker_mounts_under "$rootfs")" ]; then
    warn "file systems are still mounted under $rootfs: $(_docker_mounts_under "$rootfs" | tr '\n' ' ')"
    return 1
  fi
  say "  adding user sandbox (1000:1000) and /workspace, removing docs and caches"
  sandbox_rootfs_customize "$rootfs" >>"$log" 2>&1 || { warn "customizing the rootfs failed (see $log)"; return 1; }
  size=$(du -sh --one-file-system "$rootfs" 2>/dev/null | cut -f1)

  while IFS= read -r line; do
    [ -n "$line" ] && changes+=(--change "$line")
  done < <(sandbox_image_changes)
  changes+=(--change "LABEL dev.tracehound.recipe=$hash")

  say "  importing the rootfs ($size) into Docker as $image"
  id=$(tar --numeric-owner --one-file-system -C "$rootfs" -cf - . |
    docker import "${changes[@]}" --message "tracehound sandbox, recipe $hash" - "$image" 2>>"$log") ||
    { warn "docker import failed (see $log)"; return 1; }
  t2=$(date +%s)
  printf 'imported %s as %s\n' "$id" "$image" >>"$log"
  size=$(docker image inspect --format '{{.Size}}' "$image" 2>/dev/null | awk '{printf "%.0f MB", $1/1000000}')
  say "  sandbox image $image built in $((t2 - t0)) s (debootstrap $((t1 - t0)) s, customize+import $((t2 - t1)) s), $size"
}

_sandbox_build_cleanup() {
  set +e
  [ -n "${_SB_STDERR:-}" ] && exec 2>&"$_SB_STDERR"
  [ -n "${_SB_TICKER:-}" ] && { kill "$_SB_TICKER" 2>/dev/null || true; }
  [ -n "${_SB_TMP:-}" ] && [ -d "$_SB_TMP" ] || return 0
  _docker_umount_under "$_SB_TMP"
  if [ -n "$(_docker_mounts_under "$_SB_TMP")" ]; then
    warn "not deleting $_SB_TMP: file systems are still mounted under it (umount them, then rm -rf it)"
    return 0
  fi
  rm -rf --one-file-system "$_SB_TMP" || warn "could not delete $_SB_TMP"
  return 0
}

# _sandbox_ticker PARENT LOG T0: every 15 s, the elapsed time and debootstrap's
# latest step; ends within a second of PARENT.
_sandbox_ticker() {
  local parent=$1 log=$2 t0=$3 line i
  while :; do
    for ((i = 0; i < 15; i++)); do
      sleep 1
      kill -0 "$parent" 2>/dev/null || return 0
    done
    line=$(grep '^I: ' "$log" 2>/dev/null | tail -n 1)
    say "  ... $(($(date +%s) - t0)) s: ${line#I: }"
  done
}

_sandbox_write_env() {
  printf 'export TRACEHOUND_SANDBOX_IMAGE=%s\n' "$1" >"$DEV_DIR/sandbox-image.env"
  export TRACEHOUND_SANDBOX_IMAGE=$1
}

# _sandbox_mirror: the host's Debian mirror (deb822 debian.sources, then
# sources.list), skipping security mirrors; http://deb.debian.org/debian if none.
_sandbox_mirror() {
  local uri=""
  if [ -n "${TRACEHOUND_DEBIAN_MIRROR:-}" ]; then
    uri=$TRACEHOUND_DEBIAN_MIRROR
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk 'BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          l = $i
          if (l ~ /^[ \t]*#/) continue
          k = tolower(l); sub(/:.*/, "", k)
          v = l; sub(/^[^:]*:[ \t]*/, "", v)
          if (k == "types") types = v
          else if (k == "uris") uris = v
          else if (k == "enabled") enabled = tolower(v)
        }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        n = split(uris, u, /[ \t]+/)
        for (j = 1; j <= n; j++) if (u[j] != "" && u[j] !~ /security/) { print u[j]; exit }
      }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($i != "" && $i !~ /security/) { print $i; exit }
      }' /etc/apt/sources.list 2>/dev/null || true)
  fi
  case $uri in
    http://* | https://* | ftp://* | file:/*) ;;
    *) uri=http://deb.debian.org/debian ;;
  esac
  printf '%s\n' "${uri%/}"
}

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

# _docker_paths: where our own engine lives (sets the _DK_* globals).
_docker_paths() {
  local dev rundir longest
  dev=$(cd "$DEV_DIR" && pwd -P) || die "cannot enter DEV_DIR=$DEV_DIR"
  _DK_STATE="$dev/docker"
  _DK_DATA="$_DK_STATE/data"
  _DK_PIDFILE="$_DK_STATE/dockerd.pid"
  _DK_LOG="$_DK_STATE/dockerd.log"
  _DK_CONFIG="$_DK_STATE/daemon.json"
  _DK_MARKER="$_DK_STATE/started-by-dev"
  # A unix socket path holds at most 107 bytes. Besides docker.sock, containerd
  # puts containerd.sock(.ttrpc) and containerd-debug.sock under
  # <exec-root>/containerd/ (33 more bytes) and libnetwork <exec-root>/libnetwork/<id>.sock.
  rundir=$_DK_STATE
  longest="$rundir/exec/containerd/containerd-debug.sock"
  if [ ${#longest} -gt 107 ]; then
    rundir="/tmp/tracehound-docker-$(printf '%s' "$dev" | sha256sum | cut -c1-12)"
  fi
  _DK_RUN=$rundir
  _DK_SOCK="$rundir/docker.sock"
  _DK_EXEC="$rundir/exec"
}

# _docker_make_run_dir: the short run dir under /tmp must be ours, not a symlink.
_docker_make_run_dir() {
  if [ "$_DK_RUN" != "$_DK_STATE" ]; then
    [ -d "$_DK_RUN" ] || mkdir -m 0711 "$_DK_RUN" 2>/dev/null || true
    if [ -L "$_DK_RUN" ] || [ ! -d "$_DK_RUN" ] || [ ! -O "$_DK_RUN" ]; then
      die "$_DK_RUN (short path for dockerd's socket, since $_DK_STATE is too long for a unix socket) is not a directory owned by $(id -un); remove it and retry"
    fi
    say "$_DK_STATE is too long for unix sockets; dockerd's socket and exec root go to $_DK_RUN"
  fi
  mkdir -p "$_DK_EXEC" || die "cannot create $_DK_EXEC"
}

# _docker_close_fds: closes every descriptor above 2 (for a daemon about to be exec'd).
_docker_close_fds() {
  local fd
  for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

# _docker_bin NAME: NAME's path, also from the sbin dirs a non-root PATH lacks.
_docker_bin() {
  command -v "$1" 2>/dev/null && return 0
  local d
  for d in /usr/local/sbin /usr/sbin /sbin; do
    [ -x "$d/$1" ] && { printf '%s\n' "$d/$1"; return 0; }
  done
  return 1
}

# _docker_ping_error HOST: why the engine at HOST does not answer (one line).
_docker_ping_error() {
  local out
  out=$(timeout 5 docker -H "$1" version --format '{{.Server.Version}}' 2>&1 >/dev/null | grep -v '^[[:space:]]*$' | tail -n 1)
  printf '%s' "${out:-no answer within 5 s}"
}

# _docker_ping HOST: does the engine at HOST answer within 5 s?
_docker_ping() {
  timeout 5 docker -H "$1" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

_docker_server_version() {
  timeout 5 docker -H "$1" version --format 'Docker Engine {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo "version unknown"
}

_docker_write_env() {
  printf 'export DOCKER_HOST=%q\n' "$1" >"$DEV_DIR/docker.env"
  export DOCKER_HOST=$1
}

# _docker_require_engine: DOCKER_HOST from the environment or docker.env, answering.
_docker_require_engine() {
  if [ -z "${DOCKER_HOST:-}" ] && [ -f "$DEV_DIR/docker.env" ]; then
    # shellcheck disable=SC1091
    . "$DEV_DIR/docker.env"
  fi
  command -v docker >/dev/null 2>&1 || die "the docker CLI is missing; run docker_up (./dev up) first"
  if [ -n "${DOCKER_HOST:-}" ]; then
    _docker_ping "$DOCKER_HOST" || die "the Docker engine at DOCKER_HOST=$DOCKER_HOST does not answer; run ./dev up first"
  else
    timeout 5 docker version >/dev/null 2>&1 || die "no Docker engine answers; run ./dev up first"
  fi
}

# _docker_pids_matching COMM NEEDLE: processes named COMM (as in /proc/PID/comm,
# at most 15 chars) whose command line (args joined by spaces) contains NEEDLE.
_docker_pids_matching() {
  local comm=$1 needle=$2 d c cmd
  for d in /proc/[0-9]*; do
    { read -r c <"$d/comm"; } 2>/dev/null || continue
    [ "$c" = "$comm" ] || continue
    cmd=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null) || continue
    case $cmd in *"$needle"*) printf '%s\n' "${d#/proc/}" ;; esac
  done
}

# _docker_own_pid: the pid of our dockerd (by its pidfile, checked, else by its
# exec root on the command line); empty when none runs.
_docker_own_pid() {
  local pid="" c cmd
  if [ -f "$_DK_PIDFILE" ]; then
    pid=$(cat "$_DK_PIDFILE" 2>/dev/null || true)
    if pid_alive "$pid" && { read -r c <"/proc/$pid/comm"; } 2>/dev/null && [ "$c" = dockerd ]; then
      cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
      case $cmd in *"--exec-root $_DK_EXEC "*) printf '%s\n' "$pid"; return 0 ;; esac
    fi
  fi
  _docker_pids_matching dockerd "--exec-root $_DK_EXEC " | head -n 1
}

# _docker_kill_wait PID NAME SECONDS: TERM, wait, then KILL.
_docker_kill_wait() {
  local pid=$1 name=$2 secs=$3 i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < secs * 2; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.5
  done
  warn "$name (pid $pid) did not stop in $secs s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.5
  done
  warn "$name (pid $pid) is still there after KILL"
}

# _docker_mounts_under DIR: mount points at or below DIR, deepest first.
_docker_mounts_under() {
  local dir m
  dir=$(cd "$1" 2>/dev/null && pwd -P) || return 0
  while IFS= read -r m; do
    m=${m//\\040/ }; m=${m//\\011/$'\t'}; m=${m//\\012/$'\n'}; m=${m//\\134/\\}
    if [ "$m" = "$dir" ] || [[ $m == "$dir"/* ]]; then printf '%s\n' "$m"; fi
  done < <(awk '{ print $5 }' /proc/self/mountinfo) |
    awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-
}

# _docker_umount_under DIR: unmounts whatever is mounted at or below DIR.
_docker_umount_under() {
  local m
  while IFS= read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || warn "could not unmount $m"
  done < <(_docker_mounts_under "$1")
}
