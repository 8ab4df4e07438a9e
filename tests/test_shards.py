"""Sharding (issue 11): `discord.shards` runs the bot over several gateway connections, in one process (`auto`) or
split across processes (a count and this process's ids), and every interaction is answered exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path

from bot.client import MedEdBot, ShardedMedEdBot, make_bot
from bot.config import Settings
from bot.evidence import Evidence
from tests.e2e_bot import settings_for, write_config
from tests.fake_discord import FakeDiscord, InteractionRecord, running_bot

TOPICS = ("tools", "challenges", "speakers", "tweets")


class QuickShardedBot(ShardedMedEdBot):
    """The production sharded bot, without discord.py's 5-second pause before each further IDENTIFY."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


def guild_shard(fake: FakeDiscord, count: int) -> int:
    return (fake.guild_id >> 22) % count


async def burst(fake: FakeDiscord, count: int) -> list[InteractionRecord]:
    """``count`` /stats and /ask interactions sent at once, each awaited to its answer."""
    records = []
    for index in range(count):
        if index % 2:
            records.append(await fake.invoke_slash("stats", {"topic": TOPICS[index % 4]}))
        else:
            records.append(await fake.invoke_slash("ask", {"question": "which tools were used most?"}))
    await asyncio.gather(*(record.wait_response() for record in records))
    return records


def answered_once(fake: FakeDiscord, records: list[InteractionRecord]) -> None:
    for record in records:
        assert len(fake.requests_to("POST", f"/interactions/{record.id}/")) == 1, record
        assert record.done and not record.followups


def test_the_config_picks_the_bot_class(tmp_path: Path, evidence: Evidence) -> None:
    plain = settings_for(tmp_path, FakeDiscord())
    sharded = settings_for(tmp_path, FakeDiscord(), shards={"count": 4, "ids": [1, 3]})
    assert type(make_bot(plain, evidence)) is MedEdBot
    bot = make_bot(sharded, evidence)
    assert isinstance(bot, ShardedMedEdBot) and (bot.shard_count, bot.shard_ids) == (4, [1, 3])


async def test_two_processes_split_two_shards(fake: FakeDiscord, tmp_path: Path, evidence: Evidence) -> None:
    for n in (0, 1):
        (tmp_path / str(n)).mkdir()
    settings: list[Settings] = [settings_for(tmp_path / str(n), fake, shards={"count": 2, "ids": [n]})
                                for n in (0, 1)]
    bots = [QuickShardedBot(s, evidence) for s in settings]
    async with contextlib.AsyncExitStack() as stack:
        for bot in bots:
            await stack.enter_async_context(running_bot(bot, fake.token))
        await bots[0].sync_commands()
        assert fake.identify_count == 2 and [bot.shard_ids for bot in bots] == [[0], [1]]
        owner = guild_shard(fake, 2)
        assert [bot.get_guild(fake.guild_id) is not None for bot in bots] == [owner == 0, owner == 1]
        records = await burst(fake, 30)
        answered_once(fake, records)
        idle = fake.gateway.idle_sessions[1 - owner]
        assert not [event for event in idle.backlog if event["t"] == "INTERACTION_CREATE"]
        assert idle.conn is not None and not idle.conn.closed


async def test_auto_runs_the_shards_discord_recommends(fake: FakeDiscord, tmp_path: Path,
                                                       evidence: Evidence) -> None:
    fake.recommended_shards = 2
    bot = QuickShardedBot(settings_for(tmp_path, fake, shards="auto"), evidence)
    async with running_bot(bot, fake.token, ready_timeout=10):
        await bot.sync_commands()
        assert bot.shard_count == 2 and sorted(bot.shards) == [0, 1] and fake.identify_count == 2
        assert fake.requests_to("GET", "/gateway/bot")
        answered_once(fake, await burst(fake, 20))


async def test_a_shard_that_drops_resumes_and_answers_once(fake: FakeDiscord, tmp_path: Path,
                                                          evidence: Evidence) -> None:
    fake.recommended_shards = 2
    bot = QuickShardedBot(settings_for(tmp_path, fake, shards="auto"), evidence)
    async with running_bot(bot, fake.token, ready_timeout=10):
        await bot.sync_commands()
        records = [await fake.invoke_slash("stats", {"topic": "tools"}) for _ in range(5)]
        await fake.drop_connection()
        records += [await fake.invoke_slash("stats", {"topic": "tools"}) for _ in range(5)]
        await fake.wait_for_resume(1, timeout=10)
        await asyncio.gather(*(record.wait_response(timeout=10) for record in records))
        answered_once(fake, records)


async def test_two_medbot_run_processes_share_the_shards(fake: FakeDiscord, tmp_path: Path) -> None:
    medbot = str(Path(sys.executable).with_name("medbot"))
    processes = []
    for n in (0, 1):
        (tmp_path / str(n)).mkdir()
        config = write_config(tmp_path / str(n), fake, shards={"count": 2, "ids": [n]}, sync_on_start=n == 0)
        processes.append(await asyncio.create_subprocess_exec(
            medbot, "run", "--config", str(config), env={**os.environ, "DISCORD_TOKEN": fake.token},
            stderr=asyncio.subprocess.PIPE))
    try:
        await fake.wait_for(lambda: fake.gateway.ready_count >= 2 and fake.commands.find("stats", 1, fake.guild_id)
                            is not None, timeout=30, what="both processes connected")
        await asyncio.sleep(0.5)  # guild_ready_timeout, then on_ready
        answered_once(fake, await burst(fake, 10))
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        logs = [(await asyncio.wait_for(process.communicate(), 20))[1].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], logs
    assert "Shard 0 of 2 is ready" in logs[0] and "Shard 1 of 2 is ready" in logs[1]
    assert not any("Traceback" in log or fake.token in log for log in logs)
