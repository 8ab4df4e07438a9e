"""`medbot run` and `medbot sync` when the network or Discord fails (issue 11): a sentence and the exit status the
README promises (1: try again later; 2: fix the token), never a traceback, never the token; SIGTERM in the middle of
login stops cleanly. Each test runs the installed `medbot` as a process against the local stand-in."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e_bot import write_config
from tests.fake_discord import FakeDiscord

MEDBOT = str(Path(sys.executable).with_name("medbot"))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as stand_in:
        yield stand_in


async def medbot(*args: str, token: str, timeout: float = 30) -> tuple[int, str]:
    """Run `medbot ARGS` with DISCORD_TOKEN=token; its exit status and everything it wrote."""
    process = await asyncio.create_subprocess_exec(MEDBOT, *args, env={**os.environ, "DISCORD_TOKEN": token},
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, out.decode()


def plain(output: str, token: str) -> None:
    assert "Traceback" not in output and token not in output, output


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", ["run", "sync"])
async def test_connection_refused(tmp_path: Path, fake: FakeDiscord, command: str) -> None:
    port = closed_port()
    config = write_config(tmp_path, fake, api_base=f"http://127.0.0.1:{port}/api/v10",
                          gateway_url=f"ws://127.0.0.1:{port}/")
    status, output = await medbot(command, "--config", str(config), token=fake.token)
    assert status == 1, output
    assert f"Could not reach Discord at http://127.0.0.1:{port}/api/v10" in output
    plain(output, fake.token)


@pytest.mark.parametrize(("command", "method", "path"), [("run", "GET", "/users/@me"),
                                                         ("sync", "PUT", "/commands")])
async def test_a_server_error_that_does_not_stop(tmp_path: Path, fake: FakeDiscord, command: str, method: str,
                                                 path: str) -> None:
    fake.fail(method, path, 500, times=None)
    config = write_config(tmp_path, fake, connect_timeout=1.5)
    status, output = await medbot(command, "--config", str(config), token=fake.token)
    assert status == 1, output
    assert "Discord did not let the bot" in output and "within 1.5 s" in output
    plain(output, fake.token)


async def test_a_refused_request_at_sync_says_what_discord_said(tmp_path: Path, fake: FakeDiscord) -> None:
    fake.fail("PUT", "/commands", 403, {"message": "Missing Access", "code": 50001}, times=None)
    status, output = await medbot("sync", "--config", str(write_config(tmp_path, fake)), token=fake.token)
    assert status == 1 and "Discord refused the request (403: Missing Access)" in output, output
    plain(output, fake.token)


async def test_one_server_error_at_login_is_retried(tmp_path: Path, fake: FakeDiscord) -> None:
    fake.fail("GET", "/users/@me", 502, times=1)
    status, output = await medbot("sync", "--config", str(write_config(tmp_path, fake)), token=fake.token)
    assert status == 0 and "Registered" in output, output


@pytest.mark.parametrize("command", ["run", "sync"])
async def test_a_server_that_never_answers(tmp_path: Path, fake: FakeDiscord, command: str) -> None:
    fake.hang("GET", "/users/@me")
    config = write_config(tmp_path, fake, connect_timeout=1)
    status, output = await medbot(command, "--config", str(config), token=fake.token, timeout=20)
    assert status == 1 and "did not let the bot log in within 1 s" in output, output
    plain(output, fake.token)


@pytest.mark.parametrize("token", ["abc\x1b[2Jdef", "abc\ndef.ghi", "abc def", "tökén"])
@pytest.mark.parametrize("command", ["run", "sync"])
async def test_a_token_with_control_characters_exits_2(tmp_path: Path, fake: FakeDiscord, command: str,
                                                       token: str) -> None:
    status, output = await medbot(command, "--config", str(write_config(tmp_path, fake)), token=token)
    assert status == 2 and "holds a character no bot token has" in output, output
    assert "Traceback" not in output and "\x1b" not in output
    assert fake.requests == []


async def test_sigterm_while_login_waits_stops_cleanly(tmp_path: Path, fake: FakeDiscord) -> None:
    fake.hang("GET", "/users/@me")
    config = write_config(tmp_path, fake, connect_timeout=60)
    process = await asyncio.create_subprocess_exec(MEDBOT, "run", "--config", str(config),
                                                   env={**os.environ, "DISCORD_TOKEN": fake.token},
                                                   stderr=asyncio.subprocess.PIPE)
    try:
        await fake.wait_for(lambda: bool(fake.requests_to("GET", "/users/@me")), timeout=20, what="a login")
    finally:
        process.send_signal(signal.SIGTERM)
        _, log = await asyncio.wait_for(process.communicate(), 10)
    output = log.decode()
    assert process.returncode == 0, output
    assert "Shutting down" in output
    plain(output, fake.token)
