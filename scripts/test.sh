#!/usr/bin/env bash
# Runs every test: Rust (core, CLI, bindings, shared vectors, OTP peers), then the Kotlin and
# Swift shells. Installs what it needs first (scripts/setup.sh and the shells' own scripts).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

./scripts/setup.sh
export KULCS_REQUIRE_PEERS=1

echo "== Rust: cargo test --workspace"
cargo test --workspace --locked

for shell in kotlin swift; do
  if [ -x "scripts/test-$shell.sh" ]; then
    echo "== $shell"
    "./scripts/test-$shell.sh"
  fi
done

echo "== all tests passed in $(( $(date +%s) - started )) s"
