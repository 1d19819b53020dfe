#!/usr/bin/env python3
"""Load, stalls, memory, start-up and runner benchmarks for mockgate, side by side in one run with
a tuned bare cpp-httplib responder (bench/bare_responder.cpp) and the JavaScript mocks from npm
(bench/competitors.py). Absolute numbers drift ~25 % between runs here: only ratios measured in
the same run count, so every round measures every server, and each cell is the median of rounds.

Usage: bench/load.py BUILD_DIR [--seconds N] [--rounds N] [--no-competitors] [--no-runner]
Prints the tables of bench/RESULTS.md as Markdown. Loopback only; every run is bounded in time.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import competitors  # noqa: E402
import stalls  # noqa: E402
import tools  # noqa: E402

PATH = "/api/v1/lisoloo/sms-api/balance"
KEY = "bench-key-0123456789"  # the bare responder's and the competitors' key
# Fixed ports stay below the kernel's range for outgoing ports (32768-60999 here): a wrk socket
# in TIME-WAIT can hold one of those.
STALL_CONNECTIONS = 256
MILLION = 1_000_000


class Server:
    """A server under load: its workload URL, the header for each status, the pid to watch."""

    def __init__(self, name, url, headers, pid, transport="plain"):
        self.name, self.url, self.headers, self.pid, self.transport = name, url, headers, pid, transport


def measure(server, status, conns, seconds):
    cpu0 = tools.cpu_seconds(server.pid)
    r = tools.wrk(server.url, conns, seconds, server.headers[status])
    r.cpu_us = (tools.cpu_seconds(server.pid) - cpu0) / max(r.rps * seconds, 1) * 1e6
    r.refused_pct = 100 * r.non_2xx / max(r.total, 1)  # shows the workload is what it says
    return r


def start_mockgate(build, tls, extra=()):
    args = [f"{build}/mockgate", "serve", "--provider", "lisoloo", "--journal-size", "10000"]
    args += [] if tls else ["--no-tls"]
    p, lines = tools.start(args + list(extra), lambda l: len(tools.listening(l)) >= 2)
    live = tools.listening(lines)["live"]
    return p, live["url"], live.get("ca_file")


def mockgate_server(p, base, ca_file, transport):
    keys = {s: tools.admin(base, "/keys", body, ca_file)["value"] for s, body in (
        (200, {"env": "live", "tier": "unlimited"}),  # no documented tier allows these rates
        (403, {"env": "live", "status": "suspended"}),
        (429, {"env": "live"}))}  # standard tier: 1,000/min, then 429
    headers = {200: f"app-key: {keys[200]}", 401: None, 403: f"app-key: {keys[403]}", 429: f"app-key: {keys[429]}"}
    return Server("mockgate", base + PATH, headers, p.pid, transport)


def startup_ms(build, tls, runs=10):
    """`mockgate serve` spawn → first answer of /__mockgate/health, median of `runs`."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p, base, ca_file = start_mockgate(build, tls)
        tools.admin(base, "/health", None, ca_file)
        samples.append((time.perf_counter() - t0) * 1000)
        tools.stop(p)
    return tools.median(samples)


def load(build, args, out):
    """Every server, every case, `rounds` times interleaved; medians per cell."""
    started = []
    servers = []
    bare, _ = tools.start([f"{build}/mockgate_bare_responder", "27901", KEY], lambda l: "ready" in l)
    started.append(lambda: tools.stop(bare))
    servers.append(Server("bare cpp-httplib", "http://127.0.0.1:27901" + PATH,
                          {200: f"app-key: {KEY}", 401: None}, bare.pid))
    plain, base, _ = start_mockgate(build, False)
    started.append(lambda: tools.stop(plain))
    idle_rss = tools.rss_mib(plain.pid)
    mock = mockgate_server(plain, base, None, "plain")
    servers.append(mock)
    tls, tls_base, ca_file = start_mockgate(build, True)
    started.append(lambda: tools.stop(tls))
    mock_tls = mockgate_server(tls, tls_base, ca_file, "tls")
    servers.append(mock_tls)
    cold = {}
    if not args.no_competitors:
        for name, why in competitors.available().items():
            if why:
                out(f"_{name} not measured: {why}_\n")
                continue
            h = competitors.start(name, 27950 + 2 * len(cold), KEY)
            started.append(lambda h=h: competitors.stop(h))
            cold[name] = [h.cold_start_ms]
            servers.append(Server(name, h.url, {200: f"app-key: {KEY}", 401: None}, h.pid_for_stats))
    try:
        cases = []
        for s in servers:
            if s is mock:
                cases += [(s, st, c) for st in (200, 401, 403, 429) for c in (32, 1)]
            elif s is mock_tls:
                cases += [(s, 200, c) for c in (32, 1)]
            elif s.name == "bare cpp-httplib":
                cases += [(s, st, c) for st in (200, 401) for c in (32, 1)]
            else:
                cases += [(s, 200, 32), (s, 401, 32), (s, 200, 1)]
        for s in servers:  # JIT compilers and lazily built state warm up before anything counts
            tools.wrk(s.url, 32, 1, s.headers[200])
        results = {}
        for _ in range(args.rounds):
            for s, st, c in cases:
                results.setdefault((s.name, s.transport, st, c), []).append(measure(s, st, c, args.seconds))
        rss = {s.name + "/" + s.transport: tools.rss_mib(s.pid) for s in servers}
        stall_table = stall_rows(servers, base, args.seconds * 2)
        memory = million(mock, base, idle_rss)
    finally:
        for stop in reversed(started):
            stop()
    for name in cold:  # cold starts: two more, each alone on the machine
        for _ in range(2):
            h = competitors.start(name, 27990, KEY)
            cold[name].append(h.cold_start_ms)
            competitors.stop(h)
    return results, rss, cold, stall_table, memory


def med(results, key, attr):
    return tools.median([getattr(r, attr) for r in results.get(key, [])])


def print_load(results, out, rounds, seconds):
    out(f"### Load ({seconds} s per cell, median of {rounds} rounds; wrk on the same 2 cores)\n")
    out("| server | transport | status | conns | req/s | non-2xx % | p50 ms | p99 ms | server CPU µs/req | vs bare httplib |")
    out("|---|---|---|---|---|---|---|---|---|---|")
    for key in results:
        name, transport, st, c = key
        rps, bare = med(results, key, "rps"), med(results, ("bare cpp-httplib", "plain", st, c), "rps")
        ratio = f"{rps / bare:.2f}x" if bare == bare and name != "bare cpp-httplib" else "-"
        p50, p99, cpu, refused = (med(results, key, a) for a in ("p50", "p99", "cpu_us", "refused_pct"))
        out(f"| {name} | {transport} | {st} | {c} | {rps:,.0f} | {refused:.0f} | {p50:.2f} | {p99:.2f} | "
            f"{cpu:.1f} | {ratio} |")

    def ratio(a, b):
        x, y = med(results, a, "rps"), med(results, b, "rps")
        return f"{x / y:.2f}x" if y == y and y > 0 else "not measured"

    out("\n### Targets\n")
    out("| ratio (req/s, 32 connections) | target | measured |")
    out("|---|---|---|")
    out(f"| mockgate 200 / bare httplib 200 | ≥ 0.9x | {ratio(('mockgate', 'plain', 200, 32), ('bare cpp-httplib', 'plain', 200, 32))} |")
    out(f"| mockgate 401 / bare httplib 401 | ≥ 0.9x | {ratio(('mockgate', 'plain', 401, 32), ('bare cpp-httplib', 'plain', 401, 32))} |")
    for name, target in (("mockttp", 3), ("mountebank", 4), ("mountebank, defaults", 4), ("prism", 8),
                         ("prism, defaults", 8)):
        for st in (200, 401):
            out(f"| mockgate {st} / {name} {st} | ≥ {target}x | {ratio(('mockgate', 'plain', st, 32), (name, 'plain', st, 32))} |")
    out(f"| mockgate TLS 200 / plain 200 | ≥ 0.8x | {ratio(('mockgate', 'tls', 200, 32), ('mockgate', 'plain', 200, 32))} |")


def stall_rows(servers, mock_base, seconds):
    """256 keep-alive connections at once, each counted client-side (stalls.py); mockgate also
    counts server-side (less the one connection the second stats call comes on)."""
    rows = []

    def connection_stats():
        return tools.admin(mock_base, "/stats")["connections"]

    for s in servers:
        if s.transport != "plain" or s.name.endswith("defaults"):  # those close every connection
            continue
        before = connection_stats() if s.name == "mockgate" else None
        answers, longest = stalls.per_connection(urllib.parse.urlsplit(s.url).port, PATH, s.headers[200],
                                                 STALL_CONNECTIONS, seconds)
        server_side = "-"
        if before is not None:
            time.sleep(0.5)  # the workers see the closes
            after = connection_stats()
            server_side = (f"{after['accepted'] - before['accepted'] - 1} accepted, "
                           f"{after['closed_unanswered'] - before['closed_unanswered']} closed unanswered, "
                           f"longest wait for a worker {after['longest_wait_ms']:.1f} ms, {after['workers']} workers")
        rows.append((s.name, answers, longest, server_side))
    return rows


def million(mock, base, idle_rss):
    """Loads the plain mockgate with another million requests after everything above (its
    worker threads, journal ring and allocator arenas are as big as they get by then): RSS before
    and after shows whether memory is bounded. Bounded in time."""
    def answers():
        return tools.admin(base, "/stats")["connections"]["answers"]

    start_answers, start_rss = answers(), tools.rss_mib(mock.pid)

    def another_million():
        deadline = time.time() + 180
        while answers() < start_answers + MILLION and time.time() < deadline:
            tools.wrk(mock.url, 32, 5, mock.headers[200])

    _, peak = tools.peak_rss_during(mock.pid, another_million)
    stats = tools.admin(base, "/stats")
    return {"idle": idle_rss, "before": start_rss, "before_answers": start_answers, "peak": peak,
            "after": tools.rss_mib(mock.pid), "answers": stats["connections"]["answers"],
            "journal": stats["journal"]}


def runner_bench(build, out):
    """The whole catalogue per client: wall time against its slowest scenario (its longest
    mandatory wait: back-off, held answers), and the runner's own cost per scenario."""
    jobs = os.cpu_count() or 1
    python = os.path.realpath(sys.executable)  # the interpreter itself, not a version manager's shim
    out(f"\n### Runner (whole catalogue, -j {jobs} = cores)\n")
    out("| client | scenarios | wall s | slowest scenario s | wall / slowest | target |")
    out("|---|---|---|---|---|---|")
    cpp_client = os.path.join(build, "fixtures/clients/cpp/mockgate-cpp-client")
    for name, client in (("builtin:profile", "builtin:profile"), ("C++ reference", cpp_client),
                         ("python reference", f"{python} fixtures/clients/python/client.py")):
        scenarios, wall = run_catalogue(build, client, jobs)
        slowest = max(s["duration_ms"] for s in scenarios) / 1000
        out(f"| {name} | {len(scenarios)} | {wall:.2f} | {slowest:.2f} | {wall / slowest:.2f} | ≤ 1.3 |")
    # The runner's own cost: the in-process client, one at a time, scenarios that wait for nothing.
    scenarios, _ = run_catalogue(build, "builtin:profile", 1)
    quick = sorted(s["duration_ms"] for s in scenarios if s["duration_ms"] < 500)
    out(f"\nPer scenario, in-process client, -j 1, the {len(quick)} scenarios without waits: median "
        f"{tools.median(quick):.1f} ms (fresh mock over TLS with its plain twin, arrangement, client, "
        "journal, checks).")


ZOO_CLIENTS = ("python-requests", "python-httpx", "node-axios", "curl", "ruby", "php", "go", "java")


def zoo_bench(build, out):
    """The whole catalogue per zoo client (fixtures/clients/zoo/), -j = cores: wall time against
    its slowest scenario, which is the longest wait that client's own policy makes mandatory
    (its timeout on a held answer, its back-off on a 429 that persists)."""
    jobs = os.cpu_count() or 1
    out(f"\n### The zoo (whole catalogue, -j {jobs} = cores)\n")
    out("| client | must failed | warned | wall s | slowest scenario s | wall / slowest |")
    out("|---|---|---|---|---|---|")
    env = dict(os.environ, MOCKGATE_ZOO_JOBS=str(jobs), MOCKGATE_ZOO_BUILD=os.path.join(build, "zoo"))
    for name in ZOO_CLIENTS:
        subprocess.run(["tests/zoo/run-client", f"{build}/mockgate", name, "--filter", "none/none"],
                       capture_output=True, env=env, timeout=900)  # compiles Go and Java, off the clock
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            t0 = time.perf_counter()
            done = subprocess.run(["tests/zoo/run-client", f"{build}/mockgate", name, "--json", report.name, "--force"],
                                  capture_output=True, env=env, timeout=900)
            wall = time.perf_counter() - t0
            if done.returncode == 77:
                out(f"| {name} | not installed | | | | |")
                continue
            j = json.load(open(report.name))
        slowest = max(s["duration_ms"] for s in j["scenarios"]) / 1000
        summary = j["summary"]
        out(f"| {name} | {summary['failed']} | {summary.get('warned', 0)} | {wall:.2f} | {slowest:.2f} | "
            f"{wall / slowest:.2f} |")


def run_catalogue(build, client, jobs):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        t0 = time.perf_counter()
        subprocess.run([f"{build}/mockgate", "run", "--client", client, "-j", str(jobs), "--json", report.name, "--force"],
                       capture_output=True, timeout=900)
        wall = time.perf_counter() - t0
        return json.load(open(report.name))["scenarios"], wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default="build")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-competitors", action="store_true")
    parser.add_argument("--no-runner", action="store_true")
    parser.add_argument("--zoo-only", action="store_true", help="only the zoo's catalogue wall times")
    args = parser.parse_args()

    def out(line=""):
        print(line, flush=True)

    if args.zoo_only:
        zoo_bench(args.build, out)
        return
    results, rss, cold, stall_table, memory = load(args.build, args, out)
    print_load(results, out, args.rounds, args.seconds)

    out(f"\n### Stalls: {STALL_CONNECTIONS} keep-alive connections at once, {args.seconds * 2} s\n")
    out("Counted per connection by bench/stalls.py (one request in flight on each; the Python client, "
        "not the server, bounds the rate here).\n")
    out("| server | connections never answered | fewest answers on one | longest wait for an answer s | "
        "counted server-side |")
    out("|---|---|---|---|---|")
    for name, answers, longest, server_side in stall_table:
        out(f"| {name} | {sum(1 for a in answers if a == 0)} of {len(answers)} | {min(answers):,} | "
            f"{longest:.2f} | {server_side} |")

    out("\n### Memory (RSS)\n")
    out(f"mockgate: idle {memory['idle']:.1f} MiB; after its load rows and the stall run "
        f"({memory['before_answers']:,} answers) {memory['before']:.1f} MiB; after another million "
        f"({memory['answers']:,} answers) {memory['after']:.1f} MiB, peak {memory['peak']:.1f}; journal "
        f"{memory['journal']['size']:,} events kept, {memory['journal']['dropped']:,} dropped (a ring of 10,000).")
    out("After each server's load rows: " + ", ".join(f"{k} {v:.1f} MiB" for k, v in rss.items()) + ".")

    out("\n### Start-up (spawn → first answer)\n")
    out(f"mockgate serve: plain {startup_ms(args.build, False):.1f} ms, TLS {startup_ms(args.build, True):.1f} ms "
        "(median of 10).")
    if cold:
        out("Competitors (median of 3): " + ", ".join(f"{n} {tools.median(v):.0f} ms" for n, v in cold.items()) + ".")

    if not args.no_runner:
        runner_bench(args.build, out)
        zoo_bench(args.build, out)


if __name__ == "__main__":
    main()
