#!/usr/bin/env python3
"""Load, start-up and memory benchmarks for `mockgate serve`, against a tuned bare cpp-httplib
responder measured in the same run: only the ratios count (absolute numbers drift ~25 % here).

Usage: bench/load.py BUILD_DIR [--seconds N]   (needs wrk; scripts/bench installs it)
Loopback only; every run is bounded in time.
"""
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
SECONDS = int(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 5
PATH = "/api/v1/lisoloo/sms-api/balance"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk(url, connections, header=None):
    """req/s, p50 ms, p99 ms, non-2xx count of one bounded wrk run."""
    cmd = ["wrk", "-t", "2" if connections > 1 else "1", "-c", str(connections), "-d", f"{SECONDS}s",
           "--latency", "--timeout", "2s"]
    if header:
        cmd += ["-H", header]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=SECONDS + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]

    return rps, pct(50), pct(99)


def start(cmd, ready):
    """Starts a server; returns (process, first stdout lines until `ready(lines)` is true)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    lines = []
    deadline = time.time() + 10
    while time.time() < deadline and not ready(lines):
        lines.append(p.stdout.readline().strip())
    return p, lines


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()


def admin_key(base, body, ctx=None):
    req = urllib.request.Request(base + "/__mockgate/keys", data=json.dumps(body).encode(), method="POST")
    return json.load(urllib.request.urlopen(req, context=ctx))["value"]


def startup_ms(args, runs=10):
    """Spawn → first answer of /__mockgate/health, median of `runs`."""
    import ssl
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen([f"{BUILD}/mockgate", "serve", "--provider", "lisoloo"] + args,
                             stdout=subprocess.PIPE, text=True)
        line = json.loads(p.stdout.readline())
        ctx = ssl.create_default_context(cafile=line["ca_file"]) if "ca_file" in line else None
        urllib.request.urlopen(line["url"] + "/__mockgate/health", context=ctx).read()
        samples.append((time.perf_counter() - t0) * 1000)
        stop(p)
    return statistics.median(samples)


def main():
    rows = []
    # The baseline.
    bare, _ = start([f"{BUILD}/mockgate_bare_responder", "47901", "bench-key"], lambda l: "ready" in l)
    base_bare = "http://127.0.0.1:47901" + PATH
    baseline = {}
    for conns in (32, 1):
        baseline[(200, conns)] = wrk(base_bare, conns, "app-key: bench-key")
        baseline[(401, conns)] = wrk(base_bare, conns)
    stop(bare)

    # mockgate, plain HTTP.
    mock, lines = start([f"{BUILD}/mockgate", "serve", "--provider", "lisoloo", "--no-tls", "--journal-size", "10000"],
                        lambda l: sum('"listening"' in x for x in l) >= 2)
    urls = {json.loads(x)["env"]: json.loads(x)["url"] for x in lines if '"listening"' in x}
    live = urls["live"]
    rss_idle = rss_mib(mock.pid)
    allowed = admin_key(live, {"env": "live", "tier": "enterprise"})
    suspended = admin_key(live, {"env": "live", "status": "suspended"})
    limited = admin_key(live, {"env": "live"})  # standard tier: 1,000/min, then 429
    cases = [(200, f"app-key: {allowed}"), (401, None), (403, f"app-key: {suspended}"), (429, f"app-key: {limited}")]
    requests_total = 0
    for status, header in cases:
        for conns in (32, 1):
            cpu0 = cpu_seconds(mock.pid)
            rps, p50, p99 = wrk(live + PATH, conns, header)
            cpu_us = (cpu_seconds(mock.pid) - cpu0) / max(rps * SECONDS, 1) * 1e6
            requests_total += int(rps * SECONDS)
            base = baseline.get((status, conns))
            ratio = f"{rps / base[0]:.2f}x" if base else "-"
            rows.append(("plain", status, conns, rps, p50, p99, cpu_us, ratio))
    rss_loaded = rss_mib(mock.pid)
    stop(mock)

    # mockgate, TLS (keep-alive): compared with its own plain numbers.
    mock, lines = start([f"{BUILD}/mockgate", "serve", "--provider", "lisoloo"],
                        lambda l: sum('"listening"' in x for x in l) >= 2)
    line = next(json.loads(x) for x in lines if '"listening"' in x and '"live"' in x)
    import ssl
    ctx = ssl.create_default_context(cafile=line["ca_file"])
    key = admin_key(line["url"], {"env": "live", "tier": "enterprise"}, ctx)
    plain = {(r[1], r[2]): r[3] for r in rows}
    for conns in (32, 1):
        rps, p50, p99 = wrk(line["url"] + PATH, conns, f"app-key: {key}")
        rows.append(("tls", 200, conns, rps, p50, p99, float("nan"), f"{rps / plain[(200, conns)]:.2f}x of plain"))
    stop(mock)

    print(f"## Load ({SECONDS} s per row, wrk on the same machine, loopback)\n")
    print("| transport | status | conns | req/s | p50 ms | p99 ms | server CPU µs/req | vs bare httplib |")
    print("|---|---|---|---|---|---|---|---|")
    for t, s, c, rps, p50, p99, cpu, ratio in rows:
        print(f"| {t} | {s} | {c} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {cpu:.1f} | {ratio} |")
    print("\nbare cpp-httplib responder (tuned):", ", ".join(
        f"{s} @{c} conns {v[0]:,.0f} req/s" for (s, c), v in baseline.items()))
    print(f"\n## Memory\n\nRSS idle {rss_idle:.1f} MiB; after ~{requests_total:,} requests {rss_loaded:.1f} MiB "
          f"(journal: a ring of 10,000 events)")
    print(f"\n## Start-up (spawn → first answer, median of 10)\n\nplain {startup_ms(['--no-tls']):.1f} ms; "
          f"TLS {startup_ms([]):.1f} ms")


def runner_bench():
    """The whole catalogue per client: wall time against its slowest scenario (the longest
    mandatory wait: retries' back-off, timeouts), and the runner's overhead per scenario."""
    import tempfile
    jobs = os.cpu_count() or 1
    print(f"\n## Runner (whole catalogue, -j {jobs})\n")
    print("| client | scenarios | wall s | slowest scenario s | wall / slowest | sum of scenario time / (wall x jobs) |")
    print("|---|---|---|---|---|---|")
    for name, client in (("builtin:cpp", "builtin:cpp"), ("python", "python3 fixtures/clients/python/client.py")):
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            t0 = time.perf_counter()
            subprocess.run([f"{BUILD}/mockgate", "run", "--client", client, "-j", str(jobs), "--json", report.name],
                           capture_output=True, timeout=900)
            wall = time.perf_counter() - t0
            scenarios = json.load(open(report.name))["scenarios"]
        durations = [s["duration_ms"] / 1000 for s in scenarios]
        slowest = max(durations)
        busy = sum(durations) / (wall * jobs)
        print(f"| {name} | {len(scenarios)} | {wall:.1f} | {slowest:.1f} | {wall / slowest:.2f} | {busy:.2f} |")


if __name__ == "__main__":
    main()
    if "--no-runner" not in sys.argv:
        runner_bench()
