"""Snowflake ids, tokens and timestamps as Discord formats them."""

from __future__ import annotations

import datetime
import itertools
import secrets
import time

DISCORD_EPOCH_MS = 1420070400000

_counter = itertools.count(1)
_last = 0


def snowflake() -> int:
    """Return a new, strictly increasing snowflake based on the current time."""
    global _last
    now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    value = (now_ms << 22) | (1 << 17) | (next(_counter) & 0xFFF)
    if value <= _last:
        value = _last + 1
    _last = value
    return value


def snowflake_time(value: int) -> datetime.datetime:
    """The creation time encoded in a snowflake."""
    ms = (value >> 22) + DISCORD_EPOCH_MS
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)


def iso_now() -> str:
    """Current UTC time in ISO 8601, the form Discord uses for timestamps."""
    return datetime.datetime.now(datetime.UTC).isoformat()


def interaction_token() -> str:
    """A random interaction token (URL-safe, like Discord's)."""
    return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)


def session_id() -> str:
    """A random gateway session id."""
    return secrets.token_hex(16)
