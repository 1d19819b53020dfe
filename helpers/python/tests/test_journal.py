"""Journal filters reach the server as written, and the helpers read its answers right."""

import datetime

import pytest

from mock_client import BALANCE_PATH, SEND_PATH, call, get
from mockgate_pytest import MockgateError
from mockgate_pytest.rfc3339 import parse_rfc3339


@pytest.fixture
def traffic(server, admin):
    """Four requests: a good balance (live), a 401 (live), a key in the URL (live), one on test."""
    key = admin.create_key(env="live")
    get(server, BALANCE_PATH, headers={"app-key": key["value"]})
    get(server, BALANCE_PATH)
    call(server, "POST", f"{SEND_PATH}?app-key={key['value']}", headers={"app-key": key["value"]},
         body=b'{"to": "+393331234567", "message": "hi"}')
    get(server, BALANCE_PATH, env="test")
    return key


def test_filters_select_events(admin, traffic):
    journal = admin.journal
    assert len(journal.requests()) == 4
    assert [event["method"] for event in journal.requests(method="post")] == ["POST"]
    assert journal.count(path=BALANCE_PATH) == 3
    assert journal.count(path="/api/v1/lisoloo/sms-api/*") == 4
    assert journal.count(status=200) == 2
    assert journal.count(status="4xx") == 2
    assert journal.count(env="test") == 1
    assert journal.count(flag="key_in_url") == 1


def test_since_takes_a_mark(server, admin, traffic):
    mark = admin.journal.mark()
    assert admin.journal.requests(since=mark) == []
    get(server, BALANCE_PATH)
    assert [event["seq"] for event in admin.journal.requests(since=mark)] == [mark + 1]


def test_since_takes_a_time(admin, traffic):
    events = admin.journal.requests()
    last = parse_rfc3339(events[-1]["time"])
    assert len(admin.journal.requests(since=last - datetime.timedelta(minutes=1))) == 4
    assert admin.journal.count(since=last + datetime.timedelta(minutes=1)) == 0


def test_unknown_filters_are_the_servers_400(admin):
    with pytest.raises(MockgateError) as refused:
        admin.journal(colour="blue")
    assert refused.value.status == 400


def test_assert_no_key_in_url_names_the_requests_and_never_the_key(admin, traffic):
    with pytest.raises(AssertionError) as caught:
        admin.journal.assert_no_key_in_url()
    message = str(caught.value)
    assert f"POST {SEND_PATH}?app-key=" in message
    assert traffic["value"] not in message


def test_assert_no_key_in_url_passes_for_header_keys(server, admin):
    key = admin.create_key(env="live")
    get(server, BALANCE_PATH, headers={"app-key": key["value"]})
    admin.journal.assert_no_key_in_url()
