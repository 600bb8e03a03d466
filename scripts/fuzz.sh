#!/usr/bin/env bash
# Fuzz the parsers (issue 18, item 3): each target in app/fuzz runs for
# SECONDS (default 60) with libFuzzer, starting from the seeds in
# app/fuzz/seeds (and the shipped questionnaires); the corpus grows in
# target/fuzz-corpus, crashes land in app/fuzz/artifacts/<target>/.
# Prints executions and findings per target; record them in
# docs/benchmarks.md. Not part of the tests (needs the nightly toolchain
# and cargo-fuzz, which this script installs from crates.io if missing).
#
#   scripts/fuzz.sh            # every target, 60 s each
#   scripts/fuzz.sh 300 markdown schedule
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(schedule import_decode sync_batch markdown bbox questionnaire birth_date normalize)
fi
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi
# cargo-fuzz sets RUSTFLAGS (which replaces .cargo/config.toml's) and adds
# whatever is already there: keep the workspace's erased views
export RUSTFLAGS="--cfg erase_components"
# one target folder with the rest of the build (the fuzz build is instrumented)
export CARGO_TARGET_DIR="$PWD/target/fuzz"
corpus_root="$PWD/target/fuzz-corpus"
summary=()
for t in "${targets[@]}"; do
  corpus="$corpus_root/$t"
  mkdir -p "$corpus"
  seeds="app/fuzz/seeds/$t"
  [ "$t" = questionnaire ] && seeds="app/questionnaires"
  log="$corpus_root/$t.log"
  echo "== $t: ${seconds}s" >&2
  status=0
  (cd app/fuzz && cargo +nightly fuzz run -O "$t" "$corpus" "../../$seeds" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1) >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  if [ "$status" -eq 0 ]; then finding="none"; else finding="CRASH (see $log and app/fuzz/artifacts/$t)"; fi
  summary+=("| $t | ${seconds} s | ${execs:-?} | ${rate:-?}/s | ${cov:-?} | $finding |")
done
echo
echo "| target | time | executions | rate | coverage (edges) | findings |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
