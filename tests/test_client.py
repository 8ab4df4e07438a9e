"""The bot's plumbing that needs no Discord: where it connects, the token kept out of logs, plain startup errors."""

from __future__ import annotations

import logging
import sys

import discord
import pytest
import yarl

from bot.client import RedactToken, StartupError, explained_failures, point_discord_at
from bot.config import DiscordSettings

TOKEN = "MTIzNDU2Nzg5.secret.token"


@pytest.fixture
def restore_endpoints():
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


def test_point_discord_at_moves_rest_and_gateway(restore_endpoints) -> None:
    point_discord_at(DiscordSettings(api_base="http://127.0.0.1:9/api/v10/", gateway_url="ws://127.0.0.1:9/gw"))
    assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:9/api/v10/users/@me"
    assert yarl.URL("ws://127.0.0.1:9/gw") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


def test_the_token_never_reaches_a_log_line() -> None:
    formatter = logging.Formatter("%(message)s")
    redact = RedactToken(TOKEN)
    record = logging.LogRecord("discord", logging.INFO, __file__, 1, "token is %s", (TOKEN,), None)
    assert redact.filter(record) and formatter.format(record) == "token is [token]"
    try:
        raise RuntimeError(f"Authorization: Bot {TOKEN}")
    except RuntimeError:
        failing = logging.LogRecord("discord", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    redact.filter(failing)
    text = formatter.format(failing)
    assert "Authorization: Bot [token]" in text and TOKEN not in text


def test_a_rejected_token_becomes_a_plain_sentence() -> None:
    with pytest.raises(StartupError, match="Discord rejected the token in DISCORD_TOKEN"), explained_failures():
        raise discord.LoginFailure("Improper token has been passed.")
