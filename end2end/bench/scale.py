#!/usr/bin/env python3
"""Scale bench (issue 18, item 9): the portal with 100,000 listings.

    end2end/bench/scale.py [--listings 100000] [--binary target/release/tsunagu]
                           [--db /tmp/tsunagu-scale.db] [--keep] [--seconds 15]

1. Makes the town (once; `--db` is reused when it already holds the
   listings): a demo database, its listings exported as CSV and copied
   until there are `--listings` of them (each with its own code, name and
   place, jittered around the original), imported through `/staff/import`
   in chunks under the upload limit, as a city would.
2. Starts the server on it and times the first answers: `/healthz`, and a
   keyword search on `/activities` (which needs the catalogue).
3. Single requests, one at a time (so the time is the server's, not a
   queue's): `/activities` without a query, with a keyword, each filter and
   each sort; p50/p99 over `RUNS` requests each.
4. The server's resident memory (VmRSS, and its peak VmHWM), after the
   single requests, right after the load and 8 s later.
5. Under load: wrk with 50 connections on `/activities` for `--seconds`.

Needs python3 (standard library only) and wrk (Debian; installed when missing).
"""
import argparse, csv, io, json, os, random, signal, subprocess, sys, time

from benchlib import REPO, memory, request, sign_in, wait_for, wrk

RUNS = 200
CHUNK_ROWS = 15_000  # ≈ 9 MB of CSV, under the 20 MB upload limit




def start(binary, db, port, env_extra=None):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"sqlite:{db}?mode=rwc",
        "LEPTOS_SITE_ADDR": f"127.0.0.1:{port}",
        "LEPTOS_SITE_ROOT": os.path.join(REPO, "target", "site"),
        "TSUNAGU_DEMO_SEED": "1",
        "RUST_LOG": "warn,tsunagu=info",
        # the bench signs in and imports from one address, many times
        "TSUNAGU_RATE_LIMITS": "sign-in-account=100000,sign-in-address=100000",
        # the time to answer a query, not to copy a kept page (load.py
        # measures the render cache)
        "TSUNAGU_RENDER_CACHE_MB": "0",
    })
    env.update(env_extra or {})
    log = open(f"/tmp/tsunagu-scale-{port}.log", "w")
    return subprocess.Popen([binary], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)






def make_town(binary, db, listings, port):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    server = start(binary, db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base, "/healthz")
        cookie = sign_in(base, "staff@midorino.example.jp")
        _, _, raw = request(base, "/staff/export.csv", headers={"cookie": cookie})
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        header, demo = rows[0], rows[1:]
        col = {name: i for i, name in enumerate(header)}
        have = len(demo)
        rng = random.Random(18)
        made, t0 = 0, time.monotonic()
        while have + made < listings:
            out = io.StringIO()
            w = csv.writer(out, lineterminator="\r\n")
            w.writerow(header)
            n = min(CHUNK_ROWS, listings - have - made)
            for k in range(n):
                i = made + k
                r = list(demo[i % len(demo)])
                r[col["管理番号"]] = f"SCALE-{i:06d}"
                r[col["活動名"]] = f"{r[col['活動名']]} {i}"
                r[col["場所の名前"]] = f"{r[col['場所の名前']]} {i}"
                r[col["最終確認日"]] = ""
                if r[col["緯度"]] and r[col["経度"]]:
                    r[col["緯度"]] = f"{float(r[col['緯度']]) + rng.uniform(-0.03, 0.03):.5f}"
                    r[col["経度"]] = f"{float(r[col['経度']]) + rng.uniform(-0.03, 0.03):.5f}"
                w.writerow(r)
            data = out.getvalue().encode("utf-8")
            boundary = "ScaleBenchBoundary"
            body = (f"--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"scale.csv\"\r\n"
                    f"content-type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
            status, _, text = request(base, "/staff/import?commit=1", body, {
                "content-type": f"multipart/form-data; boundary={boundary}", "cookie": cookie, "origin": base}, timeout=600)
            if status != 200:
                raise SystemExit(f"import refused ({status}): {text[:500]}")
            report = json.loads(text)
            if not report.get("committed"):
                raise SystemExit(f"import not saved: {text[:500]}")
            made += n
            print(f"  imported {have + made:,} listings ({len(data) / 1e6:.1f} MB chunk), {time.monotonic() - t0:.0f} s", file=sys.stderr)
        print(f"made {have + made:,} listings in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()




def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listings", type=int, default=100_000)
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "tsunagu"))
    ap.add_argument("--db", default="/tmp/tsunagu-scale.db")
    ap.add_argument("--port", type=int, default=3460)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--keep", action="store_true", help="keep the database for the next run")
    args = ap.parse_args()
    base = f"http://127.0.0.1:{args.port}"

    count = None
    if os.path.exists(args.db):
        out = subprocess.run(["sqlite3", args.db, "SELECT COUNT(*) FROM activities"], capture_output=True, text=True)
        count = int(out.stdout.strip() or 0) if out.returncode == 0 else None
    if count is None or count < args.listings:
        print(f"making a town of {args.listings:,} listings in {args.db}…", file=sys.stderr)
        make_town(args.binary, args.db, args.listings, args.port)

    t0 = time.monotonic()
    server = start(args.binary, args.db, args.port)
    try:
        health = wait_for(base, "/healthz") - t0
        search = wait_for(base, "/activities?q=%E4%BD%93%E6%93%8D") - t0
        print(f"after start: /healthz answered at {health:.2f} s, the first search at {search:.2f} s")
        paths = [
            ("no query", "/activities"),
            ("keyword 体操", "/activities?q=%E4%BD%93%E6%93%8D"),
            ("keyword in every name (会)", "/activities?q=%E4%BC%9A"),
            ("category", "/activities?category=exercise"),
            ("district", "/activities?district=chuo"),
            ("day + time", "/activities?day=tue&time=morning"),
            ("free + beginners", "/activities?free=1&beginners=1"),
            ("this week", "/activities?this_week=1"),
            ("sort: updated", "/activities?sort=updated"),
            ("sort: nearest", "/activities?near=35.30,134.85"),
            ("three pages", "/activities?pages=3"),
            ("map points, whole town", "/api/map/points?bbox=134.0,35.0,135.5,36.0"),
        ]
        print("| request | p50 ms | p99 ms | bytes |")
        print("|---|---|---|---|")
        for name, path in paths:
            for _ in range(5):
                request(base, path)
            times, size = [], 0
            for _ in range(RUNS):
                t = time.perf_counter()
                status, _, body = request(base, path)
                times.append((time.perf_counter() - t) * 1000)
                size = len(body)
                if status != 200:
                    raise SystemExit(f"{path}: {status}")
            print(f"| {name} | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} | {size:,} |")
        mem = memory(server.pid)
        print(f"memory after the requests: RSS {mem['VmRSS']:.0f} MB, peak {mem['VmHWM']:.0f} MB")
        for conns in (50,):
            r = wrk(base + "/activities", args.seconds, conns)
            print(f"wrk {conns} connections, {args.seconds} s, /activities: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, "
                  f"p99 {r['p99']:.1f} ms, socket errors: {r['errors']}, non-2xx: {r['non2xx']}")
        mem = memory(server.pid)
        print(f"memory after the load: RSS {mem['VmRSS']:.0f} MB, peak {mem['VmHWM']:.0f} MB")
        # the allocator hands pages unused for 5 s back to the system
        time.sleep(8)
        mem = memory(server.pid)
        print(f"memory 8 s after the load: RSS {mem['VmRSS']:.0f} MB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(args.db + suffix):
                    os.remove(args.db + suffix)


if __name__ == "__main__":
    main()
