# shellcheck shell=bash
# Recipe of the sandbox base image (tracehound-sandbox). Sourced by sandbox-build.sh
# (sandbox_image_ensure), only while building or hashing; defines functions only.
#
# Everything that decides what ends up in the image lives in this file: its whole
# text, the Debian mirror and the architecture are hashed into the image tag
# (tracehound-sandbox:<12 hex>), so any edit here gives a new tag and a rebuild,
# and nothing else does. Keep build mechanics (temp dirs, progress, docker import
# plumbing) in sandbox-build.sh.

# sandbox_rootfs_bootstrap DIR MIRROR ARCH: a minimal Debian bookworm rootfs in DIR.
sandbox_rootfs_bootstrap() {
  local dir=$1 mirror=$2 arch=$3
  debootstrap --variant=minbase --arch="$arch" \
    --include=bash,coreutils,git,python3,ca-certificates,procps \
    bookworm "$dir" "$mirror"
}

# sandbox_rootfs_customize DIR: the non-root user, /workspace, and slimming.
# Runs after bootstrap, once sandbox-build.sh has checked nothing is mounted under DIR.
sandbox_rootfs_customize() {
  local dir=${1:?}
  [ -x "$dir/usr/sbin/useradd" ] || { echo "no Debian rootfs in $dir" >&2; return 1; }

  # The sandbox user: uid/gid 1000, home /home/sandbox.
  _sandbox_chroot "$dir" groupadd --gid 1000 sandbox || return 1
  _sandbox_chroot "$dir" useradd --uid 1000 --gid 1000 --create-home \
    --home-dir /home/sandbox --shell /bin/bash sandbox || return 1
  install -d -m 0755 -o 1000 -g 1000 "$dir/workspace" || return 1

  # Keep docs, man pages and translations out, now and for later dpkg installs
  # (copyright files stay).
  mkdir -p "$dir/etc/dpkg/dpkg.cfg.d" || return 1
  printf '%s\n' \
    'path-exclude /usr/share/doc/*' \
    'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' \
    'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/groff/*' \
    'path-exclude /usr/share/lintian/*' \
    'path-exclude /usr/share/locale/*' \
    >"$dir/etc/dpkg/dpkg.cfg.d/tracehound-slim" || return 1
  find "$dir/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete || return 1
  find "$dir/usr/share/doc" -mindepth 1 -type d -empty -delete || return 1
  rm -rf "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/groff/* \
    "$dir"/usr/share/lintian/* "$dir"/usr/share/locale/* || return 1

  # apt caches and indexes, logs, backups, temp files.
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin \
    "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/archives/partial/* \
    "$dir"/var/cache/debconf/*-old "$dir"/var/lib/dpkg/*-old \
    "$dir"/var/log/* "$dir"/tmp/* "$dir"/var/tmp/* "$dir"/root/.bash_history || return 1

  # Docker supplies /dev, /etc/hosts, /etc/hostname and /etc/resolv.conf at run
  # time; do not ship the build host's.
  find "$dir/dev" -mindepth 1 -delete || return 1
  : >"$dir/etc/resolv.conf" || return 1
  printf 'sandbox\n' >"$dir/etc/hostname" || return 1
}

# sandbox_image_changes: the `docker import --change` instructions, one a line.
sandbox_image_changes() {
  printf '%s\n' \
    'USER sandbox' \
    'WORKDIR /workspace' \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV LANG=C.UTF-8' \
    'CMD ["/bin/bash"]'
}

_sandbox_chroot() {
  local dir=$1; shift
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C chroot "$dir" "$@"
}
