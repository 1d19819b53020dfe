import os

import pytest

from mockgate_pytest import Mockgate

# pytester runs the inner test files that exercise the fixtures as a user's suite would.
pytest_plugins = ["pytester"]


def pytest_configure():
    # pytester runs the inner tests in a directory of their own, where a relative path breaks.
    if "MOCKGATE_BINARY" in os.environ:
        os.environ["MOCKGATE_BINARY"] = os.path.abspath(os.environ["MOCKGATE_BINARY"])


@pytest.fixture
def run_inner(pytester):
    """Runs `source` as a test file of its own with the plugin loaded, in this process."""

    def run(source, *args):
        pytester.makepyfile(source)
        return pytester.runpytest("-p", "mockgate_pytest.plugin", "-p", "no:cacheprovider", *args)

    return run


@pytest.fixture(scope="module")
def server():
    """One server for the tests that only call it (the fixtures are tested through pytester)."""
    with Mockgate.start(providers=["lisoloo"]) as started:
        yield started


@pytest.fixture
def admin(server):
    server.admin().reset()
    return server.admin()

