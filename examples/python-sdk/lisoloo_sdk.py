"""A small client for the Lisoloo SMS API (send and balance), as an application team would write it.

It knows Lisoloo, not mockgate: the key goes in the `app-key` header (never the URL), errors
surface the gateway's `detail` text, a 429 is retried after its Retry-After (up to a cap), and a
connection lost before the answer is retried only for the idempotent balance call — a lost send
may have been delivered, so it is the caller's decision, not the SDK's.
"""

import http.client
import json
import ssl
import time
import urllib.parse

SEND_PATH = "/api/v1/lisoloo/sms-api/send"
BALANCE_PATH = "/api/v1/lisoloo/sms-api/balance"
# How a connection can end with no answer: reset, closed, or TLS cut short.
LOST_CONNECTION = (ConnectionError, http.client.RemoteDisconnected, ssl.SSLEOFError, ssl.SSLZeroReturnError)


class LisolooError(Exception):
    """The gateway answered an error; `detail` is its own message."""

    def __init__(self, status, detail):
        self.status = status
        self.detail = detail
        super().__init__(f"Lisoloo answered {status}: {detail}")


class RateLimited(LisolooError):
    """Still 429 after the retries, or Retry-After asked for longer than the client will wait."""

    def __init__(self, detail, retry_after):
        self.retry_after = retry_after
        super().__init__(429, detail)


class ConnectionLost(Exception):
    """No answer arrived. For a send, the message may or may not have gone out."""


class LisolooClient:
    """`base_url` is the environment's base URL from the Bloonio dashboard (sandbox or production);
    a 429 is retried up to `max_rate_limit_retries` times, each after its Retry-After, unless that
    asks for more than `max_retry_after` seconds (then RateLimited at once: the caller decides)."""

    def __init__(self, base_url, api_key, ssl_context=None, timeout=10.0,
                 max_rate_limit_retries=3, max_retry_after=10.0, sleep=time.sleep):
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme != "https":
            raise ValueError("Lisoloo is HTTPS only: the key must not travel in clear")
        self._host, self._port = parts.hostname, parts.port
        self._api_key = api_key
        self._ssl_context = ssl_context or ssl.create_default_context()
        self._timeout = timeout
        self._max_rate_limit_retries = max_rate_limit_retries
        self._max_retry_after = max_retry_after
        self._sleep = sleep

    def __repr__(self):
        # The key is a secret: only its prefix and last 4 characters ever leave the client.
        return f"LisolooClient(https://{self._host}:{self._port}, app-key={_redact(self._api_key)})"

    def balance(self):
        """SMS credits left."""
        return self._call("GET", BALANCE_PATH, idempotent=True)["data"]["available_sms"]

    def send(self, to, message, sender=None):
        """Queues one SMS; answers the gateway's data (message_id, status)."""
        body = {"to": to, "message": message}
        if sender is not None:
            body["sender"] = sender
        return self._call("POST", SEND_PATH, body, idempotent=False)["data"]

    def _call(self, method, path, body=None, idempotent=False):
        rate_limit_retries = 0
        lost_connection_retries = 0
        while True:
            try:
                status, headers, answer = self._exchange(method, path, body)
            except LOST_CONNECTION as error:
                # Once, and only when repeating cannot do anything twice: a second loss is no blip.
                if idempotent and lost_connection_retries == 0:
                    lost_connection_retries += 1
                    continue
                consequence = "" if idempotent else "; not sent again, it may have been processed"
                raise ConnectionLost(f"{method} {path}: no answer ({error!r}){consequence}") from error
            if status == 429:
                retry_after = _seconds(headers.get("Retry-After"))
                if rate_limit_retries == self._max_rate_limit_retries or retry_after > self._max_retry_after:
                    raise RateLimited(_detail(answer), retry_after)
                rate_limit_retries += 1
                self._sleep(retry_after)
                continue
            if status >= 400:
                raise LisolooError(status, _detail(answer))
            return json.loads(answer)

    def _exchange(self, method, path, body):
        # A connection per call: a reused keep-alive connection the server has closed would look
        # like a lost answer, and a send must never be guessed about.
        connection = http.client.HTTPSConnection(self._host, self._port, timeout=self._timeout,
                                                 context=self._ssl_context)
        headers = {"app-key": self._api_key, "Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()


def _seconds(retry_after):
    """Retry-After in seconds; one second when absent or not a number (HTTP dates are not used here)."""
    try:
        return max(0.0, float(retry_after))
    except (TypeError, ValueError):
        return 1.0


def _detail(answer):
    """FastAPI's {"detail": …}: a text, or for validation errors a list worth showing whole."""
    try:
        detail = json.loads(answer)["detail"]
    except (ValueError, KeyError, TypeError):
        return answer.strip() or "(no body)"
    return detail if isinstance(detail, str) else json.dumps(detail)


def _redact(key):
    return f"{key[:8]}…{key[-4:]}" if len(key) > 12 else "…"
