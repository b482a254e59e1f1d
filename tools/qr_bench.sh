#!/usr/bin/env bash
# One command: install the Python side (zxing-cpp, Pillow) into a private venv, build the Rust
# example, and print Kulcs core vs zxing-cpp side by side for CORPUS_DIR.
# Usage: tools/qr_bench.sh CORPUS_DIR [extra args for qr_bench.py]
set -euo pipefail
corpus="${1:?usage: tools/qr_bench.sh CORPUS_DIR [args]}"
shift
here="$(cd "$(dirname "$0")" && pwd)"
venv="${QR_BENCH_VENV:-${TMPDIR:-/tmp}/kulcs-qr-bench-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q zxing-cpp pillow
exec "$venv/bin/python" "$here/qr_bench.py" "$corpus" "$@"
