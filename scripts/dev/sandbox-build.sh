# shellcheck shell=bash
# The sandbox image for ./dev. Sourced after lib.sh and docker.sh (it runs on that engine);
# defines functions only.
#
#   sandbox_image_ensure  builds tracehound-sandbox:<recipe hash> from a local
#                         debootstrap (never pulled); writes $DEV_DIR/sandbox-image.env
#
# The recipe is sandbox-image.sh. Optional settings: TRACEHOUND_DEBIAN_MIRROR (default: the
# host's apt mirror), TRACEHOUND_SANDBOX_REBUILD=1 (rebuild the image even if cached).

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
