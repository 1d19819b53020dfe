#!/usr/bin/env python3
"""Hostile clients against `mockgate serve`, measured from outside: how long a legitimate
request and an admin call wait while thousands of connections drip their heads (slowloris,
plain and TLS), and the server's memory while oversized input arrives and after it.

Usage: bench/hostile.py BUILD_DIR [--slow N] [--seconds S]
Prints Markdown tables for bench/RESULTS.md. Loopback only, bounded in count and time.
Latency and memory, unlike req/s, do not depend much on a busy machine."""
import argparse
import os
import socket
import ssl
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tools  # noqa: E402

BALANCE = "/api/v1/lisoloo/sms-api/balance"


def start(build, tls):
    args = [f"{build}/mockgate", "serve", "--provider", "lisoloo"] + ([] if tls else ["--no-tls"])
    p, lines = tools.start(args, lambda l: len(tools.listening(l)) >= 2)
    live = tools.listening(lines)[("lisoloo", "live")]
    host, port = live["url"].rsplit(":", 1)
    return p, int(port), live.get("ca_file")


def connect(port, ca_file, handshake=True):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    if ca_file and handshake:
        ctx = ssl.create_default_context(cafile=ca_file)
        s = ctx.wrap_socket(s, server_hostname="127.0.0.1")
    return s


def timed_request(port, ca_file, path, timeout_s=60):
    """Seconds until the answer's status line arrives (None: no answer within timeout_s)."""
    start = time.monotonic()
    try:
        s = connect(port, ca_file)
        s.settimeout(timeout_s)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = s.recv(64)
        s.close()
        return time.monotonic() - start if data.startswith(b"HTTP/1.1 ") else None
    except OSError:
        return None


def slowloris(build, tls, slow, seconds):
    """`slow` connections each dripping a header byte every second for `seconds`; meanwhile a
    client and the admin API ask every 2 s. Returns the worst waits and what the drippers got."""
    p, port, ca_file = start(build, tls)
    stop = threading.Event()
    dripping, cut = [0], [0]

    def drip(n):
        socks = []
        for _ in range(n):
            try:
                # TLS drippers never finish the handshake: they send a ClientHello's first bytes.
                s = connect(port, ca_file, handshake=False)
                s.sendall(b"\x16\x03\x01\x02\x00" if tls else f"GET {BALANCE} HTTP/1.1\r\n".encode())
                socks.append(s)
            except OSError:
                pass
        dripping[0] += len(socks)
        while not stop.wait(1.0):
            for s in list(socks):
                try:
                    s.send(b"\x01" if tls else b"X")
                except OSError:
                    cut[0] += 1
                    socks.remove(s)
        for s in socks:
            s.close()

    threads = [threading.Thread(target=drip, args=(slow // 4,)) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(2)  # every dripper connected
    client, admin = [], []
    rss = tools.rss_mib(p.pid)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        client.append(timed_request(port, ca_file, BALANCE))
        admin.append(timed_request(port, ca_file, "/__mockgate/health"))
        rss = max(rss, tools.rss_mib(p.pid))
        time.sleep(2)
    stop.set()
    for t in threads:
        t.join()
    tools.stop(p)

    def worst(waits):
        return "never" if any(w is None for w in waits) else f"{max(waits) * 1000:.0f} ms"
    return dripping[0], worst(client), worst(admin), cut[0], rss


def oversized(build):
    """RSS before, peak during and after: a 256 MB header line, 1,000,000 headers, 100 bodies
    of 4 MB declared over the limit. Each connection is refused; the server must not keep it."""
    p, port, _ = start(build, False)
    before = tools.rss_mib(p.pid)
    rows = []

    def send(head_start, chunk, total):
        s = connect(port, None)
        s.settimeout(10)
        sent = 0
        try:
            s.sendall(head_start)
            while sent < total:
                s.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass
        try:
            status = s.recv(64)[:12].decode(errors="replace")
        except OSError:
            status = "(reset)"
        s.close()
        return sent, status

    cases = [
        ("256 MB header line", lambda: send(f"GET {BALANCE} HTTP/1.1\r\nX: ".encode(), b"a" * (1 << 20), 256 << 20)),
        ("1,000,000 headers", lambda: send(f"GET {BALANCE} HTTP/1.1\r\n".encode(), b"X-A: b\r\n" * 100_000, 8_000_000)),
        ("100 x 4 MB bodies (limit 8 MiB: accepted, not journaled whole)", lambda: [
            send(f"POST /api/v1/lisoloo/sms-api/send HTTP/1.1\r\nContent-Length: {4 << 20}\r\n\r\n".encode(),
                 b"z" * (1 << 20), 4 << 20) for _ in range(100)][-1]),
    ]
    for name, action in cases:
        (sent, status), peak = tools.peak_rss_during(p.pid, action)
        time.sleep(0.5)
        rows.append((name, f"{sent / (1 << 20):.0f} MiB", status.strip(), peak, tools.rss_mib(p.pid)))
    tools.admin(f"http://127.0.0.1:{port}", "/reset", {})
    after_reset = tools.rss_mib(p.pid)
    tools.stop(p)
    return before, rows, after_reset


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--slow", type=int, default=2000)
    ap.add_argument("--seconds", type=int, default=20)
    a = ap.parse_args()
    print(f"### Slow clients: {a.slow} connections dripping a byte a second, {a.seconds} s\n")
    print("| listener | drippers connected | worst wait, client | worst wait, admin API | drippers cut | peak RSS |")
    print("|---|---|---|---|---|---|")
    for tls in (False, True):
        n, client, admin, cut, rss = slowloris(a.build, tls, a.slow, a.seconds)
        print(f"| {'TLS' if tls else 'plain'} | {n} | {client} | {admin} | {cut} | {rss:.0f} MiB |")
    before, rows, after_reset = oversized(a.build)
    print(f"\n### Oversized input (RSS at start {before:.0f} MiB)\n")
    print("| input | sent before the server closed | answer | peak RSS | RSS after |")
    print("|---|---|---|---|---|")
    for name, sent, status, peak, after in rows:
        print(f"| {name} | {sent} | {status} | {peak:.0f} MiB | {after:.0f} MiB |")
    print(f"\nAfter `POST /__mockgate/reset`: {after_reset:.0f} MiB.")


if __name__ == "__main__":
    main()
