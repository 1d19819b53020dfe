"""mockgate takes times as RFC 3339 text; tests like to hold datetimes."""

import datetime


def rfc3339(value):
    """A str is passed through as written; a datetime goes to UTC (a naive one is taken as UTC)."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    raise TypeError(f"expected an RFC 3339 str or a datetime, not {type(value).__name__}")


def parse_rfc3339(text):
    """The journal's `time` as an aware datetime (Python 3.11 reads the trailing Z)."""
    return datetime.datetime.fromisoformat(text)
