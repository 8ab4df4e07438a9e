"""Running the real bot against the local Discord stand-in: a config file that points at it, and the bot itself.

Only two things differ from production, both timing: READY is not followed by a 2-second wait for guilds
(``guild_ready_timeout`` in the config), and a second IDENTIFY does not sleep 5 seconds first (discord.py's
``before_identify_hook``, which exists to respect Discord's identify rate limit).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import yaml

from bot.client import MedEdBot
from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.evidence import Evidence
from tests.fake_discord import FakeDiscord, MessageRecord, running_bot

QUIET = {"cooldown_rate": 1000, "cooldown_seconds": 1.0}


def write_config(folder: Path, fake: FakeDiscord, **discord: Any) -> Path:
    """A config.yaml in ``folder`` that points the bot at ``fake``; ``discord`` overrides its discord settings."""
    path = folder / "config.yaml"
    settings = {
        "knowledge_dir": str(PROJECT_ROOT / "knowledge"),
        "index_path": "data/medbot.db",
        "log_level": "INFO",
        "discord": {"api_base": fake.api_base, "gateway_url": fake.gateway_url, "guild_ids": [fake.guild_id],
                    "guild_ready_timeout": 0.05, **QUIET, **discord},
    }
    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return path


class QuickBot(MedEdBot):
    """The production bot, without the 5-second pause before a re-IDENTIFY."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


@contextlib.asynccontextmanager
async def started_bot(fake: FakeDiscord, settings: Settings, evidence: Evidence | None = None,
                      sync: bool = True) -> AsyncIterator[QuickBot]:
    """A logged-in bot (``bot.start(token)`` in a task), its commands synced to the fake's guild."""
    bot = QuickBot(settings, evidence)
    async with running_bot(bot, fake.token):
        if sync:
            await bot.sync_commands()
        yield bot


def settings_for(folder: Path, fake: FakeDiscord, **discord: Any) -> Settings:
    return load_settings(write_config(folder, fake, **discord))


def assert_mentions_no_one(fake: FakeDiscord) -> None:
    """Every message the bot sent said, in allowed_mentions, that it mentions no one, and pinged no one."""
    for message in fake.bot_messages():
        if message.loading:
            continue
        assert message.allowed_mentions is not None, f"no allowed_mentions on {message!r}"
        assert message.allowed_mentions.get("parse") == [], message.allowed_mentions
        assert not message.allowed_mentions.get("replied_user"), message.allowed_mentions
        assert not (message.pinged_user_ids or message.pinged_role_ids or message.pinged_everyone), message


def button_ids(message: MessageRecord) -> list[str]:
    return [b["custom_id"] for b in message.buttons if "custom_id" in b]


def menus(message: MessageRecord) -> list[dict]:
    """The select menus of a message."""
    return [c for c in message.all_components if c["type"] == 3]
