"""The request cases bench/load.py loads: each operation's 200 (send, balance, conversations, key
management) and each refusal on the send path, with the status each must produce. Every server
gets the very same request for a case (the keys are fixed values, created in each mockgate with
the admin API's `value`), and load.py checks each case's status with one request before loading it.

    CASES                 every case, in table order
    KEYS                  (provider, role) -> key value; roles live, test, suspended, standard
    select(names)         the cases named (--cases), in table order; unknown names raise
    lua_script(case)      a wrk script that sends the case's method, headers and body
Stdlib only.
"""

SEND = "/api/v1/lisoloo/sms-api/send"
BALANCE = "/api/v1/lisoloo/sms-api/balance"
SEND_BODY = '{"to":"+393351234567","message":"Your code is 123456","sender":"Acme"}'
JSON = {"Content-Type": "application/json"}

# Well-formed for each profile's key_format (sk_<env>_ + 32 base62; Qlara 40 base62, no prefix).
def _key(prefix, seed, length=32):
    """A fixed, well-formed key: `prefix` and `seed` padded with base62 digits to `length`."""
    return prefix + (seed + "0123456789abcdefghijklmnopqrstuvwxyz" * 2)[:length]


KEYS = {
    ("lisoloo", "live"): _key("sk_live_", "BenchLiveUnlimited"),
    ("lisoloo", "test"): _key("sk_test_", "BenchTestUnlimited"),
    ("lisoloo", "suspended"): _key("sk_live_", "BenchSuspended"),
    ("lisoloo", "standard"): _key("sk_live_", "BenchStandardTier"),
    ("agentclara", "live"): _key("sk_live_", "BenchClaraUnlimited"),
    ("qlara", "live"): _key("", "BenchQlaraUnlimited", 40),
}
UNKNOWN_KEY = _key("sk_live_", "BenchNeverCreated")  # well-formed, in no store

# What load.py creates in each mockgate (POST /__mockgate/keys): (provider, role) -> body.
KEY_BODIES = {
    ("lisoloo", "live"): {"env": "live", "tier": "unlimited"},  # no documented tier allows these rates
    ("lisoloo", "test"): {"env": "test", "tier": "unlimited"},
    ("lisoloo", "suspended"): {"env": "live", "tier": "unlimited", "status": "suspended"},
    ("lisoloo", "standard"): {"env": "live"},  # standard tier: 1,000 a minute, then 429
    ("agentclara", "live"): {"env": "live", "tier": "unlimited"},
    ("qlara", "live"): {"env": "live", "tier": "unlimited"},
}


class Case:
    """One request and the status it must get. `conns`: the wrk connection counts it is loaded
    with; `prime`: the status shows only after the standard tier's 1,000 requests a minute."""

    def __init__(self, name, provider, method, path, status, what, headers=None, body=None,
                 conns=(32,), prime=False):
        self.name, self.provider, self.method, self.path, self.status = name, provider, method, path, status
        self.what, self.headers, self.body, self.conns, self.prime = what, dict(headers or {}), body, conns, prime

    def __repr__(self):
        return f"Case({self.name}: {self.method} {self.path} -> {self.status})"


def _app_key(role):
    return {"app-key": KEYS[("lisoloo", role)]}


CASES = [
    Case("send", "lisoloo", "POST", SEND, 200, "lisoloo send", {**JSON, **_app_key("live")}, SEND_BODY,
         conns=(32, 1)),
    Case("balance", "lisoloo", "GET", BALANCE, 200, "lisoloo balance", _app_key("live")),
    Case("conversations", "agentclara", "GET", "/conversations?limit=2", 200, "agentclara conversations",
         {"Authorization": "Bearer " + KEYS[("agentclara", "live")]}),
    Case("keys-list", "qlara", "GET", "/authentication", 200, "qlara key list",
         {"X-Api-Key": KEYS[("qlara", "live")]}),
    # Document 003 looks a key up by its value (GET /authentication/{value}); by id it is a 404.
    Case("keys-lookup", "qlara", "GET", "/authentication/" + KEYS[("qlara", "live")], 200,
         "qlara key lookup by value", {"X-Api-Key": KEYS[("qlara", "live")]}),
    Case("no-key", "lisoloo", "POST", SEND, 401, "send, no key", JSON, SEND_BODY, conns=(32, 1)),
    Case("unknown-key", "lisoloo", "POST", SEND, 401, "send, unknown well-formed key",
         {**JSON, "app-key": UNKNOWN_KEY}, SEND_BODY),
    # Lisoloo's live environment accepts only live keys: a test key is an invalid credential (401).
    Case("test-key", "lisoloo", "POST", SEND, 401, "send, test key at live", {**JSON, **_app_key("test")},
         SEND_BODY),
    Case("suspended", "lisoloo", "POST", SEND, 403, "send, suspended key", {**JSON, **_app_key("suspended")},
         SEND_BODY),
    Case("rate-limited", "lisoloo", "POST", SEND, 429, "send, standard tier past 1,000/min",
         {**JSON, **_app_key("standard")}, SEND_BODY, prime=True),
    Case("invalid-body", "lisoloo", "POST", SEND, 400, "send, invalid body", {**JSON, **_app_key("live")},
         '{"to":""}'),
    Case("unknown-path", "lisoloo", "POST", "/api/v1/lisoloo/sms-api/unknown", 404, "unknown path",
         {**JSON, **_app_key("live")}, SEND_BODY),
    Case("wrong-method", "lisoloo", "GET", SEND, 405, "GET on send", _app_key("live")),
    # The competitors serve the balance path only: their 401, and mockgate's beside it.
    Case("balance-no-key", "lisoloo", "GET", BALANCE, 401, "balance, no key"),
]
BY_NAME = {c.name: c for c in CASES}


def select(names):
    """The cases named in `names` (a list of names, or None for all), in table order."""
    if not names:
        return list(CASES)
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        raise SystemExit(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    return [c for c in CASES if c.name in names]


def _lua_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def lua_script(case):
    """wrk's script for `case`: method, body and headers (wrk sets Host and Content-Length)."""
    lines = [f"wrk.method = {_lua_string(case.method)}"]
    if case.body is not None:
        lines.append(f"wrk.body = {_lua_string(case.body)}")
    for name, value in case.headers.items():
        lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
    return "\n".join(lines) + "\n"
