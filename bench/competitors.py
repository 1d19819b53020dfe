"""JavaScript mock servers that bench/load.py runs side by side with `mockgate serve`, each set up
for the same workload (configs in bench/competitors/, packages pinned in bench/package.json):
GET /api/v1/lisoloo/sms-api/balance answers 200 with the balance when header app-key holds the key,
401 otherwise. Prism checks only that the header is present (see competitors/prism-openapi.yaml).
Mountebank and Prism run twice: tuned, and with their defaults ("mountebank, defaults").

    install()                      npm install into bench/node_modules if it is missing
    available()                    {name: None if runnable, else why not}
    h = start(name, port, key)     h.process, h.url, h.cold_start_ms, h.pid_for_stats
    stop(h)                        ends the server's whole process group

Servers bind 127.0.0.1 only; Mountebank also takes port + 1 for its admin API.
Stdlib only.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(BENCH, "competitors")
MODULES = os.path.join(BENCH, "node_modules")
PATH = "/api/v1/lisoloo/sms-api/balance"
START_TIMEOUT_S = 30

# name -> (npm package, entry script inside it)
PACKAGES = {
    "mockttp": ("mockttp", None),  # run through competitors/mockttp-server.js
    "mountebank": ("mountebank", "bin/mb"),
    "prism": ("@stoplight/prism-cli", "dist/index.js"),
}
# Each is measured tuned (the fastest equivalent configuration found) and, where its defaults cost
# speed, also with them: what a user gets without reading anyone's performance notes.
# name -> (package key, tuned)
VARIANTS = {
    "mockttp": ("mockttp", True),
    "mountebank": ("mountebank", True),
    "mountebank, defaults": ("mountebank", False),
    "prism": ("prism", True),
    "prism, defaults": ("prism", False),
}
COMPETITORS = list(VARIANTS)


def _command(name, port, key, node):
    """argv and extra environment that start competitor `name`."""
    base, tuned = VARIANTS[name]
    if base == "mockttp":
        return [node, os.path.join(CONFIGS, "mockttp-server.js"), str(port), key], {}
    package, entry = PACKAGES[base]
    script = os.path.join(MODULES, package, entry)
    if base == "mountebank":
        # Tuned: --nologfile/--loglevel warn (no mb.log, no per-request info lines) and
        # Connection: keep-alive in the answers (mb otherwise closes every connection).
        # The config is an EJS template that reads the imposter port and key from the environment.
        argv = [node, script, "start", "--host", "127.0.0.1", "--port", str(port + 1),
                "--configfile", os.path.join(CONFIGS, "mountebank-imposters.ejs")]
        argv += ["--nologfile", "--loglevel", "warn"] if tuned else []
        return argv, {"MB_IMPOSTER_PORT": str(port), "MB_APP_KEY": key, "MB_KEEP_ALIVE": "1" if tuned else "0"}
    # Prism: static examples; --verboseLevel silent because it logs ~7 lines per request at info
    # (half the req/s, even with stdout on /dev/null) and still 2 per 401 at error (-35 % on 401).
    # --cors false: mockgate sends no CORS headers. --errors left off: on this workload it
    # changes no answer (a missing key is a 401 either way) and made no measurable difference.
    # Single process (no -m): forking only moves the log formatting out, and there is none.
    argv = [node, script, "mock", "--host", "127.0.0.1", "--port", str(port), "--dynamic", "false"]
    argv += ["--cors", "false", "--verboseLevel", "silent"] if tuned else []
    return argv + [os.path.join(CONFIGS, "prism-openapi.yaml")], {}


class Handle:
    def __init__(self, process, url, cold_start_ms, pid_for_stats, workdir):
        self.process = process
        self.url = url
        self.cold_start_ms = cold_start_ms
        self.pid_for_stats = pid_for_stats
        self.workdir = workdir  # temporary cwd (mb writes mb.pid there) holding stderr.log


def _node_version(node):
    out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10).stdout
    return tuple(int(x) for x in re.findall(r"\d+", out)[:3])


def _min_node(package):
    """Lower bound of the installed package's engines.node (all three declare '>=X.Y.Z')."""
    with open(os.path.join(MODULES, package, "package.json")) as f:
        m = re.search(r">=\s*([\d.]+)", json.load(f).get("engines", {}).get("node", ""))
    return tuple(int(x) for x in m.group(1).split(".")) if m else ()


def available():
    """{competitor: None if it can run here, else the reason it cannot}."""
    node = shutil.which("node")
    if not node:
        return {name: "node not found on PATH" for name in COMPETITORS}
    version = _node_version(node)
    reasons = {}
    for name, (base, _) in VARIANTS.items():
        package = PACKAGES[base][0]
        if not os.path.isfile(os.path.join(MODULES, package, "package.json")):
            reasons[name] = f"bench/node_modules/{package} missing (competitors.install())"
        elif version < _min_node(package):
            need = ".".join(map(str, _min_node(package)))
            reasons[name] = f"node {'.'.join(map(str, version))} too old for {package} (needs >= {need})"
        else:
            reasons[name] = None
    return reasons


def install():
    """Installs the pinned packages from bench/package-lock.json unless node_modules exists."""
    if os.path.isdir(MODULES):
        return
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm not found on PATH")
    subprocess.run([npm, "install", "--prefix", BENCH, "--no-audit", "--no-fund"], check=True,
                   timeout=600)


def _answer(url, key):
    """HTTP status of one request with the key, or None if nothing answered yet."""
    req = urllib.request.Request(url, headers={"app-key": key})
    try:
        with urllib.request.urlopen(req, timeout=0.5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, urllib.error.URLError):
        return None


def _port_in_use(port):
    """True if a server could not bind 127.0.0.1:port now. Node binds with SO_REUSEADDR, as this
    probe does, and still fails on a port that is the local end of a client socket in TIME-WAIT,
    which happens when the port lies in net.ipv4.ip_local_port_range (32768-60999 by default)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return False
        except OSError:
            return True


def start(name, port, key):
    """Spawns competitor `name` on 127.0.0.1:`port` in its own process group and waits (at most
    START_TIMEOUT_S) until the workload path answers 200 with `key`."""
    reason = available()[name]
    if reason:
        raise RuntimeError(f"{name}: {reason}")
    busy = [p for p in ([port, port + 1] if VARIANTS[name][0] == "mountebank" else [port]) if _port_in_use(p)]
    if busy:  # fail now: mb would keep running with no imposter until the time-out
        raise RuntimeError(f"{name}: 127.0.0.1 port(s) {busy} in use")
    argv, env = _command(name, port, key, shutil.which("node"))
    workdir = tempfile.mkdtemp(prefix=f"bench-{name}-")
    url = f"http://127.0.0.1:{port}{PATH}"
    with open(os.path.join(workdir, "stderr.log"), "wb") as err:
        t0 = time.monotonic()
        process = subprocess.Popen(argv, cwd=workdir, env={**os.environ, **env},
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                   start_new_session=True)
    # All three serve HTTP from the node process spawned here (mb runs http imposters in process,
    # Prism without -m does not fork), so it is the one to measure.
    handle = Handle(process, url, None, process.pid, workdir)
    status = None
    while status is None and process.poll() is None and time.monotonic() - t0 < START_TIMEOUT_S:
        status = _answer(url, key)
        if status is None:
            time.sleep(0.02)
    handle.cold_start_ms = (time.monotonic() - t0) * 1000
    if status != 200:
        with open(os.path.join(workdir, "stderr.log"), errors="replace") as f:
            tail = f.read()[-2000:]
        stop(handle)
        what = f"answered {status}" if status else f"did not answer within {START_TIMEOUT_S} s"
        raise RuntimeError(f"{name} on port {port} {what}; stderr:\n{tail}")
    return handle


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def stop(handle):
    """SIGTERM to the server's process group, SIGKILL 5 s later if any member is left."""
    pgid = handle.process.pid  # start_new_session: the leader's pid is the group id
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _group_alive(pgid):
            break
        os.killpg(pgid, sig)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            handle.process.poll()  # reap the leader, or its zombie keeps the group alive
            if not _group_alive(pgid):
                break
            time.sleep(0.05)
    handle.process.wait(timeout=5)
    shutil.rmtree(handle.workdir, ignore_errors=True)
