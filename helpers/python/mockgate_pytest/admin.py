"""One provider's admin API (/__mockgate/ on any of its listeners) as Python calls."""

import http.client
import json
import urllib.parse

from .errors import MockgateError
from .journal import Journal
from .rfc3339 import rfc3339


class Admin:
    """Calls the admin API of one provider; all its listeners share that provider's state.

    `base_url` is a plain-HTTP listener, so admin calls keep working whatever certificate
    `set_certificate` makes the HTTPS listeners present.
    """

    def __init__(self, base_url, admin_token=None, timeout=10.0, check_alive=None):
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme != "http":
            raise ValueError(f"admin calls go to a plain-HTTP listener, not {base_url}")
        self.base_url = base_url
        self._host = parts.hostname
        self._port = parts.port
        self._admin_token = admin_token
        self._timeout = timeout
        # Turns "connection refused" into "the server died, here is its stderr" when it did.
        self._check_alive = check_alive
        self.journal = Journal(self)

    def call(self, method, path, body=None, query=None):
        """Any admin call: `path` under /__mockgate/; answers the decoded JSON (None for 204)."""
        target = "/__mockgate" + path
        if query:
            target += "?" + urllib.parse.urlencode(query)
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self._admin_token is not None:
            headers["X-Mockgate-Admin-Token"] = self._admin_token
        connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        try:
            connection.request(method, target, body=payload, headers=headers)
            response = connection.getresponse()
            status, raw = response.status, response.read()
        except OSError:
            if self._check_alive is not None:
                self._check_alive()
            raise
        finally:
            connection.close()
        text = raw.decode("utf-8", errors="replace")
        if status >= 400:
            raise MockgateError(status, _error_message(text), f"{method} {target}")
        return json.loads(text) if text.strip() else None

    def health(self):
        return self.call("GET", "/health")

    def stats(self):
        return self.call("GET", "/stats")

    def create_key(self, **fields):
        """201's key, the only answer holding its cleartext `value`: keep that out of messages."""
        return self.call("POST", "/keys", fields)

    def keys(self):
        return self.call("GET", "/keys")

    def key(self, key_id):
        return self.call("GET", f"/keys/{_segment(key_id)}")

    def update_key(self, key_id, status=None, tier=None):
        fields = {name: value for name, value in (("status", status), ("tier", tier)) if value is not None}
        return self.call("PATCH", f"/keys/{_segment(key_id)}", fields)

    def set_key_status(self, key_id, status):
        return self.update_key(key_id, status=status)

    def delete_key(self, key_id):
        return self.call("DELETE", f"/keys/{_segment(key_id)}")

    def rotate_key(self, key_id):
        return self.call("POST", f"/keys/{_segment(key_id)}/rotate")

    def create_account(self, username, **fields):
        return self.call("POST", "/accounts", {"username": username, **fields})

    def update_account(self, username, **fields):
        return self.call("PATCH", f"/accounts/{_segment(username)}", fields)

    def accounts(self):
        return self.call("GET", "/accounts")

    def queue_faults(self, responses, stage="before_auth"):
        return self.call("POST", "/faults", {"stage": stage, "responses": list(responses)})

    def faults(self):
        return self.call("GET", "/faults")

    def clear_faults(self):
        return self.call("DELETE", "/faults")

    def set_clock(self, now):
        """`now` as RFC 3339 text or a datetime; None gives the mock real time again."""
        return self.call("PUT", "/clock", {"now": None if now is None else rfc3339(now)})

    def clock(self):
        return self.call("GET", "/clock")

    def set_locale(self, locale):
        return self.call("PUT", "/locale", {"locale": locale})

    def locale(self):
        return self.call("GET", "/locale")

    def set_certificate(self, mode):
        """trusted, untrusted, wrong_host or expired: what HTTPS listeners present from now on."""
        return self.call("PUT", "/tls", {"certificate": mode})

    def reset(self):
        return self.call("POST", "/reset")


def _segment(value):
    return urllib.parse.quote(str(value), safe="")


def _error_message(text):
    try:
        body = json.loads(text)
    except ValueError:
        return text.strip() or "(empty body)"
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"]
    return text.strip()
