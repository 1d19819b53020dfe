"""The SDK against the mock Lisoloo: the gateway's documented answers reach the caller, and
the SDK's retries do what they promise — counted in the mock's journal, not assumed."""

import time

import pytest

from lisoloo_sdk import BALANCE_PATH, SEND_PATH, ConnectionLost, LisolooError, RateLimited
from mockgate_pytest.rfc3339 import parse_rfc3339

# The 403 texts of document 004, one per key status.
STATUS_MESSAGES = {
    "pending_validation": "Gateway app is pending validation. Please contact support.",
    "suspended": "Gateway app is suspended. Please contact support.",
    "revoqued": "Gateway app has been revoked. Please contact support.",
    "revoked": "Gateway app has been revoked. Please contact support.",  # the mock's alias
    "locked": "Gateway app is locked. Please contact support.",
    "expired": "Gateway app has expired. Please contact support.",
    "rejected": "Gateway app has been rejected. Please contact support.",
}


def test_a_live_key_reads_the_live_balance_and_sends(lisoloo):
    client = lisoloo.client(lisoloo.key("live"))
    assert client.balance() == 250
    sent = client.send("+393331234567", "hello")
    assert sent["status"] == "queued" and sent["message_id"]
    assert lisoloo.journal.count(status=200) == 2


def test_a_test_key_reads_the_sandbox_balance(lisoloo):
    assert lisoloo.client(lisoloo.key("test"), env="test").balance() == 1000


@pytest.mark.parametrize("status", STATUS_MESSAGES)
def test_a_key_not_allowed_gets_its_documented_403(lisoloo, status):
    key = lisoloo.key("live")
    client = lisoloo.client(key)
    client.balance()  # works while allowed: the 403 below comes from the status change
    lisoloo.admin.set_key_status(key["id"], status)
    with pytest.raises(LisolooError) as refused:
        client.balance()
    assert (refused.value.status, refused.value.detail) == (403, STATUS_MESSAGES[status])


@pytest.mark.mockgate(locale="it")
def test_the_403_is_surfaced_in_the_servers_locale(lisoloo_own):
    key = lisoloo_own.key("live", status="suspended")
    with pytest.raises(LisolooError, match="L'app gateway è sospesa. Contatta il supporto."):
        lisoloo_own.client(key).balance()


def test_an_unknown_or_deleted_key_is_unauthorized(lisoloo):
    key = lisoloo.key("live")
    lisoloo.admin.delete_key(key["id"])
    with pytest.raises(LisolooError) as refused:
        lisoloo.client(key).balance()
    assert (refused.value.status, refused.value.detail) == (401, "Unauthorized")


@pytest.mark.parametrize("key_env, url_env", [("test", "live"), ("live", "test")])
def test_a_key_of_the_other_environment_is_unauthorized(lisoloo, key_env, url_env):
    with pytest.raises(LisolooError) as refused:
        lisoloo.client(lisoloo.key(key_env), env=url_env).balance()
    assert (refused.value.status, refused.value.detail) == (401, "Unauthorized")


def test_after_rotation_the_old_key_is_refused_and_the_new_one_works(lisoloo):
    old = lisoloo.key("live")
    assert lisoloo.client(old).balance() == 250
    new = lisoloo.admin.rotate_key(old["id"])
    assert new["rotated_from"] == old["id"]
    with pytest.raises(LisolooError) as refused:
        lisoloo.client(old).balance()
    assert refused.value.status == 401  # document 004: no overlap window
    assert lisoloo.client(new).balance() == 250


def test_429_is_retried_after_retry_after(lisoloo):
    client = lisoloo.client(lisoloo.key("live"))
    lisoloo.admin.queue_faults([{"status": 429, "retry_after": 1, "repeat": 2}])
    started = time.monotonic()
    assert client.balance() == 250
    assert time.monotonic() - started >= 1.8  # two waits of Retry-After: 1, less some slack
    attempts = lisoloo.journal.requests(path=BALANCE_PATH)
    assert [event["status"] for event in attempts] == [429, 429, 200]
    times = [parse_rfc3339(event["time"]) for event in attempts]
    # The mock's clock stamps each arrival: every retry came a Retry-After (~1 s) after the 429.
    assert all((later - earlier).total_seconds() >= 0.9 for earlier, later in zip(times, times[1:]))


def test_429_retries_stop_at_the_cap(lisoloo):
    client = lisoloo.client(lisoloo.key("live"), max_rate_limit_retries=2, sleep=lambda seconds: None)
    lisoloo.admin.queue_faults([{"status": 429, "retry_after": 1, "repeat": 5}])
    with pytest.raises(RateLimited):
        client.balance()
    assert lisoloo.journal.count(path=BALANCE_PATH) == 3


def test_a_retry_after_beyond_the_cap_is_not_waited_for(lisoloo):
    client = lisoloo.client(lisoloo.key("live"), max_retry_after=5)
    lisoloo.admin.queue_faults([{"status": 429, "retry_after": 60}])
    with pytest.raises(RateLimited) as limited:
        client.balance()
    assert limited.value.retry_after == 60
    assert lisoloo.journal.count(path=BALANCE_PATH) == 1


def test_a_500_surfaces_the_documented_message(lisoloo):
    lisoloo.admin.queue_faults([{"status": 500}])
    with pytest.raises(LisolooError) as failed:
        lisoloo.client(lisoloo.key("live")).balance()
    assert (failed.value.status, failed.value.detail) == (
        500, "Authentication service temporarily unavailable. Please try again.")


LOST_ANSWERS = [
    pytest.param({"drop": True}, id="drop"),  # the connection closed without an answer
    pytest.param({"network": "reset"}, id="reset"),  # a TCP reset instead of the answer
]


@pytest.mark.parametrize("fault", LOST_ANSWERS)
def test_a_lost_balance_answer_is_retried_once(lisoloo, fault):
    client = lisoloo.client(lisoloo.key("live"))
    lisoloo.admin.queue_faults([fault])
    assert client.balance() == 250
    assert lisoloo.journal.count(path=BALANCE_PATH) == 2
    assert lisoloo.journal.count(path=BALANCE_PATH, status="none") == 1


def test_a_balance_answer_lost_twice_is_raised(lisoloo):
    client = lisoloo.client(lisoloo.key("live"))
    lisoloo.admin.queue_faults([{"drop": True}, {"drop": True}])
    with pytest.raises(ConnectionLost):
        client.balance()
    assert lisoloo.journal.count(path=BALANCE_PATH) == 2


@pytest.mark.parametrize("fault", LOST_ANSWERS)
def test_a_lost_send_answer_is_not_sent_again(lisoloo, fault):
    client = lisoloo.client(lisoloo.key("live"))
    lisoloo.admin.queue_faults([fault])
    with pytest.raises(ConnectionLost):
        client.send("+393331234567", "hello")
    # The SDK is synchronous: a re-send would be in the journal by the time send() raised.
    assert lisoloo.journal.count(path=SEND_PATH) == 1


def test_the_key_never_travels_in_the_url(lisoloo):
    client = lisoloo.client(lisoloo.key("live"))
    mark = lisoloo.journal.mark()
    client.balance()
    client.send("+393331234567", "hello")
    assert len(lisoloo.journal.requests(since=mark)) == 2
    lisoloo.journal.assert_no_key_in_url()


def test_the_client_never_shows_its_key(lisoloo):
    key = lisoloo.key("live")
    assert key["value"] not in repr(lisoloo.client(key))
