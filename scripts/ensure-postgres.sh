#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster if it is down, so the PostgreSQL half
# of the test suite never skips silently. Exit 1 if it cannot be reached.
set -uo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
ready && exit 0
if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
  for v in $(ls /etc/postgresql); do
    echo "[postgres] starting cluster $v/main" >&2
    pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>&1 || true
  done
fi
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "[postgres] PostgreSQL does not answer on 127.0.0.1:5432" >&2
exit 1
