#!/usr/bin/env bash
# The README's second command: every test.
#  1. installs what is missing (scripts/setup.sh --test)
#  2. builds the WASM client and the server (debug profile, shared with the tests)
#  3. Rust unit + integration tests: SQLite always; PostgreSQL when it answers on
#     127.0.0.1:5432 or TEST_POSTGRES_URL is set (required when CI is set)
#  4. the Playwright suite in Debian's headless Chromium (phone + tablet)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m[test]\033[0m %s\n' "$*" >&2; }
start=$(date +%s)

scripts/setup.sh --test

if [[ -z "${TEST_POSTGRES_URL:-}" ]]; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
  elif [[ -n "${CI:-}" ]]; then
    echo "CI is set but PostgreSQL does not answer on 127.0.0.1:5432 (run scripts/ensure-postgres.sh)" >&2
    exit 1
  else
    say "PostgreSQL not reachable: its tests will be skipped (set TEST_POSTGRES_URL to run them)"
  fi
fi

say "building client and server"
scripts/build.sh debug

say "Rust tests (SQLite${TEST_POSTGRES_URL:+ and PostgreSQL})"
cargo test --workspace --quiet

say "browser tests (Playwright, headless Chromium)"
(cd end2end && npx --no-install playwright test)

say "all tests passed in $(( $(date +%s) - start )) s"
