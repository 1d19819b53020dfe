"""Measuring helpers for bench/load.py: wrk runs, a process's CPU time and RSS, starting and
stopping servers, the mock's admin API. Stdlib only; every wait is bounded."""
import json
import os
import re
import signal
import ssl
import statistics
import subprocess
import threading
import time
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class WrkResult:
    def __init__(self, rps, p50, p99, timeouts, non_2xx, total):
        self.rps, self.p50, self.p99, self.timeouts = rps, p50, p99, timeouts
        self.non_2xx, self.total = non_2xx, total  # wrk's run lasts a little longer than asked


def wrk(url, connections, seconds, header=None, timeout_s=2):
    """One bounded wrk run: req/s, p50/p99 ms, requests that timed out, non-2xx answers."""
    cmd = ["wrk", "-t", "2" if connections > 1 else "1", "-c", str(connections), "-d", f"{seconds}s",
           "--latency", "--timeout", f"{timeout_s}s"]
    if header:
        cmd += ["-H", header]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
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
    """`mockgate serve`'s "listening" lines, by environment."""
    return {json.loads(x)["env"]: json.loads(x) for x in lines if '"listening"' in x}


def admin(base, path, body=None, ca_file=None):
    """A call to the mock's admin API; the JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/__mockgate" + path, data=data, method="POST" if data else "GET")
    ctx = ssl.create_default_context(cafile=ca_file) if ca_file else None
    return json.load(urllib.request.urlopen(req, context=ctx, timeout=10))


def median(values):
    values = [v for v in values if v == v]  # NaN-free
    return statistics.median(values) if values else float("nan")
