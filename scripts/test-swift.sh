#!/usr/bin/env bash
# Tests the Swift shell on Linux: installs (once) a Debian trixie chroot with Swift 6
# (scripts/setup-swift.sh), builds libkulcs_ffi on the host, generates the Swift bindings into
# ios/Generated (build output, git-ignored), then runs `swift test` inside the chroot with the
# repository bind-mounted at the same path. Mounts are undone on exit. Needs root.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
started=$(date +%s)
ROOT="${KULCS_SWIFT_ROOT:-/var/cache/kulcs/swift-trixie}"

"$repo/scripts/setup-swift.sh"

# Generate, then lay the files out as SwiftPM wants them; files are replaced only when their
# content changed, so warm runs rebuild nothing.
gen="$repo/ios/Generated"
lib=$("$repo/bindings/generate.sh" swift "$gen/raw")
place() { # place SRC DEST
    mkdir -p "$(dirname "$2")"
    cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"
}
place "$gen/raw/KulcsRustFFI.h" "$gen/KulcsRustFFI/KulcsRustFFI.h"
place "$gen/raw/KulcsRustFFI.modulemap" "$gen/KulcsRustFFI/module.modulemap"
place "$gen/raw/KulcsFFI.swift" "$gen/KulcsFFI/KulcsFFI.swift"
place "$lib" "$gen/lib/$(basename "$lib")"

# One chroot session at a time (mount points are shared).
exec 9>"$ROOT.lock"
flock 9

mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bind() { # bind SRC: mounts SRC at the same path inside the chroot
    mkdir -p "$ROOT$1"
    mount --bind "$1" "$ROOT$1" && mounted+=("$ROOT$1")
}
mount -t proc proc "$ROOT/proc" && mounted+=("$ROOT/proc")
bind /dev
bind "$repo"
# The shared QR corpus lives beside the clone (../shared); tests skip what is absent.
shared="$(dirname "$repo")/shared"
[[ -d "$shared" ]] && bind "$shared"

chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    sh -c "cd '$repo/ios' && swift test --disable-swift-testing 2>&1"

echo "test-swift: passed in $(( $(date +%s) - started )) s"
