import pytest

from lisoloo_sdk import LisolooClient

# Found through pytest.ini's pythonpath; `pip install helpers/python` would register it by itself.
pytest_plugins = ["mockgate_pytest.plugin"]


class Lisoloo:
    """The mock Lisoloo of one test: its admin API, and SDK clients pointed at it."""

    def __init__(self, server):
        self.server = server
        self.admin = server.admin("lisoloo")
        self.journal = self.admin.journal

    def key(self, env="live", **fields):
        return self.admin.create_key(env=env, **fields)

    def client(self, key, env="live", **options):
        value = key["value"] if isinstance(key, dict) else key
        return LisolooClient(self.server.url("lisoloo", env), value,
                             ssl_context=self.server.ssl_context(), **options)


@pytest.fixture
def lisoloo(mockgate_shared):
    """Most tests need no server of their own: the session's, reset, is enough."""
    return Lisoloo(mockgate_shared)


@pytest.fixture
def lisoloo_own(mockgate):
    """For tests that start the server differently (@pytest.mark.mockgate)."""
    return Lisoloo(mockgate)
