"""Admin calls reach the server and its refusals come back as MockgateError with its message."""

import datetime

import pytest

from mock_client import BALANCE_PATH, get
from mockgate_pytest import Admin, Mockgate, MockgateError


def test_health_and_stats(admin):
    assert admin.health() == {"ok": True}
    assert "connections" in admin.stats()


def test_key_lifecycle(server, admin):
    key = admin.create_key(env="live")
    assert get(server, BALANCE_PATH, headers={"app-key": key["value"]})[0] == 200
    assert admin.key(key["id"])["value"] != key["value"]  # redacted once created
    assert [listed["id"] for listed in admin.keys()] == [key["id"]]
    assert admin.set_key_status(key["id"], "suspended")["status"] == "suspended"
    assert admin.update_key(key["id"], status="allowed", tier="enterprise")["tier"] == "enterprise"
    rotated = admin.rotate_key(key["id"])
    assert rotated["rotated_from"] == key["id"]
    assert admin.delete_key(rotated["id"]) is None
    assert get(server, BALANCE_PATH, headers={"app-key": rotated["value"]})[0] == 401


def test_refusals_carry_the_servers_message(admin):
    key = admin.create_key(env="live")
    with pytest.raises(MockgateError) as refused:
        admin.set_key_status(key["id"], "bogus")
    assert refused.value.status == 400
    assert "bogus" in refused.value.message
    assert "bogus" in str(refused.value)
    with pytest.raises(MockgateError) as missing:
        admin.key("no-such-id")
    assert missing.value.status == 404


def test_accounts(admin):
    admin.create_account("bob", password="pw", ip_whitelist=["10.0.0.0/8"])
    assert admin.update_account("bob", tier="enterprise")["tier"] == "enterprise"
    assert "bob" in [account["username"] for account in admin.accounts()]


def test_faults_queue_and_clear(admin):
    queued = admin.queue_faults([{"status": 500}, {"drop": True}])
    assert queued["queued"]["before_auth"] == 2
    assert len(admin.faults()["before_auth"]) == 2
    admin.queue_faults([{"status": 503}], stage="after_auth")
    assert len(admin.faults()["after_auth"]) == 1
    admin.clear_faults()
    assert not any(admin.faults().values())


def test_clock_takes_text_datetimes_and_none(admin):
    assert admin.set_clock("2026-01-10T00:00:00Z")["now"].startswith("2026-01-10T00:00:00")
    rome = datetime.timezone(datetime.timedelta(hours=1))
    admin.set_clock(datetime.datetime(2026, 1, 15, 13, 0, tzinfo=rome))
    assert admin.clock()["now"].startswith("2026-01-15T12:00:00")
    admin.set_clock(None)
    assert admin.clock()["now"][:4] == str(datetime.datetime.now(datetime.timezone.utc).year)


def test_locale_and_certificate(admin):
    admin.set_locale("it")
    assert admin.locale() == {"locale": "it"}
    # Admin calls go to the plain twin, so they outlive an untrusted certificate.
    admin.set_certificate("untrusted")
    assert admin.health() == {"ok": True}
    admin.set_certificate("trusted")


def test_reset_forgets_keys(admin):
    admin.create_key(env="live")
    admin.reset()
    assert admin.keys() == []


def test_an_admin_token_is_sent_when_the_server_requires_one():
    with Mockgate.start(providers=["lisoloo"], admin_token="s3cret-admin") as guarded:
        assert guarded.admin().health() == {"ok": True}
        tokenless = Admin(guarded.admin().base_url)
        with pytest.raises(MockgateError) as refused:
            tokenless.health()
        assert refused.value.status == 401
