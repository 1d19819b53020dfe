"""Starting and stopping the process: its failures explained, nothing left running."""

import os
import signal
import stat

import pytest

from mockgate_pytest import Mockgate, MockgateProcessError


def gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_stop_leaves_no_process_and_no_ca_file():
    server = Mockgate.start(providers=["lisoloo"])
    pid, ca_file = server.pid, server.ca_file
    assert os.path.exists(ca_file)
    server.stop()
    assert server.returncode == 0
    assert gone(pid)
    assert not os.path.exists(ca_file)
    assert server.events[-1]["event"] == "stopped"


def test_an_unknown_provider_raises_with_the_servers_message():
    with pytest.raises(MockgateProcessError) as failed:
        Mockgate.start(providers=["no-such-provider"])
    assert failed.value.returncode != 0
    assert "no-such-provider" in failed.value.stderr
    assert failed.value.stderr.strip() in str(failed.value)


def test_a_server_that_died_before_stop_is_reported():
    server = Mockgate.start(providers=["lisoloo"])
    os.kill(server.pid, signal.SIGKILL)
    server._process.wait()
    with pytest.raises(MockgateProcessError, match="exited before stop"):
        server.stop()
    assert gone(server.pid)


def test_no_ready_line_times_out_with_stderr_and_kills(tmp_path):
    silent = tmp_path / "silent-mockgate"
    silent.write_text("#!/bin/sh\necho 'still thinking' >&2\nexec sleep 60\n")
    silent.chmod(silent.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(MockgateProcessError, match="no ready line within 0.5 s") as failed:
        Mockgate.start(binary=str(silent), ready_timeout=0.5)
    assert "still thinking" in str(failed.value)


def test_no_binary_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("MOCKGATE_BINARY", raising=False)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(MockgateProcessError, match="no mockgate binary"):
        Mockgate.start()


def test_urls_need_a_provider_and_env_only_when_ambiguous():
    with Mockgate.start(providers=["lisoloo", "qlara"]) as server:
        assert server.url("lisoloo", "live").startswith("https://127.0.0.1:")
        assert server.url("qlara") == server.url("qlara", "live")
        with pytest.raises(ValueError, match="say which provider"):
            server.admin()
        with pytest.raises(ValueError, match="no provider 'nope'"):
            server.url("nope")
