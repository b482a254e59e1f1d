#!/usr/bin/env bash
# Builds libkulcs_ffi and the workspace uniffi-bindgen exactly as `cargo test --workspace` does
# (the shared dev target/), then generates one language's bindings in library mode.
#
#   bindings/generate.sh kotlin|swift OUT_DIR
#
# Prints the path of the built shared library on stdout (everything else goes to stderr).
# Generated code is build output: OUT_DIR must be git-ignored. Files whose content did not
# change keep their timestamps, so incremental builds downstream stay incremental.
set -euo pipefail

language="$1"
out_dir="$2"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# Both packages in one invocation so cargo resolves one feature set and builds uniffi once.
# The same selection as the README test command (`cargo test --workspace`), so after it this
# is a no-op: a narrower `cargo build -p kulcs-bindings` resolves other features for shared
# dependencies and recompiled half the tree (about 5 minutes of CI). It builds the cdylib (for
# bindings/tests) and the uniffi-bindgen binary (for its own test).
cargo test -q --workspace --locked --no-run >&2

target_dir=$(cargo metadata -q --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
case "$(uname -s)" in
    Darwin) lib="$target_dir/debug/deps/libkulcs_ffi.dylib" ;;
    *) lib="$target_dir/debug/deps/libkulcs_ffi.so" ;;
esac
[[ -f "$lib" ]] || { echo "generate.sh: $lib was not built" >&2; exit 1; }

fresh="$out_dir.new"
rm -rf "$fresh"
mkdir -p "$fresh" "$out_dir"
"$target_dir/debug/uniffi-bindgen" generate --library "$lib" --language "$language" \
    --out-dir "$fresh" --no-format >&2
# Replace changed files, drop stale ones.
(cd "$fresh" && find . -type f) | while read -r f; do
    if ! cmp -s "$fresh/$f" "$out_dir/$f"; then
        mkdir -p "$(dirname "$out_dir/$f")"
        cp "$fresh/$f" "$out_dir/$f"
    fi
done
(cd "$out_dir" && find . -type f) | while read -r f; do
    [[ -f "$fresh/$f" ]] || rm -f "$out_dir/$f"
done
rm -rf "$fresh"
echo "$lib"
