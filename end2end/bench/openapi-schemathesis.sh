#!/usr/bin/env bash
# OpenAPI bench (issue 18, item 4): schemathesis (PyPI) against a running
# server's /api/openapi.json. Goal: 0 server errors, 0 schema violations.
#   end2end/bench/openapi-schemathesis.sh [BASE_URL] [--examples N] [--seed S]
# The server must run in demo mode (the demo accounts sign in for the
# signed-in routes) with the photo limit raised, e.g.
#   TSUNAGU_DEMO_SEED=1 TSUNAGU_RATE_LIMITS=suggestion-photo=1000000 target/release/tsunagu
# Three runs: every operation anonymously; the casework routes as the demo
# link worker; the report photo upload as the demo writer (the signed-in runs
# send the portal's own Origin, as its pages do). Checks: no 5xx, every
# status documented, every body and content type as the document says,
# documented headers present. schemathesis is installed on first use into
# target/bench/venv (TSUNAGU_BENCH_VENV to put it elsewhere).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="http://127.0.0.1:3000" examples=50 seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    http*) base="${1%/}" ;;
    --examples) examples="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
venv="${TSUNAGU_BENCH_VENV:-$repo/target/bench/venv}"
version="4.32.5"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  echo "installing schemathesis $version into $venv…" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$version" >&2
fi
password="${TSUNAGU_DEMO_STAFF_PASSWORD:-midorino-staff}"
checks="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"
out="$repo/target/bench/schemathesis"
mkdir -p "$out"

session() {
  curl -fsS -o /dev/null -D - -X POST "$base/api/accounts/login" \
    --data-urlencode "email=$1" --data-urlencode "password=$password" --data-urlencode "next=" \
    | tr -d '\r' | sed -n 's/^set-cookie: \(tsunagu_session=[^;]*\).*/\1/Ip' | head -1
}

run() { # NAME [schemathesis options…]
  local name="$1"; shift
  echo "── $name" >&2
  ( cd "$out" && "$venv/bin/schemathesis" run "$base/api/openapi.json" --checks "$checks" \
      -n "$examples" --seed "$seed" --report junit --report-junit-path "$out/$name.xml" "$@" ) \
    > "$out/$name.log" 2>&1 && status=passed || status=FAILED
  local cases
  cases="$(grep -E '^ *[0-9]+ generated' "$out/$name.log" | tr -s ' ' || true)"
  echo "$name: $status —${cases:- see $out/$name.log}" >&2
  [ "$status" = passed ] || { tail -60 "$out/$name.log" >&2; failed=1; }
}

failed=0
start=$(date +%s)
run anonymous
worker="$(session linkworker@midorino.example.jp)"
writer="$(session writer@midorino.example.jp)"
[ -n "$worker" ] && [ -n "$writer" ] || { echo "could not sign in as the demo accounts (is the server in demo mode?)" >&2; exit 1; }
run linkworker --include-tag casework -H "Cookie: $worker" -H "Origin: $base"
run writer --include-path /api/reports/media -H "Cookie: $writer" -H "Origin: $base"
echo "schemathesis $version, $examples examples per operation, seed $seed: $(( $(date +%s) - start )) s; logs and JUnit reports in $out" >&2
exit "$failed"
