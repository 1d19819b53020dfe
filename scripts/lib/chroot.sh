# shellcheck shell=bash
# A throwaway minimal Debian for tests (scripts/test-in-chroot, tests/package/install_in_chroot.sh):
# a debootstrap minbase per suite, made once and cached, copied fresh for each run, with /dev,
# /proc and /sys mounted, and removed (or kept) on exit. Needs root and Debian's archive.
#   MOCKGATE_CHROOT_CACHE  where the pristine bases live (default /var/cache/mockgate-chroots)
#   MOCKGATE_MIRROR        the Debian mirror (default http://deb.debian.org/debian)

# Sets chroot_target to a fresh copy of SUITE's base; KEEP=1 leaves it in place on exit.
mockgate_chroot_prepare() {
  local suite=$1
  chroot_keep=${2:-0}
  if ((EUID != 0)); then
    echo "chroot: needs root (debootstrap, chroot, mounts)" >&2
    exit 2
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "chroot: installing debootstrap" >&2
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
  fi
  local cache=${MOCKGATE_CHROOT_CACHE:-/var/cache/mockgate-chroots}
  local mirror=${MOCKGATE_MIRROR:-http://deb.debian.org/debian}
  local base=$cache/$suite
  mkdir -p "$cache"
  if [[ ! -f $base/.mockgate-complete ]]; then
    echo "chroot: making the $suite base in $base (once)" >&2
    rm -rf "$base"
    debootstrap --variant=minbase "$suite" "$base" "$mirror"
    touch "$base/.mockgate-complete"
  fi
  chroot_work=$(mktemp -d "$cache/run-$suite.XXXXXX")
  chroot_target=$chroot_work/root
  trap mockgate_chroot_cleanup EXIT
  echo "chroot: copying the $suite base" >&2
  cp -a "$base" "$chroot_target"
  cp /etc/resolv.conf "$chroot_target/etc/resolv.conf" 2>/dev/null || true
  mount --bind /dev "$chroot_target/dev"
  mount --bind /dev/pts "$chroot_target/dev/pts"
  mount -t proc proc "$chroot_target/proc"
  mount -t sysfs sys "$chroot_target/sys"
}

mockgate_chroot_cleanup() {
  local m
  for m in dev/pts dev proc sys; do
    mountpoint -q "$chroot_target/$m" && umount -l "$chroot_target/$m"
  done
  if ((chroot_keep)); then
    echo "chroot: kept $chroot_target" >&2
  else
    rm -rf "$chroot_work"
  fi
  return 0
}

# Runs COMMAND with bash in the chroot, in a clean environment.
mockgate_chroot_run() {
  chroot "$chroot_target" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive /bin/bash -c "$1"
}
