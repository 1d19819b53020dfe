#!/usr/bin/env python3
"""Load, stalls, memory, start-up and runner benchmarks for mockgate, side by side in one run with
nginx as the ceiling (bench/ceiling.py), a tuned bare cpp-httplib responder (bench/bare_responder.cpp)
and the JavaScript mocks from npm (bench/competitors.py). Absolute numbers drift ~25 % between runs
here: only ratios measured in the same run count, so every round measures every server, and each
cell is the median of rounds. The request cases (each operation's 200 and each refusal) are in
bench/cases.py; each is checked with one request on every server before it is loaded. Beside
req/s: server CPU per request, and for mockgate and nginx callgrind's instructions per request
(plain, one connection, each server once under valgrind).

Usage: bench/load.py BUILD_DIR [--seconds N] [--rounds N] [--cases NAME,...] [--no-callgrind]
                     [--callgrind-seconds N] [--no-competitors] [--no-runner] [--zoo-only]
Prints the tables of bench/RESULTS.md as Markdown. Loopback only; every run is bounded in time.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases  # noqa: E402
import ceiling  # noqa: E402
import competitors  # noqa: E402
import stalls  # noqa: E402
import tools  # noqa: E402

PATH = cases.BALANCE  # the stall run's and the million's request, with KEY
KEY = cases.KEYS[("lisoloo", "live")]  # every server's unlimited lisoloo key (bare and competitors too)
PROVIDERS = ("lisoloo", "agentclara", "qlara")
# Fixed ports stay below the kernel's range for outgoing ports (32768-60999 here): a wrk socket
# in TIME-WAIT can hold one of those.
BARE_PORT = 27901
NGINX_PORTS = (27921, 27922)  # plain, TLS
NGINX_CALLGRIND_PORT = 27923
STALL_CONNECTIONS = 256
MILLION = 1_000_000
BARE_CASES = ("send", "balance", "no-key", "invalid-body", "balance-no-key")
NGINX_TLS_CASES = ("send", "no-key")
COMPETITOR_CASES = ("balance", "balance-no-key")  # the balance path only: 200 at 32 and 1 connections, 401
PRIME_LIMIT = 1100  # requests that fill the standard tier's 1,000 a minute


class Server:
    """A server under load: a base URL per provider, the cases it answers with their connection
    counts, the pids whose CPU time counts (nginx: its master and workers)."""

    def __init__(self, name, urls, pid, case_conns, transport="plain", ca_file=None, children=False):
        self.name, self.urls, self.pid, self.transport, self.ca_file = name, urls, pid, transport, ca_file
        self.case_conns, self.children = case_conns, children  # [(Case, conns)]
        self.url = urls["lisoloo"] + PATH  # warm-up, stalls and the million: the balance with KEY
        self.headers = {200: f"app-key: {KEY}"}

    def pids(self):
        return [self.pid] + (tools.children(self.pid) if self.children else [])

    def cpu(self):
        return sum(tools.cpu_seconds(p) for p in self.pids())

    def rss(self):
        return sum(tools.rss_mib(p) for p in self.pids())


def case_conns(selected, names=None, extra=()):
    """[(Case, conns)] for the `selected` cases among `names` (None: all), plus `extra` pairs."""
    rows = [(c, n) for c in selected if names is None or c.name in names for n in c.conns]
    return rows + [(cases.BY_NAME[name], n) for name, n in extra if cases.BY_NAME[name] in selected]


def write_scripts(workdir, selected):
    scripts = {}
    for c in selected:
        scripts[c.name] = os.path.join(workdir, f"{c.name}.lua")
        with open(scripts[c.name], "w") as f:
            f.write(cases.lua_script(c))
    return scripts


def prime(server, case):
    """Fills the rate-limit window (one keep-alive connection) until `case`'s status shows."""
    url = server.urls[case.provider] + case.path
    conn = tools.connect(url, server.ca_file)
    try:
        for _ in range(PRIME_LIMIT):
            if tools.request(url, case.method, case.body, case.headers, server.ca_file, conn)[0] == case.status:
                return
    finally:
        conn.close()
    raise RuntimeError(f"{server.name}/{server.transport} {case.name}: no {case.status} after {PRIME_LIMIT} requests")


def verify(server, selected):
    """One request per case, each status checked (loudly); the answers, by case name."""
    answers, wrong = {}, []
    for c in selected:
        if c.prime:
            prime(server, c)
        answer = tools.request(server.urls[c.provider] + c.path, c.method, c.body, c.headers, server.ca_file)
        answers[c.name] = answer
        if answer[0] != c.status:
            wrong.append(f"{c.name} ({c.what}): {answer[0]} {answer[2][:200]!r}, expected {c.status}")
    if wrong:
        raise RuntimeError(f"{server.name}/{server.transport} answers a case wrongly:\n  " + "\n  ".join(wrong))
    return answers


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def same_answers(mockgate, nginx, transport):
    """nginx answers each case as mockgate did: status, Content-Type, body (uuids aside)."""
    wrong = []
    for name, (status, headers, body) in nginx.items():
        m_status, m_headers, m_body = mockgate[name]
        if (status, headers.get("content-type"), UUID.sub("U", body)) != (
                m_status, m_headers.get("content-type"), UUID.sub("U", m_body)):
            wrong.append(f"{name}: nginx {status} {headers.get('content-type')} {body[:120]!r}, "
                         f"mockgate {m_status} {m_headers.get('content-type')} {m_body[:120]!r}")
    if wrong:
        raise RuntimeError(f"nginx/{transport} does not answer as mockgate:\n  " + "\n  ".join(wrong))


def measure(server, case, conns, seconds, scripts):
    if case.prime:
        prime(server, case)
    cpu0 = server.cpu()
    r = tools.wrk(server.urls[case.provider] + case.path, conns, seconds, script=scripts[case.name])
    r.cpu_us = (server.cpu() - cpu0) / max(r.rps * seconds, 1) * 1e6
    r.refused_pct = 100 * r.non_2xx / max(r.total, 1)  # shows the workload is what it says
    return r


def start_mockgate(build, tls, extra=()):
    """`mockgate serve --provider lisoloo` (start-up times): its process, live URL, CA file."""
    args = [f"{build}/mockgate", "serve", "--provider", "lisoloo", "--journal-size", "10000"]
    args += [] if tls else ["--no-tls"]
    p, lines = tools.start(args + list(extra), lambda l: len(tools.listening(l)) >= 2)
    live = tools.listening(lines)[("lisoloo", "live")]
    return p, live["url"], live.get("ca_file")


def start_mockgate_all(build, tls, prefix=(), timeout_s=10):
    """`mockgate serve` with every provider of the cases, the bench keys created in each: its
    process, {provider: live URL}, the CA file (TLS)."""
    args = list(prefix) + [f"{build}/mockgate", "serve", "--journal-size", "10000"]
    for provider in PROVIDERS:
        args += ["--provider", provider]
    args += [] if tls else ["--no-tls"]
    p, lines = tools.start(args, lambda l: any('"ready"' in x for x in l), timeout_s)
    try:
        found = tools.listening(lines)
        urls = {provider: found[(provider, "live")]["url"] for provider in PROVIDERS}
        ca_file = found[("lisoloo", "live")].get("ca_file")
        for (provider, role), body in cases.KEY_BODIES.items():
            tools.admin(urls[provider], "/keys", dict(body, value=cases.KEYS[(provider, role)]), ca_file)
    except Exception:
        tools.stop(p)
        raise
    return p, urls, ca_file


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


def load(build, args, selected, workdir, out):
    """Every server, every case, `rounds` times interleaved; medians per cell."""
    started = []
    servers = []
    scripts = write_scripts(workdir, selected)
    try:
        bare, _ = tools.start([f"{build}/mockgate_bare_responder", str(BARE_PORT), KEY], lambda l: "ready" in l)
        started.append(lambda bare=bare: tools.stop(bare))
        bare_url = f"http://127.0.0.1:{BARE_PORT}"
        servers.append(Server("bare cpp-httplib", {"lisoloo": bare_url}, bare.pid, case_conns(selected, BARE_CASES)))
        plain, urls, _ = start_mockgate_all(build, False)
        started.append(lambda plain=plain: tools.stop(plain))
        base = urls["lisoloo"]
        idle_rss = tools.rss_mib(plain.pid)
        mock = Server("mockgate", urls, plain.pid, case_conns(selected))
        servers.append(mock)
        tls, tls_urls, ca_file = start_mockgate_all(build, True)
        started.append(lambda tls=tls: tools.stop(tls))
        mock_tls = Server("mockgate", tls_urls, tls.pid, case_conns(selected), "tls", ca_file)
        servers.append(mock_tls)
        answers = verify(mock, selected)
        verify(mock_tls, selected)
        if not ceiling.binary():
            out("_nginx not measured: not installed (apt-get install nginx-light)_\n")
        else:
            ng = ceiling.start(os.path.join(workdir, "nginx"), answers, selected, *NGINX_PORTS)
            started.append(lambda ng=ng: ceiling.stop(ng))
            servers.append(Server("nginx", {p: ng.url for p in PROVIDERS}, ng.pid, case_conns(selected),
                                  children=True))
            servers.append(Server("nginx", {p: ng.tls_url for p in PROVIDERS}, ng.pid,
                                  case_conns(selected, NGINX_TLS_CASES), "tls", children=True))
        cold = {}
        if not args.no_competitors:
            for name, why in competitors.available().items():
                if why:
                    out(f"_{name} not measured: {why}_\n")
                    continue
                h = competitors.start(name, 27950 + 2 * len(cold), KEY)
                started.append(lambda h=h: competitors.stop(h))
                cold[name] = [h.cold_start_ms]
                base_url = h.url[:-len(PATH)] if h.url.endswith(PATH) else h.url
                servers.append(Server(name, {"lisoloo": base_url}, h.pid_for_stats,
                                      case_conns(selected, ("balance-no-key",), [("balance", 32), ("balance", 1)])))
        for s in servers:
            if s is not mock and s is not mock_tls:
                got = verify(s, [c for c in selected if any(c is sc for sc, _ in s.case_conns)])
                if s.name == "nginx":
                    same_answers(answers, got, s.transport)
        for s in servers:  # JIT compilers and lazily built state warm up before anything counts
            tools.wrk(s.url, 32, 1, s.headers[200])
        results = {}
        for _ in range(args.rounds):
            for s in servers:
                for c, n in s.case_conns:
                    results.setdefault((s.name, s.transport, c.name, n), []).append(
                        measure(s, c, n, args.seconds, scripts))
        rss = {s.name + "/" + s.transport: s.rss() for s in servers if s.transport == "plain" or s.name == "mockgate"}
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
    instructions = {}
    if not args.no_callgrind:
        instructions = callgrind_rows(build, selected, answers, args.callgrind_seconds, workdir, scripts, out)
    return results, rss, cold, stall_table, memory, instructions


def callgrind_rows(build, selected, answers, seconds, workdir, scripts, out):
    """Instructions per request, plain, one connection: each server once under callgrind (its
    instrumentation on only around each case's wrk run), divided by wrk's answers."""
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        out("_instructions not measured: valgrind is not installed (apt-get install valgrind)_\n")
        return {}
    found = {}

    def per_case(server, out_file):
        tools.callgrind_control(server.pid, "-i", "on")
        for c in selected:
            if c.prime:
                prime(server, c)
            tools.callgrind_control(server.pid, "-z")
            r = tools.wrk(server.urls[c.provider] + c.path, 1, seconds, script=scripts[c.name], timeout_s=10)
            tools.callgrind_control(server.pid, "-d")
            found[(server.name, c.name)] = tools.callgrind_total(out_file) / max(r.total, 1)

    cg_dir = os.path.join(workdir, "callgrind-mockgate")
    os.makedirs(cg_dir)
    out_file = os.path.join(cg_dir, "cg.out")
    prefix = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out_file}",
              f"--log-file={cg_dir}/valgrind.log"]
    try:  # the load tables stand without these: a failure here is reported, not raised
        p, urls, _ = start_mockgate_all(build, False, prefix, timeout_s=120)
        try:
            server = Server("mockgate", urls, p.pid, [])
            verify(server, selected)
            per_case(server, out_file)
        finally:
            tools.stop(p)
    except Exception as e:  # noqa: BLE001
        out(f"_mockgate's instructions not (all) measured: {e}_\n")
    if ceiling.binary():
        try:
            h = ceiling.start_under_callgrind(os.path.join(workdir, "callgrind-nginx"), answers, selected,
                                              NGINX_CALLGRIND_PORT)
            try:
                server = Server("nginx", {p: h.url for p in PROVIDERS}, h.pid, [])
                verify(server, selected)
                per_case(server, h.out_file)
            finally:
                ceiling.stop(h)
        except Exception as e:  # noqa: BLE001
            out(f"_nginx's instructions not (all) measured: {e}_\n")
    return found


def med(results, key, attr):
    return tools.median([getattr(r, attr) for r in results.get(key, [])])


def print_load(results, instructions, selected, out, rounds, seconds, callgrind_seconds):
    out(f"### Load ({seconds} s per cell, median of {rounds} rounds; wrk on the same 2 cores)\n")
    out("Cases: bench/cases.py. Instructions per request: callgrind (user space, every thread), plain, "
        f"one connection, {callgrind_seconds} s per case (`-` not measured).\n")
    out("| server | transport | case | status | conns | req/s | non-2xx % | p50 ms | p99 ms | server CPU µs/req | "
        "instructions/req | vs bare httplib | vs nginx |")
    out("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    order = {c.name: i for i, c in enumerate(cases.CASES)}
    servers = list(dict.fromkeys((k[0], k[1]) for k in results))
    for name, transport in servers:
        keys = sorted((k for k in results if (k[0], k[1]) == (name, transport)), key=lambda k: (order[k[2]], -k[3]))
        for key in keys:
            _, _, case, c = key
            rps = med(results, key, "rps")
            bare = med(results, ("bare cpp-httplib", "plain", case, c), "rps")
            ceil = med(results, ("nginx", transport, case, c), "rps")
            vs_bare = f"{rps / bare:.2f}x" if bare == bare and name != "bare cpp-httplib" else "-"
            vs_nginx = f"{rps / ceil:.2f}x" if ceil == ceil and name != "nginx" else "-"
            p50, p99, cpu, refused = (med(results, key, a) for a in ("p50", "p99", "cpu_us", "refused_pct"))
            instr = instructions.get((name, case)) if transport == "plain" else None
            out(f"| {name} | {transport} | {case} | {cases.BY_NAME[case].status} | {c} | {rps:,.0f} | "
                f"{refused:.0f} | {p50:.2f} | {p99:.2f} | {cpu:.1f} | "
                f"{f'{instr / 1000:,.1f}k' if instr else '-'} | {vs_bare} | {vs_nginx} |")

    def ratio(a, b):
        x, y = med(results, a, "rps"), med(results, b, "rps")
        return f"{x / y:.2f}x" if y == y and y > 0 and x == x else "not measured"

    def instr_ratio(a, b):
        x, y = instructions.get(a), instructions.get(b)
        return f"{x / 1000:,.1f}k / {y / 1000:,.1f}k" if x and y else "-"

    names = {c.name for c in selected}
    out("\n### Targets (req/s, 32 connections, medians of the same run)\n")
    out("| ratio | target | measured | instructions/req, the same two |")
    out("|---|---|---|---|")
    if "send" in names:
        out(f"| mockgate / bare httplib, send 200 | ≥ 1.2x | "
            f"{ratio(('mockgate', 'plain', 'send', 32), ('bare cpp-httplib', 'plain', 'send', 32))} | - |")
        out(f"| mockgate / nginx, send 200 | ≥ 0.5x | {ratio(('mockgate', 'plain', 'send', 32), ('nginx', 'plain', 'send', 32))} | "
            f"{instr_ratio(('mockgate', 'send'), ('nginx', 'send'))} |")
    for c in selected:
        if c.status >= 400:
            out(f"| mockgate / nginx, {c.name} {c.status} ({c.what}) | ≥ 0.6x | "
                f"{ratio(('mockgate', 'plain', c.name, 32), ('nginx', 'plain', c.name, 32))} | "
                f"{instr_ratio(('mockgate', c.name), ('nginx', c.name))} |")
    for c in selected:
        if c.status == 200 and c.name != "send":
            out(f"| mockgate / nginx, {c.name} 200 ({c.what}) | - | "
                f"{ratio(('mockgate', 'plain', c.name, 32), ('nginx', 'plain', c.name, 32))} | "
                f"{instr_ratio(('mockgate', c.name), ('nginx', c.name))} |")
    for c in selected:
        out(f"| mockgate TLS / plain, {c.name} {c.status} | ≥ 0.85x | "
            f"{ratio(('mockgate', 'tls', c.name, 32), ('mockgate', 'plain', c.name, 32))} | - |")
    for c in selected:
        if c.name in NGINX_TLS_CASES:
            out(f"| nginx TLS / plain, {c.name} {c.status} | - | "
                f"{ratio(('nginx', 'tls', c.name, 32), ('nginx', 'plain', c.name, 32))} | - |")
    for case in BARE_CASES:
        if case in names and case != "send":
            st = cases.BY_NAME[case].status
            out(f"| mockgate / bare httplib, {case} {st} | ≥ 0.9x | "
                f"{ratio(('mockgate', 'plain', case, 32), ('bare cpp-httplib', 'plain', case, 32))} | - |")
    for name, target in (("mockttp", 3), ("mountebank", 4), ("mountebank, defaults", 4), ("prism", 8),
                         ("prism, defaults", 8)):
        for case in COMPETITOR_CASES:
            if case in names and any(k[0] == name for k in results):
                st = cases.BY_NAME[case].status
                out(f"| mockgate / {name}, {case} {st} | ≥ {target}x | "
                    f"{ratio(('mockgate', 'plain', case, 32), (name, 'plain', case, 32))} | - |")


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
    parser.add_argument("--cases", help="only these cases (comma-separated names of bench/cases.py): "
                        + ",".join(cases.BY_NAME))
    parser.add_argument("--no-callgrind", action="store_true", help="no instructions per request")
    parser.add_argument("--callgrind-seconds", type=int, default=3, help="wrk's run per case under callgrind")
    args = parser.parse_args()
    selected = cases.select([n.strip() for n in args.cases.split(",") if n.strip()] if args.cases else None)

    def out(line=""):
        print(line, flush=True)

    if args.zoo_only:
        zoo_bench(args.build, out)
        return
    with tempfile.TemporaryDirectory(prefix="mockgate-bench-") as workdir:
        results, rss, cold, stall_table, memory, instructions = load(args.build, args, selected, workdir, out)
    print_load(results, instructions, selected, out, args.rounds, args.seconds, args.callgrind_seconds)

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
