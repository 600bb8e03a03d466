#!/usr/bin/env bash
# The README's first command: install what is missing, build, then serve the
# portal on http://127.0.0.1:3000 (SQLite at ./data/tsunagu.db; migrations
# and the demo seed run at start). Environment: see `target/release/tsunagu --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
exec target/release/tsunagu
