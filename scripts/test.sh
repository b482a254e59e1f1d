#!/usr/bin/env bash
# Runs every test: Rust (core, CLI, bindings, shared vectors, OTP peers), sync through real
# Syncthing daemons, the browser app in a real Chromium, then the Kotlin and
# Swift shells (and the Android app compile when present). Installs what it needs first
# (scripts/setup.sh and the shells' own scripts). Ends with one line "total: N passed, 0 failed".
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs a step, keeping its output for the summary; fails the whole run if the step fails.
# Each step's wall time is printed after it, and all of them again at the end, so the CI budget
# (35 minutes on a fresh clone) can be watched step by step.
timings=()
step() {
  echo "== $*"
  local t0=$SECONDS
  "$@" 2>&1 | tee -a "$log"
  timings+=("$(( SECONDS - t0 )) s  $*")
  echo "-- $(( SECONDS - t0 )) s: $*"
}

step ./scripts/setup.sh
export KULCS_REQUIRE_PEERS=1

# Formatting is part of the test (rustfmt.toml): a badly formatted tree fails here, in seconds.
step cargo fmt --all -- --check
# Lints are part of the test too: any clippy warning in any crate, test, bench or example fails.
step cargo clippy --workspace --all-targets --locked -- -D warnings

step cargo test --workspace --locked
# The patched rqrr's own tests (its own workspace, so `--workspace` above does not run them).
step cargo test --locked --manifest-path third_party/rqrr/Cargo.toml
# The vault format vectors, checked by an independent implementation (Python cryptography).
step python3 tests/vectors/check_vault_vectors.py
# The export formats (Kulcs backup, Aegis-format export), checked the same independent way.
step python3 tests/vectors/check_exports.py
# Two real Syncthing daemons carry replicas between two vaults (tests/syncthing/e2e.py); the
# kulcs binary is the one `cargo test --workspace` built. Budget: 5 minutes (it takes ~25 s).
step timeout 300 python3 tests/syncthing/e2e.py target/debug/kulcs
# The browser app (issue 16): the core for wasm32 with wasm-bindgen's glue into web/dist (it
# fails over the 1.5 MB compressed budget; ~2 min cold, plus ~4 min once to install
# wasm-bindgen-cli), then Debian's Chromium headless drives it against `kulcs web` and CLI vaults
# (tests/web/e2e.py; ~55 s, 30 of them waiting for the clipboard to clear; budget 5 minutes).
# Screenshots land in target/web-e2e/.
step ./scripts/build-web.sh
step timeout 300 python3 tests/web/e2e.py target/debug/kulcs
# Every fuzz target for ~12 s (9 targets, 2 at a time: ~60 s of the 35-minute CI budget) from its seed corpus (docs/fuzzing.md); fails on any crash.
step ./scripts/fuzz.sh

for script in test-kotlin test-swift test-android-app; do
  if [ -x "scripts/$script.sh" ]; then
    step "./scripts/$script.sh"
  fi
done

sum() { grep -Eo "$1" "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
rust=$(sum 'test result: ok\. [0-9]+ passed')
rust_ignored=$(sum '[0-9]+ ignored')
kotlin=$(grep -E '^\[INFO\] Tests run: [0-9]+, Failures: 0, Errors: 0, Skipped: [0-9]+$' "$log" \
  | sed -E 's/.*Tests run: ([0-9]+).*Skipped: ([0-9]+)/\1 \2/' | awk '{s+=$1-$2} END {print s+0}')
swift=$(grep -E "Test Suite 'All tests' passed" -A1 "$log" | grep -Eo 'Executed [0-9]+ tests' \
  | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
# (not `sum`: the digit in "e2e" would be counted too)
e2e=$(grep -Eo 'syncthing e2e: [0-9]+ passed' "$log" | sed -E 's/.*: ([0-9]+) passed/\1/' | awk '{s+=$1} END {print s+0}')
web=$(grep -Eo 'web e2e: [0-9]+ passed' "$log" | sed -E 's/.*: ([0-9]+) passed/\1/' | awk '{s+=$1} END {print s+0}')
printf '== step times:\n'; printf '   %s\n' "${timings[@]}"
echo "== Rust $rust passed ($rust_ignored ignored), Syncthing e2e $e2e passed, browser e2e $web passed, Kotlin $kotlin passed, Swift $swift passed, in $(( $(date +%s) - started )) s"
echo "total: $((rust + e2e + web + kotlin + swift)) passed, 0 failed, $rust_ignored skipped"
