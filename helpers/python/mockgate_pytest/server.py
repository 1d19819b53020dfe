"""A `mockgate serve` process: started, waited for, read, and stopped without leaving it behind."""

import dataclasses
import json
import os
import shutil
import signal
import ssl
import subprocess
import threading

from .admin import Admin
from .errors import MockgateProcessError
from .rfc3339 import rfc3339

STOP_GRACE_SECONDS = 5.0
# Enough to explain a failure; a chatty server must not grow a test run's memory unbounded.
STDERR_KEPT_BYTES = 64 * 1024


@dataclasses.dataclass(frozen=True)
class Listener:
    """One `{"event":"listening",…}` line: an environment's URL (and its plain twin under TLS)."""

    provider: str
    env: str
    url: str
    plain_url: str | None = None
    ca_file: str | None = None


def find_binary(binary=None):
    """The argument, else $MOCKGATE_BINARY, else `mockgate` on PATH; a bare name is looked up on PATH."""
    chosen = binary or os.environ.get("MOCKGATE_BINARY") or shutil.which("mockgate")
    if not chosen:
        raise MockgateProcessError(
            "no mockgate binary: pass binary=…, set MOCKGATE_BINARY, or put mockgate on PATH"
        )
    if os.sep not in chosen:  # a bare name, as a shell would take it
        chosen = shutil.which(chosen) or chosen
    if not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
        raise MockgateProcessError(f"mockgate binary {chosen!r} is not an executable file")
    return os.path.abspath(chosen)


class Mockgate:
    """`with Mockgate.start(providers=["lisoloo"]) as mg:` — a server until the block ends."""

    def __init__(self, command, admin_token=None):
        self.command = list(command)
        self.listeners = []
        self.events = []
        self._admin_token = admin_token
        self._admins = {}
        self._stderr = bytearray()
        self._settled = threading.Event()  # the ready line arrived, or stdout ended
        self._ready = False
        self._stopping = False
        self._process = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        # Drained from the start so a full pipe can never block the server.
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @classmethod
    def start(cls, providers=("lisoloo",), binary=None, tls=True, now=None, locale=None,
              admin_token=None, args=(), ready_timeout=30.0):
        """Starts `mockgate serve` and returns once it printed its ready line."""
        if isinstance(providers, str):
            providers = [providers]
        command = [find_binary(binary), "serve"]
        for provider in providers:
            command += ["--provider", provider]
        if not tls:
            command.append("--no-tls")
        if now is not None:
            command += ["--now", rfc3339(now)]
        if locale is not None:
            command += ["--locale", locale]
        if admin_token is not None:
            command += ["--admin-token", admin_token]
        command += list(args)
        server = cls(command, admin_token=admin_token)
        try:
            server._wait_ready(ready_timeout)
        except BaseException:  # an interrupted wait too: no server outlives a failed start
            server._terminate()
            raise
        return server

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def pid(self):
        return self._process.pid

    @property
    def returncode(self):
        return self._process.poll()

    @property
    def stderr(self):
        return self._stderr.decode("utf-8", errors="replace")

    @property
    def providers(self):
        return list(dict.fromkeys(listener.provider for listener in self.listeners))

    def death(self):
        """The MockgateProcessError (exit code, stderr) of a server that exited without stop()
        asking it to; None while it runs or once stopped."""
        if self._stopping or self._process.poll() is None:
            return None
        self._join_readers()  # stderr complete
        return MockgateProcessError("mockgate exited unexpectedly", self._process.returncode, self.stderr)

    def check_alive(self):
        error = self.death()
        if error is not None:
            raise error

    def listener(self, provider=None, env=None):
        """The listener of `provider`/`env`; either may be left out where only one exists."""
        provider = self._only("provider", provider, self.providers)
        envs = [listener.env for listener in self.listeners if listener.provider == provider]
        env = self._only(f"{provider} environment", env, envs)
        return next(l for l in self.listeners if l.provider == provider and l.env == env)

    def url(self, provider=None, env=None):
        return self.listener(provider, env).url

    def plain_url(self, provider=None, env=None):
        """The plain-HTTP twin (under TLS), where the provider's plain-HTTP policy applies."""
        listener = self.listener(provider, env)
        if listener.plain_url is None:
            raise ValueError("started with tls=False: url() is already plain HTTP")
        return listener.plain_url

    @property
    def ca_file(self):
        """The PEM of the CA that signed the HTTPS listeners' certificate; None without TLS."""
        return self.listeners[0].ca_file if self.listeners else None

    def ssl_context(self):
        if self.ca_file is None:
            raise ValueError("started with tls=False: there is no CA to trust")
        return ssl.create_default_context(cafile=self.ca_file)

    def admin(self, provider=None):
        provider = self._only("provider", provider, self.providers)
        if provider not in self._admins:
            # Any listener of the provider will do: they share its state.
            listener = next(l for l in self.listeners if l.provider == provider)
            self._admins[provider] = Admin(
                listener.plain_url or listener.url, admin_token=self._admin_token,
                check_alive=self.check_alive,
            )
        return self._admins[provider]

    def stop(self):
        """SIGTERM, then SIGKILL after 5 s. Raises if the server had died before, or stopped badly."""
        if self._stopping:
            return
        died_before = self._process.poll() is not None
        code = self._terminate()
        if died_before:
            raise MockgateProcessError("mockgate exited before stop()", code, self.stderr)
        if code == -signal.SIGKILL:
            raise MockgateProcessError(
                f"mockgate ignored SIGTERM for {STOP_GRACE_SECONDS:g} s and was killed", code, self.stderr)
        if code != 0:
            raise MockgateProcessError("mockgate did not stop cleanly on SIGTERM", code, self.stderr)

    def _terminate(self):
        self._stopping = True
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._join_readers()
        return self._process.returncode

    def _wait_ready(self, timeout):
        arrived = self._settled.wait(timeout)
        if arrived and self._ready:
            return
        if arrived:
            try:  # stdout ended: the process is exiting, and its own exit code says why
                self._process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        code = self._terminate()  # also joins the readers: stderr is complete
        if not arrived:
            raise MockgateProcessError(
                f"mockgate printed no ready line within {timeout:g} s", stderr=self.stderr)
        raise MockgateProcessError("mockgate exited before it was ready", code, self.stderr)

    def _read_stdout(self):
        for raw in self._process.stdout:
            try:
                event = json.loads(raw)
            except ValueError:
                continue  # not one of serve's JSON lines; nothing to act on
            self.events.append(event)
            if event.get("event") == "listening":
                fields = {f.name for f in dataclasses.fields(Listener)}
                self.listeners.append(Listener(**{k: v for k, v in event.items() if k in fields}))
            elif event.get("event") == "ready":
                self._ready = True
                self._settled.set()
        self._settled.set()

    def _read_stderr(self):
        for chunk in iter(lambda: self._process.stderr.read1(4096), b""):
            self._stderr += chunk
            del self._stderr[:-STDERR_KEPT_BYTES]

    def _join_readers(self):
        for reader in self._readers:
            reader.join(STOP_GRACE_SECONDS)
        if not any(reader.is_alive() for reader in self._readers):
            self._process.stdout.close()
            self._process.stderr.close()

    @staticmethod
    def _only(what, chosen, available):
        if chosen is not None:
            if chosen not in available:
                raise ValueError(f"no {what} {chosen!r}; this server has {', '.join(available)}")
            return chosen
        if len(available) != 1:
            raise ValueError(f"say which {what}: this server has {', '.join(available)}")
        return available[0]
