#!/usr/bin/env bash
# Installs a Swift 6 toolchain for the iOS shell's Linux tests: a Debian 13 (trixie) chroot with
# the `swiftlang` package, because Debian 12 has no Swift. Idempotent: the chroot is cached at
# $KULCS_SWIFT_ROOT (default /var/cache/kulcs/swift-trixie) and reused while it is complete.
#
# Needs root (debootstrap, chroot, mount). Network: the Debian mirror only.
set -euo pipefail

ROOT="${KULCS_SWIFT_ROOT:-/var/cache/kulcs/swift-trixie}"
MARKER="$ROOT/.kulcs-swift-ready"
log() { printf 'setup-swift: %s\n' "$*" >&2; }

# usr/bin/swift is an absolute symlink, valid only inside the chroot: test the link itself.
if [[ -f "$MARKER" && -L "$ROOT/usr/bin/swift" ]]; then
    log "cached toolchain at $ROOT ($(cat "$MARKER"))"
    exit 0
fi

[[ $(id -u) -eq 0 ]] || { log "must run as root (debootstrap, chroot)"; exit 1; }

# The Debian mirror this machine already uses (deb822 or one-line format), else the default.
mirror=$(grep -hoE 'https?://[^ ]*/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -v security | head -n 1 | tr -d ' ' || true)
mirror="${mirror:-http://deb.debian.org/debian}"

if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock 9

mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Never delete through a mount: a killed test run may have left the repository bind-mounted.
refuse_if_mounted() {
    if grep -qs " $ROOT/" /proc/mounts; then
        log "something is still mounted under $ROOT (see /proc/mounts); unmount it first"
        exit 1
    fi
}

if [[ ! -x "$ROOT/usr/bin/apt-get" || ! -f "$ROOT/.kulcs-debootstrap-done" ]]; then
    log "debootstrap trixie into $ROOT from $mirror"
    refuse_if_mounted
    rm -rf --one-file-system "$ROOT"
    debootstrap --variant=minbase trixie "$ROOT" "$mirror" >"$ROOT.debootstrap.log" 2>&1 \
        || { tail -n 20 "$ROOT.debootstrap.log" >&2; exit 1; }
    touch "$ROOT/.kulcs-debootstrap-done"
fi

mount -t proc proc "$ROOT/proc" && mounted+=("$ROOT/proc")
mount --bind /dev "$ROOT/dev" && mounted+=("$ROOT/dev")
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true

log "installing swiftlang in the chroot"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >/dev/null && apt-get clean'

version=$(chroot "$ROOT" /usr/bin/swift --version 2>&1 | head -n 1)
log "$version"
printf '%s\n' "$version" >"$MARKER"
