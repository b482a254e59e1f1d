#!/usr/bin/env bash
# Builds every libFuzzer target in fuzz/ once and runs each from its committed seed corpus
# (fuzz/corpus/<target>/, read-only: new inputs go to a scratch directory) for
# KULCS_FUZZ_SECONDS seconds (default 12), KULCS_FUZZ_JOBS targets at a time (default 2), with a
# per-target RSS limit. Fails if any target crashes, leaks memory past the limit or times out;
# a crashing input is kept in fuzz/artifacts/<target>/. Ends with one line
# "fuzz: N passed, M failed".
#
# The targets are built the way cargo-fuzz builds them without a sanitizer (the same
# SanitizerCoverage flags, `--cfg fuzzing`, debug assertions and overflow checks, for the host
# target only so build scripts stay uninstrumented), but by plain cargo on the stable toolchain:
# CI then installs neither nightly nor cargo-fuzz, and the build is optimised at
# KULCS_FUZZ_OPT (default 1: quick to compile, plenty fast for a smoke run).
# KULCS_FUZZ_SANITIZER=address builds with cargo-fuzz on nightly instead (long local runs).
#
#   KULCS_FUZZ_SECONDS=600 KULCS_FUZZ_JOBS=1 KULCS_FUZZ_OPT=3 ./scripts/fuzz.sh qr_decode
#
# More in docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${KULCS_FUZZ_SECONDS:-12}
jobs=${KULCS_FUZZ_JOBS:-2}
rss_mb=${KULCS_FUZZ_RSS_MB:-1024}
# "none" keeps the CI build and runs fast: the core is safe Rust, and libFuzzer's coverage
# instrumentation does not need a sanitizer. KULCS_FUZZ_SANITIZER=address for long local runs.
sanitizer=${KULCS_FUZZ_SANITIZER:-none}
started=$(date +%s)

opt=${KULCS_FUZZ_OPT:-1}
host=$(rustc -vV | sed -n 's/^host: //p')
if [ "$sanitizer" != none ]; then
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "== installing the nightly toolchain (a sanitizer needs it)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
  fi
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^kulcs-fuzz$')
fi

echo "== building ${#targets[@]} fuzz targets (sanitizer: $sanitizer, opt-level $opt)"
if [ "$sanitizer" = none ]; then
  coverage=(-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table
    -Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth
    --cfg fuzzing -Cdebug-assertions -Coverflow-checks)
  RUSTFLAGS="${coverage[*]}" CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" \
    cargo build --manifest-path fuzz/Cargo.toml --locked --release --target "$host" --bins
  bin_dir="fuzz/target/$host/release"
else
  (cd fuzz && CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" \
    cargo +nightly fuzz build --release --debug-assertions --sanitizer "$sanitizer")
  bin_dir="fuzz/target/$host/release"
fi
built=$(date +%s)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Runs one target; its log goes to $scratch/<target>.log, its exit code to <target>.rc.
run_one() {
  local t=$1
  mkdir -p "$scratch/$t" "fuzz/artifacts/$t"
  set +e
  "$bin_dir/$t" -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -timeout=10 \
    -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" "$scratch/$t" "fuzz/corpus/$t" \
    >"$scratch/$t.log" 2>&1
  echo $? >"$scratch/$t.rc"
  set -e
}

running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

passed=0
failed=0
for t in "${targets[@]}"; do
  rc=$(cat "$scratch/$t.rc" 2>/dev/null || echo 1)
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$scratch/$t.log" | grep -Eo '[0-9]+$' || echo "?")
  cov=$(grep -Eo 'cov: [0-9]+' "$scratch/$t.log" | tail -1 | grep -Eo '[0-9]+' || echo "?")
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1))
    echo "ok   $t: $execs execs in ${seconds} s, cov $cov"
  else
    failed=$((failed + 1))
    echo "FAIL $t (exit $rc): input kept in fuzz/artifacts/$t/; log:"
    tail -n 40 "$scratch/$t.log"
  fi
done
echo "== fuzz build $((built - started)) s, runs $(($(date +%s) - built)) s"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
