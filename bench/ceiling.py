"""nginx (Debian's) as the ceiling bench/load.py measures beside mockgate: a config generated into a
temporary directory that answers every case of bench/cases.py with the status, Content-Type, body
(and Allow / Retry-After) mockgate answered it with, and checks the same key for each 200: per path,
the request's method, credential headers and Content-Length against each case's, compared exactly.

    binary()                             nginx's path, or None
    h = start(workdir, answers, cases, plain_port, tls_port)     h.process, h.pid, h.url, h.tls_url
    h = start_under_callgrind(workdir, answers, cases, port)     single process, instrumentation off
    stop(h)
Loopback only; the processes are always stopped by the caller (try/finally). Stdlib only.
"""
import os
import shutil
import subprocess

import tools

REQUEST = "$request_method|$http_app_key|$http_authorization|$http_x_api_key|$content_length"


def binary():
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


class Handle:
    def __init__(self, process, pid, url, tls_url, workdir, out_file=None):
        self.process, self.pid, self.url, self.tls_url, self.workdir = process, pid, url, tls_url, workdir
        self.out_file = out_file  # callgrind's, under valgrind


def _quoted(s):
    """A double-quoted nginx string holding `s` (no `$` in it, so nothing is expanded)."""
    if "$" in s:
        raise ValueError(f"cannot quote {s!r} for nginx verbatim: it holds a '$'")
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(s):
    """A single-quoted `return` text; `$` would start a variable there."""
    if "$" in s:
        raise ValueError(f"cannot return {s!r} from nginx verbatim: it holds a '$'")
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _selector(case):
    h = {k.lower(): v for k, v in case.headers.items()}
    length = str(len(case.body.encode())) if case.body is not None else ""
    return "|".join([case.method, h.get("app-key", ""), h.get("authorization", ""), h.get("x-api-key", ""), length])


def _answer(case, answer, indent):
    status, headers, body = answer
    lines = []
    for name in ("allow", "retry-after"):
        if name in headers:
            lines.append(f"{indent}add_header {name.title()} {_quoted(headers[name])} always;")
    lines.append(f"{indent}return {status} {_text(body)};")
    return lines


def _content_type(group, answers):
    """One location's Content-Type (`default_type` is not allowed inside nginx's `if`)."""
    types = {answers[c.name][1].get("content-type", "application/json") for c in group}
    if len(types) != 1:
        raise ValueError(f"cases {[c.name for c in group]} answer with several Content-Types: {types}")
    return f"default_type {_quoted(types.pop())};"


def config(workdir, answers, cases, listens, single_process=False):
    """nginx.conf's text. `answers`: case name -> (status, lowercased headers, body) as mockgate
    answered; `listens`: the `listen` parameters (e.g. "127.0.0.1:27921", "127.0.0.1:27922 ssl")."""
    by_path = {}
    fallback = None  # the unknown-path case: answered for whatever no location names
    for c in cases:
        if c.status == 404:
            fallback = c
        else:
            by_path.setdefault(c.path.split("?")[0], []).append(c)
    lines = []
    if os.geteuid() == 0:
        lines.append("user root;")
    if single_process:
        lines += ["master_process off;", "daemon off;", "worker_processes 1;"]
    else:
        lines += ["daemon off;", "worker_processes 2;"]
    lines += [f"pid {workdir}/nginx.pid;", f"error_log {workdir}/error.log;",
              "events { worker_connections 4096; }", "http {", "    access_log off;",
              "    keepalive_requests 1000000;", "    keepalive_timeout 75s;",
              f"    client_body_temp_path {workdir}/body;"]
    for module in ("proxy", "fastcgi", "uwsgi", "scgi"):
        lines.append(f"    {module}_temp_path {workdir}/{module};")
    if any("ssl" in listen.split() for listen in listens):
        lines += [f"    ssl_certificate {workdir}/cert.pem;", f"    ssl_certificate_key {workdir}/key.pem;"]
    lines.append("    server {")
    lines += [f"        listen {listen};" for listen in listens]
    for path, group in sorted(by_path.items()):
        selectors = [_selector(c) for c in group]
        if len(set(selectors)) != len(selectors):
            raise ValueError(f"cases on {path} that nginx cannot tell apart: {[c.name for c in group]}")
        lines.append(f"        location = {_quoted(path)} {{")
        lines.append("            " + _content_type(group, answers))
        lines.append(f'            set $bench_request "{REQUEST}";')
        for c, selector in zip(group, selectors):  # `=` compares exactly, case included
            lines.append(f"            if ($bench_request = {_quoted(selector)}) {{")
            lines += _answer(c, answers[c.name], " " * 16)
            lines.append("            }")
        lines.append("            return 500 '{\"error\":\"no bench case matched\"}';")
        lines.append("        }")
    lines.append("        location / {")
    if fallback:
        lines.append("            " + _content_type([fallback], answers))
        lines += _answer(fallback, answers[fallback.name], " " * 12)
    else:
        lines.append("            return 404;")
    lines += ["        }", "    }", "}"]
    return "\n".join(lines) + "\n"


def _certificate(workdir):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", f"{workdir}/key.pem", "-out", f"{workdir}/cert.pem", "-days", "2",
                    "-subj", "/CN=127.0.0.1"], check=True, capture_output=True, timeout=30)


def _spawn(argv, workdir, port, timeout_s):
    log = open(os.path.join(workdir, "stderr.log"), "w")
    p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    try:
        tools.wait_for_port(port, timeout_s, p)
    except Exception:
        stop_process(p)
        raise RuntimeError(f"nginx did not start: {open(os.path.join(workdir, 'stderr.log')).read()[-2000:]}"
                           f" {_tail(os.path.join(workdir, 'error.log'))}")
    return p


def _tail(path):
    return open(path).read()[-2000:] if os.path.exists(path) else ""


def start(workdir, answers, cases, plain_port, tls_port):
    os.makedirs(workdir, exist_ok=True)
    _certificate(workdir)
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(config(workdir, answers, cases, [f"127.0.0.1:{plain_port}", f"127.0.0.1:{tls_port} ssl"]))
    p = _spawn([binary(), "-p", workdir, "-e", f"{workdir}/error.log", "-c", conf], workdir, plain_port, 10)
    tools.wait_for_port(tls_port, 10, p)
    return Handle(p, p.pid, f"http://127.0.0.1:{plain_port}", f"https://127.0.0.1:{tls_port}", workdir)


def start_under_callgrind(workdir, answers, cases, port):
    os.makedirs(workdir, exist_ok=True)
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(config(workdir, answers, cases, [f"127.0.0.1:{port}"], single_process=True))
    out_file = os.path.join(workdir, "cg.out")
    p = _spawn(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out_file}",
                f"--log-file={workdir}/valgrind.log", binary(), "-p", workdir, "-e", f"{workdir}/error.log", "-c", conf], workdir, port, 60)
    return Handle(p, p.pid, f"http://127.0.0.1:{port}", None, workdir, out_file)


def stop_process(p):
    if p.poll() is None:
        p.terminate()  # nginx: fast shutdown; valgrind passes it on and writes its last dump
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)


def stop(h):
    stop_process(h.process)
