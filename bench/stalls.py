"""Stalled connections, counted client-side: many keep-alive connections at once, each sending
its next request as soon as the previous one is answered, for a bounded time. wrk reports only
completed requests, so a server that leaves most connections unanswered (a fixed thread pool
smaller than the connections) still shows its best req/s there; this counts per connection.
Stdlib only (selectors), loopback only."""
import selectors
import socket
import time


class Connection:
    def __init__(self, sock):
        self.sock, self.buffer, self.answers, self.last, self.longest_gap = sock, b"", 0, None, 0.0


def _complete_response(buffer):
    """Length of the first complete response in `buffer` (Content-Length framed), or 0."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return 0
    length = 0
    for line in buffer[:head_end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    total = head_end + 4 + length
    return total if len(buffer) >= total else 0


def per_connection(port, path, header, connections, seconds):
    """Opens `connections` connections to 127.0.0.1:`port`, keeps each busy for `seconds`.
    Returns (answers per connection, longest wait for an answer on any connection, in s)."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{header + chr(13) + chr(10) if header else ''}\r\n".encode()
    selector = selectors.DefaultSelector()
    conns = []
    start = time.monotonic()
    for _ in range(connections):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.setblocking(False)
        c = Connection(s)
        c.last = time.monotonic()
        s.send(request)
        selector.register(s, selectors.EVENT_READ, c)
        conns.append(c)
    deadline = start + seconds
    while time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.1):
            c = key.data
            try:
                chunk = c.sock.recv(65536)
            except BlockingIOError:
                continue
            if not chunk:  # closed by the server: no more answers on this one
                selector.unregister(c.sock)
                continue
            c.buffer += chunk
            while (n := _complete_response(c.buffer)):
                c.buffer = c.buffer[n:]
                now = time.monotonic()
                c.longest_gap = max(c.longest_gap, now - c.last)
                c.last = now
                c.answers += 1
                c.sock.send(request)
    end = time.monotonic()
    for c in conns:  # a connection still waiting at the end has waited this long
        c.longest_gap = max(c.longest_gap, end - c.last)
        c.sock.close()
    selector.close()
    return [c.answers for c in conns], max(c.longest_gap for c in conns)
