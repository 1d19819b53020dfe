"""Measuring helpers for bench/load.py: wrk runs, a process's CPU time and RSS, starting and
stopping servers, the mock's admin API, single requests, callgrind's instruction counts. Stdlib
only; every wait is bounded."""
import glob
import http.client
import json
import os
import re
import signal
import socket
import ssl
import statistics
import subprocess
import threading
import time
import urllib.parse
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def children(pid):
    """The direct children of `pid` (nginx's workers)."""
    kids = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = open(stat).read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.split("/")[2]))
    return kids


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class WrkResult:
    def __init__(self, rps, p50, p99, timeouts, non_2xx, total):
        self.rps, self.p50, self.p99, self.timeouts = rps, p50, p99, timeouts
        self.non_2xx, self.total = non_2xx, total  # wrk's run lasts a little longer than asked


def wrk(url, connections, seconds, header=None, timeout_s=2, script=None):
    """One bounded wrk run: req/s, p50/p99 ms, requests that timed out, non-2xx answers.
    `script`: a Lua file setting wrk.method, wrk.body and wrk.headers (cases.lua_script)."""
    cmd = ["wrk", "-t", "2" if connections > 1 else "1", "-c", str(connections), "-d", f"{seconds}s",
           "--latency", "--timeout", f"{timeout_s}s"]
    if header:
        cmd += ["-H", header]
    if script:
        cmd += ["-s", script]
    done = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=seconds + 60)
    out = done.stdout
    if "requests in" not in out:
        raise RuntimeError(f"wrk {url} failed: {done.stderr.strip() or out.strip()}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")

    timeouts = re.search(r"timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return WrkResult(rps, pct(50), pct(99), int(timeouts.group(1)) if timeouts else 0,
                     int(non_2xx.group(1)) if non_2xx else 0, total)


def peak_rss_during(pid, action):
    """Runs `action()` while sampling the RSS of `pid`; returns (action's result, peak MiB)."""
    peak = [rss_mib(pid)]
    done = threading.Event()

    def sample():
        while not done.wait(0.2):
            peak[0] = max(peak[0], rss_mib(pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = action()
    finally:
        done.set()
        sampler.join()
    return result, max(peak[0], rss_mib(pid))


def start(cmd, ready, timeout_s=10):
    """Starts a server; returns (process, its stdout lines until `ready(lines)` holds)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    lines = []
    deadline = time.time() + timeout_s
    while time.time() < deadline and not ready(lines):
        line = p.stdout.readline()
        if not line and p.poll() is not None:
            raise RuntimeError(f"{cmd[0]} exited with {p.returncode} before it was ready")
        lines.append(line.strip())
    if not ready(lines):
        stop(p)
        raise RuntimeError(f"{cmd[0]} was not ready within {timeout_s} s")
    return p, lines


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def listening(lines):
    """`mockgate serve`'s "listening" lines, by (provider, environment)."""
    found = (json.loads(x) for x in lines if '"listening"' in x)
    return {(j["provider"], j["env"]): j for j in found}


def admin(base, path, body=None, ca_file=None):
    """A call to the mock's admin API; the JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/__mockgate" + path, data=data, method="POST" if data else "GET")
    ctx = ssl.create_default_context(cafile=ca_file) if ca_file else None
    return json.load(urllib.request.urlopen(req, context=ctx, timeout=10))


def median(values):
    values = [v for v in values if v == v]  # NaN-free
    return statistics.median(values) if values else float("nan")


def request(url, method="GET", body=None, headers=None, ca_file=None, connection=None):
    """One HTTP request: (status, {lowercased header: value}, body text). `url` is the whole
    URL; https is verified against `ca_file`, or not at all without one (nginx's self-signed
    certificate). Pass `connection` (from `connect`) to reuse a keep-alive connection."""
    parts = urllib.parse.urlsplit(url)
    conn = connection or connect(url, ca_file)
    path = parts.path + ("?" + parts.query if parts.query else "")
    conn.request(method, path, body=body.encode() if body is not None else None, headers=headers or {})
    resp = conn.getresponse()
    text = resp.read().decode()
    answer = resp.status, {k.lower(): v for k, v in resp.getheaders()}, text
    if connection is None:
        conn.close()
    return answer


def connect(url, ca_file=None, timeout_s=30):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        ctx = ssl.create_default_context(cafile=ca_file) if ca_file else ssl._create_unverified_context()
        return http.client.HTTPSConnection(parts.hostname, parts.port, context=ctx, timeout=timeout_s)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)


def wait_for_port(port, timeout_s=10, process=None):
    """Until 127.0.0.1:`port` accepts a connection (a server without a ready line: nginx)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode} before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on port {port} within {timeout_s} s")


def callgrind_control(pid, *args, timeout_s=60):
    """callgrind_control ARGS PID on a process run under valgrind --tool=callgrind."""
    done = subprocess.run(["callgrind_control", *args, str(pid)], capture_output=True, text=True,
                          timeout=timeout_s)
    if done.returncode != 0 or "Error" in done.stdout:
        raise RuntimeError(f"callgrind_control {' '.join(args)} {pid}: {done.stdout.strip()} {done.stderr.strip()}")
    return done.stdout


def callgrind_total(out_file):
    """Instructions in the newest dump of `out_file` (cg.out, cg.out.1, …): its totals line."""
    dumps = glob.glob(out_file + "*")
    if not dumps:
        raise RuntimeError(f"no callgrind dump at {out_file}")
    newest = max(dumps, key=os.path.getmtime)
    totals = summary = None
    for line in open(newest, errors="replace"):
        if line.startswith("totals:"):
            totals = int(line.split()[1])
        elif line.startswith("summary:"):
            summary = int(line.split()[1])
    if totals is None and summary is None:
        raise RuntimeError(f"no totals or summary line in {newest}")
    return totals if totals is not None else summary
