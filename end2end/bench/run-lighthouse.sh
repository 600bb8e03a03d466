#!/usr/bin/env bash
# Lighthouse bench (issue 16): installs the bench's own npm deps on first use
# (lighthouse 12 + chrome-launcher, into end2end/bench/node_modules; Node >= 18.16;
# lighthouse 13 would need Node 22) and runs it against a running server.
#   end2end/bench/run-lighthouse.sh [BASE_URL] [--runs N] [--out DIR] [--page /path ...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ ! -d "$here/node_modules/lighthouse" ] || [ ! -d "$here/node_modules/chrome-launcher" ]; then
  echo "installing the bench's npm dependencies into $here/node_modules…" >&2
  # `npm ci` refuses the lock whenever a new third-party-web is published
  # (@paulirish/trace_engine asks for "latest"); `npm install --no-save`
  # then installs from the same lock without rewriting it.
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
    || npm install --prefix "$here" --no-save --no-audit --no-fund --loglevel=error >&2
fi
exec node "$here/lighthouse.mjs" "${@:-http://127.0.0.1:3000}"
