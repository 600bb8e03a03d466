#!/usr/bin/env bash
# The README's first command: install what is missing, build, then serve the
# portal on http://127.0.0.1:3000 (SQLite at ./data/tsunagu.db; migrations
# and the demo seed run at start). Environment: see `target/release/tsunagu --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
# the full demo: the demo town and its demo accounts (the binary's default
# is no demo; set TSUNAGU_DEMO_SEED=0 to start empty)
export TSUNAGU_DEMO_SEED="${TSUNAGU_DEMO_SEED:-1}"
exec target/release/tsunagu
