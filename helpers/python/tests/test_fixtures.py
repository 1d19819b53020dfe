"""The fixtures and the marker, run as a user's suite would run them (through pytester)."""

import os

from mockgate_pytest.server import find_binary

WORKING_URLS = '''
import http.client, json, os

def balance(url, key, context=None):
    host = url.split("://")[1]
    connection = (http.client.HTTPSConnection(host, context=context, timeout=10) if context
                  else http.client.HTTPConnection(host, timeout=10))
    connection.request("GET", "/api/v1/lisoloo/sms-api/balance", headers={"app-key": key})
    response = connection.getresponse()
    return response.status, json.loads(response.read())

def test_urls(mockgate):
    key = mockgate.admin().create_key(env="live")["value"]
    assert os.path.exists(mockgate.ca_file)
    assert balance(mockgate.url("lisoloo", "live"), key, mockgate.ssl_context()) == (
        200, {"data": {"available_sms": 250}})
    assert balance(mockgate.plain_url("lisoloo", "live"), key) == (403, {"detail": "TLS required"})
'''


def test_the_fixture_gives_working_urls(run_inner):
    run_inner(WORKING_URLS).assert_outcomes(passed=1)


def test_the_marker_chooses_how_the_server_starts(run_inner):
    run_inner('''
import pytest

@pytest.mark.mockgate(providers=["lisoloo", "qlara"], tls=False, now="2026-01-10T00:00:00Z",
                      locale="it", args=["--journal-size", "5"])
def test_marked(mockgate):
    assert mockgate.providers == ["lisoloo", "qlara"]
    assert mockgate.url("lisoloo", "live").startswith("http://")
    assert mockgate.ca_file is None
    assert mockgate.admin("qlara").clock()["now"].startswith("2026-01-10")
    assert mockgate.admin("lisoloo").locale() == {"locale": "it"}
    assert "--journal-size" in mockgate.command

def test_unmarked_takes_the_ini_providers(mockgate):
    assert mockgate.providers == ["qlara"]
''', "-o", "mockgate_providers=qlara").assert_outcomes(passed=2)


def test_each_test_gets_a_fresh_server(run_inner):
    run_inner('''
PIDS = []

def test_one(mockgate):
    mockgate.admin().create_key()
    PIDS.append(mockgate.pid)

def test_two(mockgate):
    assert mockgate.admin().keys() == []
    assert mockgate.pid not in PIDS
''').assert_outcomes(passed=2)


def test_the_shared_server_is_one_process_reset_per_test(run_inner):
    run_inner('''
PIDS = []

def test_one(mockgate_shared):
    mockgate_shared.admin().create_key()
    PIDS.append(mockgate_shared.pid)

def test_two(mockgate_shared):
    assert mockgate_shared.admin().keys() == []
    assert PIDS == [mockgate_shared.pid]

def test_the_session_server_is_not_reset(mockgate_session):
    mockgate_session.admin().create_key()
    assert len(mockgate_session.admin().keys()) == 1
''').assert_outcomes(passed=3)


CRASHING_MOCKGATE = """#!/bin/sh
echo '{"event":"listening","provider":"lisoloo","env":"live","url":"http://127.0.0.1:9"}'
echo '{"event":"ready","listeners":1}'
sleep 0.2
echo 'mockgate: simulated crash' >&2
exit 3
"""

WAITS_FOR_ITS_DEATH = """
import time

def test_outlived(mockgate):
    while mockgate.returncode is None:
        time.sleep(0.01)
"""


def test_a_server_that_dies_during_the_test_fails_it_with_its_stderr(run_inner, tmp_path):
    crashing = tmp_path / "crashing-mockgate"
    crashing.write_text(CRASHING_MOCKGATE)
    crashing.chmod(0o755)
    result = run_inner(WAITS_FOR_ITS_DEATH, f"--mockgate-binary={crashing}")
    result.assert_outcomes(failed=1)  # the test itself, not an error at teardown
    result.stdout.fnmatch_lines(["mockgate exited unexpectedly (exit code 3)", "mockgate stderr:",
                                 "mockgate: simulated crash"])


def test_a_server_killed_during_the_test_fails_it(run_inner):
    result = run_inner('''
import os, signal, time

def test_killed(mockgate):
    os.kill(mockgate.pid, signal.SIGKILL)
    while mockgate.returncode is None:
        time.sleep(0.01)
    mockgate.admin().health()  # refused: the report is about the death, not this
''')
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["mockgate exited unexpectedly (exit code -9)"])
    assert "ConnectionRefusedError" not in result.stdout.str()


def test_the_binary_option_wins(run_inner, tmp_path):
    result = run_inner('''
def test_any(mockgate):
    pass
''', f"--mockgate-binary={tmp_path / 'missing'}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*is not an executable file*"])


def test_the_ini_binary_is_relative_to_the_ini_file(run_inner, pytester, monkeypatch):
    (pytester.path / "bin").mkdir()
    (pytester.path / "bin" / "mockgate").symlink_to(find_binary())
    monkeypatch.delenv("MOCKGATE_BINARY", raising=False)  # the ini alone must find it
    pytester.makeini("[pytest]\nmockgate_binary = bin/mockgate\n")
    run_inner(f'''
def test_from_ini(mockgate):
    assert mockgate.command[0] == {str(pytester.path / "bin" / "mockgate")!r}
''').assert_outcomes(passed=1)


def test_no_server_is_left_behind(run_inner, tmp_path):
    pids = tmp_path / "pids"
    run_inner(f'''
def test_fresh(mockgate):
    open({str(pids)!r}, "a").write(f"{{mockgate.pid}}\\n")

def test_shared(mockgate_shared):
    open({str(pids)!r}, "a").write(f"{{mockgate_shared.pid}}\\n")
''').assert_outcomes(passed=2)
    for pid in map(int, pids.read_text().split()):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"mockgate {pid} still runs")
