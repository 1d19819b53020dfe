"""The two ways mockgate can fail a caller: an admin call refused, or the server process gone."""


class MockgateError(Exception):
    """An admin call answered 4xx/5xx; `message` is the server's own {"error": ...} text."""

    def __init__(self, status, message, call=""):
        self.status = status
        self.message = message
        self.call = call
        where = f"{call} " if call else ""
        super().__init__(f"mockgate admin {where}answered {status}: {message}")


class MockgateProcessError(RuntimeError):
    """The server could not start, or exited when nobody asked it to; carries its stderr."""

    def __init__(self, what, returncode=None, stderr=None):
        """`stderr` None: no process ran (e.g. no binary), so there is nothing to show."""
        self.returncode = returncode
        self.stderr = stderr or ""
        code = "" if returncode is None else f" (exit code {returncode})"
        if stderr is None:
            tail = ""
        elif stderr.strip():
            tail = f"\nmockgate stderr:\n{stderr.rstrip()}"
        else:
            tail = "\nmockgate wrote nothing on stderr"
        super().__init__(f"{what}{code}{tail}")
