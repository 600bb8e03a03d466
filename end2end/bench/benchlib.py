"""What the Python benches share: plain HTTP, waiting for a server, signing
in as a demo account, a process's memory, and installing a Debian tool."""
import os, re, shutil, subprocess, time, urllib.error, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
PASSWORD = os.environ.get("TSUNAGU_DEMO_STAFF_PASSWORD", "midorino-staff")


def request(base, path, data=None, headers=None, timeout=60):
    """(status, headers, body) of one request; POST when `data` is given."""
    req = urllib.request.Request(base + path, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def wait_for(base, path, deadline_s=120):
    """Wait until `path` answers 200; the monotonic time it did."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < deadline_s:
        try:
            if request(base, path, timeout=60)[0] == 200:
                return time.monotonic()
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.01)
    raise SystemExit(f"{path} did not answer within {deadline_s} s")


def sign_in(base, email):
    """The `tsunagu_session=…` cookie of a demo account."""
    body = f"email={urllib.request.quote(email)}&password={PASSWORD}&next=".encode()
    _, headers, text = request(base, "/api/accounts/login", body, {"content-type": "application/x-www-form-urlencoded"})
    m = re.search(r"(tsunagu_session=[^;]+)", headers.get("set-cookie", "") or headers.get("Set-Cookie", ""))
    if not m:
        raise SystemExit(f"cannot sign in as {email}: {text[:200]}")
    return m.group(1)


def memory(pid):
    """VmRSS and VmHWM (peak) of a process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                fields[k] = int(v.split()[0]) / 1024
    return fields


def need(tool, package):
    """Install Debian's `package` when `tool` is missing."""
    if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
        sudo = "sudo " if os.getuid() != 0 else ""
        subprocess.run(f"{sudo}apt-get install -y -qq {package} >/dev/null", shell=True, check=True)


def wrk(url, seconds, connections, script=None):
    """Debian's wrk on `url` (with a Lua `script`): requests/s, p50/p99 in
    ms, socket errors, non-2xx/3xx answers, and the script's `answers by
    class:` line when it prints one."""
    need("wrk", "wrk")
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True).stdout

    def ms(label):
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\b", out, re.M)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
    rps = float((re.search(r"Requests/sec:\s+([\d.]+)", out) or [0, "nan"])[1])
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    classes = re.search(r"answers by class: (.*)", out)
    return {"rps": rps, "p50": ms("50%"), "p99": ms("99%"), "errors": errors.group(1) if errors else "none",
            "non2xx": int(non2xx.group(1)) if non2xx else 0, "classes": classes.group(1) if classes else ""}
