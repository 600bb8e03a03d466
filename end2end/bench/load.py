#!/usr/bin/env python3
"""Load bench (issue 18, item 8): many residents and link workers at once.

    end2end/bench/load.py [--binary target/release/tsunagu] [--seconds 60]
                          [--connections 500] [--postgres URL] [--cache on|off|both]
                          [--no-nginx] [--two]

1. A fresh demo town (SQLite file, or a fresh database on `--postgres`),
   served by the release binary with the per-address limits raised: every
   client of the bench comes from one address.
2. The mix, with wrk (Debian) and a Lua script, `--connections` clients for
   `--seconds`: the home page 15 %, the activity list 20 %, a keyword search
   15 %, an activity's page 15 %, the map's points 10 %, the event list 10 %,
   an event's page 5 %, an event sign-up 5 % (a form post, as a phone without
   JavaScript sends it), a tablet's casework sync 5 % (one visit note, as the
   link worker). Prints requests/s, p50/p99, socket errors and the answers by
   status class (any 5xx or socket error is an error).
3. `/activities` alone with the same number of connections, then the same
   bytes from nginx (Debian) on the same machine, one after the other: the
   ratio is the issue's yardstick.
4. The server's memory after the load.

`--cache both` (the default) runs 2–4 with the render cache off
(TSUNAGU_RENDER_CACHE_MB=0) and then on.

`--two --postgres URL` (issue 18, item 9) runs two servers on one
PostgreSQL database behind nginx (round robin) instead: a session made on
one is used on the other; a sign-up on one, and how long the other takes to
render its kept event page again; then the mix through the proxy with 40
places per event (sign-ups through both servers race for the last ones),
and afterwards no event over its capacity and every event's count equal to
its confirmed sign-ups. Needs python3, wrk and nginx
(installed with apt when missing).
"""
import argparse, datetime, os, re, shutil, signal, subprocess, tempfile, time, zoneinfo

from benchlib import REPO, memory, need, request, sign_in, wait_for, wrk

LINK_WORKER = "linkworker@midorino.example.jp"






class Database:
    """A fresh database for one run, and SQL against it."""

    def __init__(self, postgres):
        self.postgres = postgres
        if postgres:
            self.admin = postgres
            self.name = "tsunagu_load"
            self.psql("DROP DATABASE IF EXISTS tsunagu_load WITH (FORCE)", self.admin)
            self.psql("CREATE DATABASE tsunagu_load", self.admin)
            self.url = re.sub(r"/[^/]*$", "/tsunagu_load", postgres)
        else:
            self.path = os.path.join(tempfile.gettempdir(), "tsunagu-load.db")
            self.drop()
            self.url = f"sqlite:{self.path}?mode=rwc"

    def psql(self, sql, url=None):
        out = subprocess.run(["psql", url or self.url, "-tAc", sql], capture_output=True, text=True, check=True)
        return out.stdout.split()

    def query(self, sql):
        if self.postgres:
            return self.psql(sql)
        return subprocess.run(["sqlite3", self.path, sql], capture_output=True, text=True, check=True).stdout.split()

    def drop(self):
        if self.postgres:
            self.psql("DROP DATABASE IF EXISTS tsunagu_load WITH (FORCE)", self.admin)
        else:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.remove(self.path + suffix)


def start(binary, db, port, cache):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": db.url,
        "LEPTOS_SITE_ADDR": f"127.0.0.1:{port}",
        "LEPTOS_SITE_ROOT": os.path.join(REPO, "target", "site"),
        "TSUNAGU_DEMO_SEED": "1",
        "RUST_LOG": "warn",
        # every client of the bench comes from 127.0.0.1
        "TSUNAGU_RATE_LIMITS": "event-signup=100000000,sign-in-account=100000,sign-in-address=100000",
    })
    if not cache:
        env["TSUNAGU_RENDER_CACHE_MB"] = "0"
    log = open(os.path.join(tempfile.gettempdir(), f"tsunagu-load-{port}.log"), "w")
    return subprocess.Popen([binary], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)






LUA = r"""
-- the mix: kind, share (of 100)
local mix = { {"home", 15}, {"list", 20}, {"search", 15}, {"activity", 15}, {"map", 10},
              {"events", 10}, {"event", 5}, {"signup", 5}, {"sync", 5} }
local activities = { %(activities)s }
local events = { %(events)s }
local open_events = { %(open_events)s }
local words = { "%%E4%%BD%%93%%E6%%93%%8D", "%%E5%%9B%%B2%%E7%%A2%%81", "%%E3%%82%%B5%%E3%%83%%AD%%E3%%83%%B3", "%%E6%%AD%%A9", "%%E5%%AD%%90%%E8%%82%%B2%%E3%%81%%A6" }
local origin = "%(origin)s"
local worker = "%(cookie)s"
local case_id = %(case_id)d
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  math.randomseed(os.time() * 100 + tid)
  seq = 0
  statuses = {}
end

local function pick()
  local r = math.random(100)
  for _, m in ipairs(mix) do
    r = r - m[2]
    if r <= 0 then return m[1] end
  end
  return "home"
end

function request()
  local kind = pick()
  if kind == "home" then return wrk.format("GET", "/")
  elseif kind == "list" then return wrk.format("GET", "/activities")
  elseif kind == "search" then return wrk.format("GET", "/activities?q=" .. words[math.random(#words)])
  elseif kind == "activity" then return wrk.format("GET", "/activities/" .. activities[math.random(#activities)])
  elseif kind == "map" then return wrk.format("GET", "/api/map/points?bbox=134.70,35.20,135.00,35.45")
  elseif kind == "events" then return wrk.format("GET", "/events")
  elseif kind == "event" then return wrk.format("GET", "/events/" .. events[math.random(#events)])
  elseif kind == "signup" then
    seq = seq + 1
    local body = "event_id=" .. open_events[math.random(#open_events)] ..
      "&form%%5Bname%%5D=%%E8%%B2%%A0%%E8%%8D%%B7&form%%5Bcontact%%5D=090-1234-" .. string.format("%%04d", seq %% 10000) ..
      "&form%%5Bpeople%%5D=1&form%%5Bnote%%5D=&form%%5Bconsent%%5D=true&website="
    return wrk.format("POST", "/api/events/sign-up", { ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept"] = "text/html", ["Origin"] = origin }, body)
  else
    seq = seq + 1
    local id = "load-" .. tid .. "-" .. seq
    -- one tablet per request (a tablet sends its batches one at a time,
    -- and the clients of a wrk thread share nothing else)
    local body = '{"device_id":"load-tablet-' .. id .. '","items":[{"client_id":"' .. id .. '","case_id":' .. case_id ..
      ',"seq":1,"written_at":"2026-12-02T10:00:00+09:00","change":{"kind":"note","note_kind":"visit",' ..
      '"happened_on":"2026-12-02","body":"\\u8a2a\\u554f\\u3057\\u307e\\u3057\\u305f"}}]}'
    return wrk.format("POST", "/api/casework/sync", { ["Content-Type"] = "application/json", ["Origin"] = origin,
      ["Cookie"] = worker }, body)
  end
end

function response(status, headers, body)
  local class = math.floor(status / 100) .. "xx"
  statuses[class] = (statuses[class] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for class, n in pairs(t:get("statuses")) do total[class] = (total[class] or 0) + n end
  end
  local line = "answers by class:"
  for _, class in ipairs({"2xx", "3xx", "4xx", "5xx"}) do line = line .. " " .. class .. "=" .. (total[class] or 0) end
  io.write(line .. "\n")
end
"""




def show(label, r):
    print(f"| {label} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} | {r['classes']} |", flush=True)


def nginx_side_by_side(html, seconds, connections, port):
    root = tempfile.mkdtemp(prefix="tsunagu-nginx-")
    with open(os.path.join(root, "activities"), "wb") as f:
        f.write(html)
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes auto; daemon off; pid {root}/nginx.pid; error_log {root}/error.log;
events {{ worker_connections 4096; }}
http {{ access_log off; types {{ }} default_type text/html; sendfile on;
  client_body_temp_path {root}; proxy_temp_path {root}; fastcgi_temp_path {root}; uwsgi_temp_path {root}; scgi_temp_path {root};
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([nginx, "-c", conf, "-p", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}", "/activities", 10)
        return wrk(f"http://127.0.0.1:{port}/activities", seconds, connections)
    finally:
        proc.send_signal(signal.SIGQUIT)
        proc.wait()
        shutil.rmtree(root, ignore_errors=True)




def mix_script(args, db, base, origin, capacity):
    """The Lua script of the mix against `base` (requests carry `origin`),
    the link worker signed in there; the events that take sign-ups get
    `capacity` places."""
    cookie = sign_in(base, LINK_WORKER)
    activities = db.query("SELECT id FROM activities ORDER BY id")
    events = db.query("SELECT id FROM events ORDER BY id")
    now = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%dT%H:%M:%S+09:00")
    open_events = db.query("SELECT id FROM events WHERE apply_method = 'portal' AND status = 'scheduled' "
                           f"AND capacity IS NOT NULL AND starts_at > '{now}' ORDER BY id")
    if not open_events:
        raise SystemExit("no upcoming event takes sign-ups on the portal")
    db.query(f"UPDATE events SET capacity = {capacity}, apply_deadline = NULL WHERE id IN (" + ",".join(open_events) + ")")
    case_id = int(db.query(f"SELECT c.id FROM cases c JOIN users u ON u.id = c.assigned_to WHERE u.email = '{LINK_WORKER}' ORDER BY c.id LIMIT 1")[0])
    script = os.path.join(tempfile.gettempdir(), f"tsunagu-load-{args.port}.lua")
    with open(script, "w") as f:
        f.write(LUA % {"activities": ", ".join(activities), "events": ", ".join(events), "open_events": ", ".join(open_events),
                       "origin": origin, "cookie": cookie, "case_id": case_id})
    return script, open_events


def after_mix(db):
    signups = db.query("SELECT COUNT(*) FROM event_signups")[0]
    notes = " ".join(db.query("SELECT outcome || '=' || COUNT(*) FROM sync_items GROUP BY outcome")) or "none"
    overbooked = db.query("SELECT COUNT(*) FROM events WHERE capacity IS NOT NULL AND booked > capacity")[0]
    # the count kept on the event is the sum of its confirmed sign-ups
    mismatched = db.query("SELECT COUNT(*) FROM events e WHERE booked <> (SELECT COALESCE(SUM(people), 0) FROM event_signups s "
                          "WHERE s.event_id = e.id AND s.status = 'confirmed')")[0]
    print(f"  (after the mix: {signups} sign-ups; synced notes: {notes}; events over capacity: {overbooked}; "
          f"events whose count differs from their sign-ups: {mismatched})", flush=True)


def run(args, cache):
    db = Database(args.postgres)
    base = f"http://127.0.0.1:{args.port}"
    server = start(args.binary, db, args.port, cache)
    try:
        wait_for(base, "/healthz")
        # room for the whole run: else nearly every sign-up is a cheap "full"
        script, _ = mix_script(args, db, base, base, 1_000_000)
        # warm: every page once, as after a while of use
        for path in ["/", "/activities", "/events", "/map"]:
            request(base, path)
        label = "cache on" if cache else "cache off"
        show(f"mix, {label}", wrk(base + "/", args.seconds, args.connections, script))
        after_mix(db)
        ours = wrk(base + "/activities", args.seconds, args.connections)
        show(f"/activities alone, {label}", ours)
        mem = memory(server.pid)
        print(f"  (server memory after the load: RSS {mem['VmRSS']:.0f} MB, peak {mem['VmHWM']:.0f} MB)", flush=True)
        if not args.no_nginx:
            _, _, html = request(base, "/activities")
            theirs = nginx_side_by_side(html, args.seconds, args.connections, args.port + 1)
            show("nginx, the same bytes from disk", theirs)
            print(f"  (ratio /activities ÷ nginx: {ours['rps'] / theirs['rps']:.3f})", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        db.drop()


def two_instances(args):
    """Two servers on one PostgreSQL database behind nginx (round robin):
    the mix through the proxy with few places per event, then what must
    hold across instances."""
    db = Database(args.postgres)
    a, b, proxy = (f"http://127.0.0.1:{p}" for p in (args.port, args.port + 2, args.port + 1))
    servers, nginx, root = [], None, tempfile.mkdtemp(prefix="tsunagu-proxy-")
    try:
        servers.append(start(args.binary, db, args.port, True))
        wait_for(a, "/healthz")  # the first seeds the town; the second finds it there
        servers.append(start(args.binary, db, args.port + 2, True))
        wait_for(b, "/healthz")
        conf = os.path.join(root, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 1; daemon off; pid {root}/nginx.pid; error_log {root}/error.log;
events {{ worker_connections 4096; }}
http {{ access_log off;
  client_body_temp_path {root}; proxy_temp_path {root}; fastcgi_temp_path {root}; uwsgi_temp_path {root}; scgi_temp_path {root};
  upstream tsunagu {{ server 127.0.0.1:{args.port}; server 127.0.0.1:{args.port + 2}; keepalive 128; }}
  server {{ listen 127.0.0.1:{args.port + 1};
    location / {{ proxy_pass http://tsunagu; proxy_http_version 1.1; proxy_set_header Connection "";
                  proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $remote_addr; }} }} }}
""")
        nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", conf, "-p", root],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(proxy, "/healthz", 10)
        # a session made on one server is valid on the other
        cookie = sign_in(a, LINK_WORKER)
        status, _, _ = request(b, "/api/casework/vault-key", b"", {"cookie": cookie, "origin": b})
        shared = status == 200
        print(f"  (signed in on one server, the other knows the session: {'yes' if shared else 'NO'} ({status}))", flush=True)
        # few places: sign-ups through both servers race for the last ones
        script, open_events = mix_script(args, db, proxy, proxy, 40)
        # a sign-up on one server shows on the other's kept event page
        event = open_events[0]
        for _ in range(2):
            request(b, f"/events/{event}")
        _, _, before = request(b, f"/events/{event}")
        body = (f"event_id={event}&form%5Bname%5D=%E8%B2%A0%E8%8D%B7&form%5Bcontact%5D=090-1234-0000"
                "&form%5Bpeople%5D=1&form%5Bnote%5D=&form%5Bconsent%5D=true&website=").encode()
        request(a, "/api/events/sign-up", body, {"content-type": "application/x-www-form-urlencoded", "origin": a})
        t0, seen = time.monotonic(), None
        while time.monotonic() - t0 < 5:
            _, headers, after = request(b, f"/events/{event}")
            if headers.get("x-tsunagu-cache") == "miss":
                seen = time.monotonic() - t0
                break
            time.sleep(0.01)
        print(f"  (a sign-up on one server: the other renders its event page again after "
              f"{'%.0f ms' % (seen * 1000) if seen is not None else 'MORE THAN 5 s'})", flush=True)
        show("mix through the proxy, two servers", wrk(proxy + "/", args.seconds, args.connections, script))
        after_mix(db)
        full = db.query(f"SELECT COUNT(*) FROM events WHERE id IN ({','.join(open_events)}) AND booked = capacity")[0]
        print(f"  ({full} of {len(open_events)} events filled to exactly their capacity)", flush=True)
    finally:
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait()
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait()
        shutil.rmtree(root, ignore_errors=True)
        db.drop()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "tsunagu"))
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--connections", type=int, default=500)
    ap.add_argument("--port", type=int, default=3470)
    ap.add_argument("--postgres", help="admin URL, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--cache", choices=["on", "off", "both"], default="both")
    ap.add_argument("--no-nginx", action="store_true")
    ap.add_argument("--two", action="store_true", help="two servers on one PostgreSQL database behind nginx (needs --postgres)")
    args = ap.parse_args()
    if args.two and not args.postgres:
        raise SystemExit("--two needs --postgres")
    need("wrk", "wrk")
    if args.two or not args.no_nginx:
        need("nginx", "nginx")
    print(f"{args.connections} connections, {args.seconds} s each, {'PostgreSQL' if args.postgres else 'SQLite'}")
    print("| run | req/s | p50 ms | p99 ms | socket errors | answers |")
    print("|---|---|---|---|---|---|")
    if args.two:
        two_instances(args)
        return
    for cache in {"on": [True], "off": [False], "both": [False, True]}[args.cache]:
        run(args, cache)


if __name__ == "__main__":
    main()
