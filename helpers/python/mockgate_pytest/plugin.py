"""pytest fixtures for mockgate: a fresh server per test, or one per session reset per test."""

import os

import pytest

from .errors import MockgateProcessError
from .server import Mockgate

MARKER_HELP = (
    "mockgate(providers=[...], now=..., locale=..., tls=True, admin_token=..., args=[...]): "
    "how the `mockgate` fixture starts this test's server (any Mockgate.start argument)"
)
# Servers whose death a test has already been failed for, so teardown does not report it twice.
_reported_deaths = pytest.StashKey[set]()


def pytest_addoption(parser):
    parser.addoption("--mockgate-binary", help="the mockgate binary (else ini mockgate_binary, "
                     "$MOCKGATE_BINARY, or mockgate on PATH)")
    parser.addini("mockgate_binary", "the mockgate binary; relative paths are from the ini file")
    parser.addini("mockgate_providers", "providers the fixtures serve unless a marker says",
                  type="args", default=["lisoloo"])


def pytest_configure(config):
    config.addinivalue_line("markers", MARKER_HELP)
    config.stash[_reported_deaths] = set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Fails the test itself when a server it used died while it ran, with the server's stderr:
    the test's own error (a refused connection, say) is then only a consequence. The report is
    rewritten rather than an exception raised, which would skip other plugins' wrappers."""
    outcome = yield
    if call.when != "call":
        return
    for server in _servers_of(item):
        death = server.death()
        if death is not None:
            item.config.stash[_reported_deaths].add(server.pid)
            report = outcome.get_result()
            if hasattr(report, "wasxfail"):
                return  # an xfail marker may be expecting exactly this (a known mockgate crash)
            text = str(death)
            # The test's own error too, unless an admin call already raised this same report.
            if call.excinfo is not None and not isinstance(call.excinfo.value, MockgateProcessError):
                text += f"\n(the test itself raised {call.excinfo.value!r})"
            report.outcome, report.longrepr = "failed", text
            return


def _servers_of(item):
    return [value for value in getattr(item, "funcargs", {}).values() if isinstance(value, Mockgate)]


def _binary(config):
    if config.getoption("mockgate_binary"):
        return config.getoption("mockgate_binary")
    from_ini = config.getini("mockgate_binary")
    if from_ini and config.inipath is not None and os.sep in from_ini:
        return str(config.inipath.parent / from_ini)
    return from_ini or None  # Mockgate.start then looks at $MOCKGATE_BINARY and PATH


def _start(config, **options):
    options.setdefault("providers", config.getini("mockgate_providers"))
    try:
        return Mockgate.start(binary=_binary(config), **options)
    except MockgateProcessError as error:
        failure = str(error)
    # The server's own words, without this plugin's frames or an exception chain around them.
    pytest.fail(failure, pytrace=False)


def _stop(config, server):
    failure = None
    try:
        server.stop()
    except MockgateProcessError as error:
        if server.pid not in config.stash[_reported_deaths]:
            failure = str(error)
    if failure:  # raised outside the except: the report is the server's words, not a chain
        pytest.fail(failure, pytrace=False)


@pytest.fixture
def mockgate(request):
    """A server of its own for this test, configured by @pytest.mark.mockgate(...)."""
    marker = request.node.get_closest_marker("mockgate")
    server = _start(request.config, **(marker.kwargs if marker else {}))
    yield server
    _stop(request.config, server)


@pytest.fixture(scope="session")
def mockgate_session(request):
    """One server for the whole session, state carried from test to test: call
    `mockgate_session.admin().reset()` yourself, or use `mockgate_shared`."""
    server = _start(request.config)
    yield server
    _stop(request.config, server)


@pytest.fixture
def mockgate_shared(request, mockgate_session):
    """The session's server, reset before this test: isolation without a start per test."""
    if request.node.get_closest_marker("mockgate"):
        pytest.fail("@pytest.mark.mockgate configures the `mockgate` fixture; `mockgate_shared` "
                    "is the session's server as the ini configures it", pytrace=False)
    mockgate_session.check_alive()
    for provider in mockgate_session.providers:
        mockgate_session.admin(provider).reset()
    return mockgate_session
