#!/usr/bin/env bash
# Tests the Kotlin shell on the JVM: builds libkulcs_ffi (shared dev target/), generates the
# Kotlin bindings into android/target (build output), then runs `mvn test` with the host-built
# library. Maven artefacts come from Maven Central into ~/.m2 and are reused on later runs.
# Needs: Rust, JDK 17+, Maven 3.8+, python3.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$(date +%s)

for tool in java mvn cargo python3; do
    command -v "$tool" >/dev/null || { echo "test-kotlin: $tool is not installed" >&2; exit 1; }
done

lib=$("$repo/bindings/generate.sh" kotlin "$repo/android/target/generated-sources/uniffi")

# -B: no colours or progress; surefire prints its per-class and total counts.
mvn -B -f "$repo/android/pom.xml" --no-transfer-progress test -Dkulcs.ffi.library="$lib"

echo "test-kotlin: passed in $(( $(date +%s) - started )) s"
