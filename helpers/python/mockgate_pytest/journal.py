"""What a provider's listeners received, asked through GET /__mockgate/journal[/count]."""

import datetime

from .rfc3339 import rfc3339


class Journal:
    """`admin.journal(**filters)` passes any filters through as written (an unknown one is the
    server's 400); `requests()` and `count()` name the known ones.

    Filters: method (any case); path (decoded, exact or a `*` glob); status (404, "4xx", or
    "none" for dropped connections); env; since (a seq from `mark()`, or a time); flag
    (e.g. "key_in_url").
    """

    def __init__(self, admin):
        self._admin = admin

    def __call__(self, **filters):
        return self._admin.call("GET", "/journal", query=_query(filters))

    def requests(self, path=None, method=None, status=None, env=None, since=None, flag=None):
        """Matching events, oldest first."""
        return self(path=path, method=method, status=status, env=env, since=since, flag=flag)

    def count(self, path=None, method=None, status=None, env=None, since=None, flag=None):
        filters = dict(path=path, method=method, status=status, env=env, since=since, flag=flag)
        return self._admin.call("GET", "/journal/count", query=_query(filters))["count"]

    def mark(self):
        """The last event's seq now: `requests(since=mark)` is what came after."""
        return self._admin.call("GET", "/journal/count")["last_seq"]

    def assert_no_key_in_url(self, since=None):
        offending = self.requests(flag="key_in_url", since=since)
        if offending:
            # `target` is the journal's, where the server has already redacted every key.
            lines = "\n".join(f"  {event['method']} {event['target']}" for event in offending)
            raise AssertionError(f"{len(offending)} request(s) carried a key in the URL:\n{lines}")


def _query(filters):
    return {name: _text(value) for name, value in filters.items() if value is not None}


def _text(value):
    if isinstance(value, datetime.datetime):
        return rfc3339(value)
    return str(value)
