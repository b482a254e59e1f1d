#!/usr/bin/env bash
# Builds the browser app into web/dist: the core (bindings/wasm) for wasm32-unknown-unknown,
# wasm-bindgen's JavaScript glue, the static shell, the catalogue and the service worker's file
# list. Installs what it needs first (the rustup target, wasm-bindgen-cli at the crate's version,
# clang for ring's C parts). Prints the wasm size, raw and gzip-compressed (budget 1.5 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
WB_VERSION=0.2.130   # must equal the `wasm-bindgen = "=..."` pin in bindings/wasm/Cargo.toml

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
command -v clang >/dev/null || sudo_ apt-get install -y -q clang lld >/dev/null
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  # Not --locked: the registry mirror here lacks one of its pinned transitive versions.
  cargo install -q wasm-bindgen-cli --version "$WB_VERSION"
fi

cargo build -q --locked -p kulcs-wasm --target wasm32-unknown-unknown --profile wasm
out=web/dist
rm -rf "$out"; mkdir -p "$out/pkg"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$out/pkg" target/wasm32-unknown-unknown/wasm/kulcs_wasm.wasm
cp web/static/* "$out/"
python3 web/catalogue.py "$out/i18n.json"
python3 - "$out" <<'PY'
import hashlib, json, os, sys
out = sys.argv[1]
files = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs if f != "sw.js")
h = hashlib.sha256()
for f in files:
    h.update(f.encode()); h.update(open(os.path.join(out, f), "rb").read())
sw = open(os.path.join(out, "sw.js")).read()
sw = sw.replace("@VERSION@", "kulcs-" + h.hexdigest()[:16]).replace("@FILES@", json.dumps(["./"] + ["./" + f for f in files]))
open(os.path.join(out, "sw.js"), "w").write(sw)
PY
# After the service worker's list: the 5 MB one-file copy is for disks, not for its cache.
python3 web/single_file.py "$out"
raw=$(stat -c %s "$out/pkg/kulcs_wasm_bg.wasm")
gz=$(gzip -9 -c "$out/pkg/kulcs_wasm_bg.wasm" | wc -c)
echo "web: built $out; wasm ${raw} bytes, ${gz} bytes gzip -9 (budget 1572864)"
[ "$gz" -lt 1572864 ] || { echo "web: wasm over the 1.5 MB compressed budget" >&2; exit 1; }
