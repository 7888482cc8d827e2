#!/usr/bin/env bash
# Runs `make test` from a fresh clone of this repository's HEAD inside a Debian chroot,
# to check the release this machine is not (the suite must pass on Debian 12 and 13).
#
#   sudo scripts/test-in-chroot.sh [--release trixie|bookworm] [--cache DIR] [--rebuild]
#                                  [--mirror URL] [-- MAKE-ARGS...]
#
# MAKE-ARGS replace the default `test` (e.g. `-- setup`, or `-- test PYTEST_ARGS=-x`).
#
# The chroot is built once with debootstrap (minbase plus git, make, python3) and kept
# under DIR/<release> (default /var/cache/koffer-chroots/<release>); the security and
# point-release updates are installed into it on every run, as on a machine kept up to
# date. Every run clones HEAD afresh (uncommitted changes are not tested: commit first)
# and runs `make test` there, so `make setup` installs the system packages and the
# Python environment the way it does on a new machine. `--rebuild` starts from a new
# chroot (the packages that `make setup` installed into the old one go with it).
#
# /proc, /sys, /dev, /dev/pts and /dev/shm are mounted for the run and unmounted
# afterwards; /tmp is the chroot's own. Daemons that package scripts would start are
# kept from starting (policy-rc.d), and every process still running inside the chroot
# at the end is stopped, so nothing is left behind on the host.
set -euo pipefail

release=trixie
cache=/var/cache/koffer-chroots
rebuild=0
mirror=""
make_args=(test)
while [ $# -gt 0 ]; do
  case "$1" in
    --release) release="$2"; shift 2 ;;
    --cache) cache="$2"; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    --mirror) mirror="$2"; shift 2 ;;
    --) shift; make_args=("$@"); break ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$release" in
  bookworm | trixie) ;;
  *) echo "release must be bookworm (Debian 12) or trixie (Debian 13), not '$release'" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  echo "debootstrap and chroot need root: sudo $0 $*" >&2
  exit 1
fi

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse HEAD)
root="$cache/$release"
mkdir -p "$cache"

# One run per chroot at a time.
exec 9>"$cache/$release.lock"
if ! flock -n 9; then
  echo "another run uses $root; waiting for it …" >&2
  flock 9
fi

if ! command -v debootstrap >/dev/null; then
  echo "Installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

mounted=()
unmount_all() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
}
stop_chroot_processes() {
  # Processes whose root is the chroot, one by one by their pid (the test run's own
  # helpers, should any have outlived it).
  local link pid signal
  for signal in TERM KILL; do
    for link in /proc/[0-9]*/root; do
      pid=${link#/proc/}
      pid=${pid%/root}
      [ "$(readlink "$link" 2>/dev/null)" = "$root" ] || continue
      kill "-$signal" "$pid" 2>/dev/null || true
    done
    if [ "$signal" = TERM ]; then sleep 1; fi
  done
  return 0
}
cleanup() {
  set +e
  stop_chroot_processes
  unmount_all
}
trap cleanup EXIT

mount_into() {
  # mount_into TARGET MOUNT-ARGS...: mount inside the chroot and remember it
  local target="$root$1"
  shift
  mkdir -p "$target"
  mount "$@" "$target"
  mounted+=("$target")
}

if [ "$rebuild" -eq 1 ] && [ -d "$root" ]; then
  echo "Removing the old $release chroot"
  stop_chroot_processes
  # never follow into anything still mounted
  if grep -q " $root/" /proc/mounts; then
    echo "something is still mounted under $root; not removing it" >&2
    exit 1
  fi
  rm -rf --one-file-system "$root"
fi

if [ ! -e "$root/.koffer-chroot-ready" ]; then
  echo "Building a Debian $release chroot in $root (once; later runs reuse it)"
  rm -rf --one-file-system "$root"
  # No mirror argument: debootstrap's own default Debian mirror.
  debootstrap --variant=minbase \
    --include=ca-certificates,git,make,python3,python3-venv,procps \
    "$release" "$root" ${mirror:+"$mirror"}
  touch "$root/.koffer-chroot-ready"
fi

# Package scripts must not start daemons (cupsd, postgresql) in the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# The machine's own certificate authorities (a site's TLS proxy, say) are trusted inside
# as well, or pip and uv could not reach the package index from the chroot.
local_cas=(/usr/local/share/ca-certificates/*)
if [ -e "${local_cas[0]}" ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null
fi

# The updates a fresh install gets: the release's security and point-release suites,
# from the same mirror debootstrap used (its line in the chroot's sources.list).
base_line=$(grep -m1 "^deb .* $release main" "$root/etc/apt/sources.list")
base_uri=$(echo "$base_line" | awk '{print $2}')
{
  echo "deb $base_uri $release main"
  echo "deb $base_uri $release-updates main"
  echo "deb ${base_uri%/}-security $release-security main"
} >"$root/etc/apt/sources.list"

mount_into /proc -t proc proc
mount_into /sys -t sysfs sysfs
mount_into /dev --bind /dev
mount_into /dev/pts --bind /dev/pts
mount_into /dev/shm -t tmpfs -o mode=1777,nosuid,nodev tmpfs

# A clean environment inside, but for how this machine reaches the package indexes
# (proxy, certificate bundle), which a fresh machine at the same site would have too.
passed_env=()
for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY \
  SSL_CERT_FILE SSL_CERT_DIR PIP_CERT REQUESTS_CA_BUNDLE CURL_CA_BUNDLE; do
  if [ -n "${!name:-}" ]; then passed_env+=("$name=${!name}"); fi
done
in_chroot() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${passed_env[@]}" "$@"
}

echo "Updating the chroot (security and point-release updates)"
in_chroot bash -c 'export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get -y -qq dist-upgrade >/dev/null'

# A fresh clone of exactly the commit to test, and an empty /tmp.
work=/root/koffer-test
rm -rf --one-file-system "${root:?}$work" "${root:?}/tmp"
mkdir -m 1777 "$root/tmp"
mkdir -p "$root$work"
git clone --quiet --no-local "$repo" "$root$work/koffer"
git -C "$root$work/koffer" checkout --quiet --detach "$commit"

echo "Debian $(cat "$root/etc/debian_version") ($release): make ${make_args[*]} at ${commit:0:12}"
started=$(date +%s)
status=0
in_chroot bash -c "cd $work/koffer && make $(printf '%q ' "${make_args[@]}")" || status=$?
echo "make ${make_args[*]} in the $release chroot: exit $status after $(($(date +%s) - started)) s"
exit "$status"
