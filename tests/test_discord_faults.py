"""Discord misbehaving (issue 11), against the real bot: rate limits, server errors, a gateway that drops in the
middle of a burst, and an answer that takes longer than the 3-second window. Every interaction is answered, once."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.evidence import Evidence
from tests.e2e_bot import settings_for, started_bot
from tests.fake_discord import FakeDiscord, InteractionRecord

BLOGS = "71% (10 of 14 studies, derived)"


@pytest.fixture
def settings(tmp_path: Path, fake: FakeDiscord) -> Settings:
    return settings_for(tmp_path, fake)


@pytest.fixture
async def bot(fake: FakeDiscord, settings: Settings, evidence: Evidence):
    async with started_bot(fake, settings, evidence) as running:
        yield running


def callbacks(fake: FakeDiscord, record: InteractionRecord) -> list[int]:
    """The status of every callback the bot posted for ``record``."""
    return [r.status for r in fake.requests_to("POST", f"/interactions/{record.id}/")]


async def test_a_429_on_the_callback_is_waited_out_and_the_reply_arrives_once(fake: FakeDiscord, bot) -> None:
    fake.rate_limit("POST", "/callback", retry_after=0.4)
    record = await fake.invoke_slash("stats", {"topic": "tools"})
    await record.wait_response()
    assert callbacks(fake, record) == [429, 200]
    assert record.callback_type == 4 and not record.followups and BLOGS in record.embeds[0]["description"]
    assert 0.4 <= record.acked_after < 3


async def test_a_429_on_a_reply_to_a_mention_is_waited_out(fake: FakeDiscord, bot) -> None:
    fake.rate_limit("POST", "/messages", retry_after=0.3)
    message = await fake.send_message("which social media tools were used most?")
    reply = await fake.wait_for_reply(message)
    assert "71%" in reply.text
    assert [r.status for r in fake.requests_to("POST", "/messages")] == [429, 200]
    assert len([m for m in fake.bot_messages() if m.referenced is message]) == 1


async def test_a_500_on_a_callback_is_logged_and_the_bot_keeps_serving(fake: FakeDiscord, bot, caplog) -> None:
    fake.fail("POST", "/callback", 500, times=1)
    with caplog.at_level(logging.DEBUG, logger="discord.webhook.async_"):
        first = await fake.invoke_slash("stats", {"topic": "tools"})
        await first.wait_response()
    assert callbacks(fake, first) == [500, 200] and first.acked_after < 3
    assert any("returned status code 500" in r.getMessage() for r in caplog.records)
    second = await fake.invoke_slash("ask", {"question": "what % of ICEM speakers were on LinkedIn?"})
    await second.wait_response()
    assert callbacks(fake, second) == [200] and "41.5%" in second.embeds[0]["description"] + str(second.embeds[0])


class QuickRetries:
    """discord.webhook.async_'s view of asyncio, with its retry pauses (1, 3, 5, 7, 9 s after a 5xx) cut to 10 ms."""

    def __getattr__(self, name: str):  # noqa: ANN204 - everything else is asyncio's own
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result=None):  # noqa: ANN001, ANN205 - asyncio.sleep's signature
        return await asyncio.sleep(min(delay, 0.01), result)


async def test_a_callback_that_keeps_failing_is_logged_and_the_bot_keeps_serving(fake: FakeDiscord, bot, caplog,
                                                                                monkeypatch) -> None:
    monkeypatch.setattr(sys.modules["discord.webhook.async_"], "asyncio", QuickRetries())
    fake.fail("POST", "/callback", 500, times=5)  # every attempt discord.py makes
    with caplog.at_level(logging.ERROR, logger="bot.client"):
        failed = await fake.invoke_slash("stats", {"topic": "tools"})
        await failed.wait_response()
    assert callbacks(fake, failed) == [500] * 5 + [200]
    assert failed.ephemeral and failed.content.startswith("Sorry, something went wrong")
    logged = [r for r in caplog.records if str(failed.id) in r.getMessage()]
    assert logged and "DiscordServerError" in repr(logged[0].exc_info[1]) + repr(logged[0].exc_info[1].__cause__)
    after = await fake.invoke_slash("stats", {"topic": "tools"})
    await after.wait_response()
    assert callbacks(fake, after) == [200] and BLOGS in after.embeds[0]["description"]


async def test_the_gateway_drops_in_the_middle_of_a_burst(fake: FakeDiscord, bot) -> None:
    records: list[InteractionRecord] = []
    for index in range(40):
        if index == 15:
            await fake.drop_connection()
        topic = ("tools", "challenges", "speakers", "tweets")[index % 4]
        records.append(await fake.invoke_slash("stats", {"topic": topic}))
    await fake.wait_for_resume(1, timeout=10)
    for record in records:
        await record.wait_response(timeout=10)
    assert [len(callbacks(fake, record)) for record in records] == [1] * 40
    assert all(record.callback_type == 4 and not record.followups for record in records)
    assert fake.identify_count == 1


async def test_an_answer_later_than_3_seconds_goes_through_the_deferred_path(fake: FakeDiscord, bot,
                                                                              monkeypatch) -> None:
    loaded = sys.modules["commands.stats"]  # discord.py loads each extension as a fresh module
    draw = loaded.bar_chart

    def slow(answer):  # noqa: ANN001, ANN202 - stands in for bar_chart
        time.sleep(3.5)
        return draw(answer)

    monkeypatch.setattr(loaded, "bar_chart", slow)
    record = await fake.invoke_slash("stats", {"topic": "tools", "chart": True})
    await record.wait_response(timeout=15)
    assert record.callback_type == 5 and record.acked_after < 3
    assert record.message.attachment("cheston-2013-tools.png").data.startswith(b"\x89PNG")
    assert asyncio.get_running_loop().time() - record.created >= 3.5
    assert callbacks(fake, record) == [200]
