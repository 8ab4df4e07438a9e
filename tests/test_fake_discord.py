"""End-to-end tests of tests/fake_discord: a real discord.py 2.7 bot against the local fake Discord."""

from __future__ import annotations

import asyncio
import io
import struct
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fake_discord import CommandNotSynced, FakeDiscord, InvocationError, patch_discord, running_bot
from tests.fake_discord.commands import validate_commands
from tests.fake_discord.compression import ZlibStream
from tests.fake_discord.gateway import split_frames
from tests.fake_discord.validate import validate_message

TOPICS = ["Twitter journal clubs", "YouTube lectures", "Instagram anatomy posts", "Podcasts for residents"]


def tiny_png() -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


# -- the tiny bot under test --------------------------------------------------------------------------
class RecordingTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.client.errors.append(error)  # type: ignore[attr-defined]


class EvidenceView(discord.ui.View):
    def __init__(self, bot: TestBot) -> None:
        super().__init__(timeout=None)
        self.bot = bot

    @discord.ui.button(label="Show caveats", style=discord.ButtonStyle.primary, custom_id="evidence:caveats")
    async def caveats(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.bot.clicked_message_ids.append(interaction.message.id if interaction.message else None)
        await interaction.response.send_message("Caveats: small samples, self-reported outcomes.", ephemeral=True)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    comment = discord.ui.TextInput(label="Comment", custom_id="feedback:comment", max_length=200)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=f"Thanks: {self.comment.value}", view=None)


class FeedbackView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.select(custom_id="feedback:rating", options=[discord.SelectOption(label="Useful", value="useful"),
                                                             discord.SelectOption(label="Not useful", value="no")])
    async def rating(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @discord.ui.button(label="Refresh", custom_id="feedback:refresh")
    async def refresh(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.defer()  # type 6: deferred update of the component's message
        await interaction.edit_original_response(content="Refreshed.")


class TestBot(commands.Bot):
    __test__ = False

    def __init__(self, intents: discord.Intents | None = None, **options: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=intents or discord.Intents.default(),
                         tree_cls=RecordingTree, guild_ready_timeout=0.05, **options)
        self.errors: list[Exception] = []
        self.http_errors: list[discord.HTTPException] = []
        self.response_message_ids: list[int | None] = []
        self.clicked_message_ids: list[int | None] = []
        self.seen_messages: list[str] = []
        self.resumed = asyncio.Event()
        self.add_commands()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # the default sleeps 5 s before every re-IDENTIFY

    async def on_resumed(self) -> None:
        self.resumed.set()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.id == self.user.id:
            return
        self.seen_messages.append(message.content)
        if self.user in message.mentions:
            await message.reply("Hello! Try /evidence.", allowed_mentions=discord.AllowedMentions.none())

    def add_commands(self) -> None:
        tree = self.tree

        async def topic_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=t, value=t) for t in TOPICS if current.lower() in t.lower()][:25]

        @tree.command(name="evidence", description="Summarise the evidence on a topic")
        @app_commands.describe(topic="What to look up")
        @app_commands.autocomplete(topic=topic_autocomplete)
        async def evidence(interaction: discord.Interaction, topic: str) -> None:
            embed = discord.Embed(title=f"Evidence: {topic}", description="3 studies, mixed results.")
            embed.add_field(name="Effect", value="Small positive", inline=True)
            response = await interaction.response.send_message(embed=embed, view=EvidenceView(self))
            self.response_message_ids.append(response.message_id)

        @tree.command(name="summary", description="A slow answer (deferred)")
        async def summary(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.02)
            await interaction.followup.send("Summary: 12 studies, 4 RCTs.")

        @tree.command(name="chart", description="Posts a chart")
        async def chart(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="Chart").set_image(url="attachment://chart.png")
            await interaction.response.send_message(embed=embed, file=discord.File(io.BytesIO(tiny_png()),
                                                                                   filename="chart.png"))

        @tree.command(name="huge", description="Sends an embed over the limits")
        async def huge(interaction: discord.Interaction) -> None:
            try:
                await interaction.response.send_message(embed=discord.Embed(title="x", description="y" * 4097))
            except discord.HTTPException as exc:
                self.http_errors.append(exc)
                await interaction.response.send_message("That answer was too long.", ephemeral=True)

        @tree.command(name="twice", description="Acknowledges twice (a bug on purpose)")
        async def twice(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("first")
            interaction.response._response_type = None  # get past discord.py's own guard, to reach "Discord"
            try:
                await interaction.response.send_message("second")
            except discord.HTTPException as exc:
                self.http_errors.append(exc)

        @tree.command(name="slow", description="Answers too late")
        async def slow(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            try:
                await interaction.response.send_message("late")
            except discord.HTTPException as exc:
                self.http_errors.append(exc)

        @app_commands.context_menu(name="Cite message")
        async def cite(interaction: discord.Interaction, message: discord.Message) -> None:
            embed = discord.Embed(title="Citation", description=f"> {message.content}")
            await interaction.response.send_message(embed=embed, ephemeral=True)

        @tree.command(name="feedback", description="Asks for feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("How useful was this?", view=FeedbackView())

        @app_commands.context_menu(name="Show profile")
        async def profile(interaction: discord.Interaction, member: discord.Member) -> None:
            roles = ", ".join(r.name for r in member.roles[1:])
            await interaction.response.send_message(f"{member.display_name} has roles: {roles}", ephemeral=True)

        tree.add_command(cite)
        tree.add_command(profile)


async def sync(bot: TestBot, fake: FakeDiscord) -> list[app_commands.AppCommand]:
    guild = discord.Object(fake.guild_id)
    bot.tree.copy_global_to(guild=guild)
    return await bot.tree.sync(guild=guild)


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        with patch_discord(fake):
            yield fake


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[TestBot]:
    bot = TestBot()
    async with running_bot(bot, fake.token):
        yield bot
    assert not bot.errors, bot.errors


@pytest.fixture
async def synced(fake: FakeDiscord, bot: TestBot) -> TestBot:
    await sync(bot, fake)
    return bot


# -- tests --------------------------------------------------------------------------------------------
async def test_login_ready_and_guild(fake: FakeDiscord, bot: TestBot) -> None:
    assert bot.user.id == fake.app_id
    guild = bot.get_guild(fake.guild_id)
    assert guild is not None and guild.get_channel(fake.channel_id) is not None
    assert {r.name for r in guild.roles} >= {"@everyone", "Moderator"}
    assert fake.identify_count == 1 and fake.gateway.heartbeats >= 1
    conn = fake.gateway.connections[0]
    assert isinstance(conn.compressor, ZlibStream) and conn.request.query["compress"] == "zlib-stream"
    assert [r.path for r in fake.requests[:2]] == ["/api/v10/users/@me", "/api/v10/oauth2/applications/@me"]
    headers = {"Authorization": f"Bot {fake.token}", "User-Agent": "DiscordBot (x, 1)"}
    async with aiohttp.ClientSession() as session, session.get(f"{fake.api_base}/users/@me", headers=headers) as resp:
        assert resp.headers["Content-Type"] == "application/json"


async def test_sync_autocomplete_slash_and_button(fake: FakeDiscord, bot: TestBot) -> None:
    with pytest.raises(CommandNotSynced):
        await fake.invoke_slash("evidence", {"topic": "x"})
    synced = await sync(bot, fake)
    assert {c.name for c in synced} == {"evidence", "summary", "chart", "huge", "twice", "slow", "feedback",
                                        "Cite message", "Show profile"}
    assert all(c.guild_id == fake.guild_id for c in synced)

    assert [c["value"] for c in await fake.autocomplete("evidence", "topic", "you")] == ["YouTube lectures"]

    record = await fake.invoke_slash("evidence", {"topic": "YouTube lectures"})
    await record.wait_response()
    assert record.callback_type == 4 and not record.ephemeral
    assert record.embeds[0]["title"] == "Evidence: YouTube lectures"
    assert record.message.custom_ids == ["evidence:caveats"]
    assert record.message.type == 20
    # The with_response body carried the message id, so the view was stored for that message.
    await fake.wait_for(lambda: bool(bot.response_message_ids))  # the bot's code after its await
    assert bot.response_message_ids == [record.message.id]

    click = await fake.click_button(record, "evidence:caveats")
    await click.wait_response()
    assert click.ephemeral and "Caveats" in click.content
    assert bot.clicked_message_ids == [record.message.id]
    with pytest.raises(InvocationError):
        await fake.click_button(record, "no-such-button")


async def test_defer_then_followup_edits_loading_message(fake: FakeDiscord, synced: TestBot) -> None:
    record = await fake.invoke_slash("summary")
    await record.wait_response()
    assert record.callback_type == 5
    assert record.content == "Summary: 12 studies, 4 RCTs." and not record.message.loading
    assert record.followups == []  # the first followup replaced the "thinking" message
    assert fake.requests_to("POST", "/callback")[0].query == {"with_response": "1"}
    assert fake.requests_to("POST", "/webhooks/")[0].query == {"wait": "1", "with_components": "0"}


async def test_attachment_upload_and_download(fake: FakeDiscord, synced: TestBot) -> None:
    record = await fake.invoke_slash("chart")
    await record.wait_response()
    att = record.message.attachment("chart.png")
    assert att.data == tiny_png() and (att.width, att.height) == (1, 1) and att.content_type == "image/png"
    assert record.embeds[0]["image"]["url"] == att.url  # attachment:// resolved like Discord does
    async with aiohttp.ClientSession() as session, session.get(att.url) as resp:
        assert await resp.read() == tiny_png()


async def test_message_context_menu(fake: FakeDiscord, synced: TestBot) -> None:
    target = await fake.send_message("Twitter journal clubs raise engagement", mentions_bot=False)
    record = await fake.invoke_message_command("Cite message", target)
    await record.wait_response()
    assert record.ephemeral and record.message.type == 23
    assert record.embeds[0]["description"] == "> Twitter journal clubs raise engagement"
    with pytest.raises(CommandNotSynced):
        await fake.invoke_message_command("Not synced", target)


async def test_user_context_menu(fake: FakeDiscord, synced: TestBot) -> None:
    record = await fake.invoke_user_command("Show profile", fake.moderator)
    await record.wait_response()
    assert record.content == "Moderator has roles: Moderator" and record.ephemeral


async def test_select_modal_and_deferred_update(fake: FakeDiscord, synced: TestBot) -> None:
    record = await fake.invoke_slash("feedback")
    await record.wait_response()
    refresh = await fake.click_button(record, "feedback:refresh")
    await refresh.wait_response()
    assert refresh.callback_type == 6 and record.message.content == "Refreshed."
    opened = await fake.select_option(record, "feedback:rating", ["useful"])
    await opened.wait_response()
    assert opened.callback_type == 9 and opened.modal["title"] == "Feedback"
    with pytest.raises(InvocationError):
        await fake.select_option(record, "feedback:rating", ["maybe"])
    submitted = await fake.submit_modal(opened, {"feedback:comment": "Great overview"})
    await submitted.wait_response()
    assert submitted.callback_type == 7
    assert record.message.content == "Thanks: Great overview" and record.message.components == []


async def test_mention_reply_without_pings(fake: FakeDiscord, bot: TestBot) -> None:
    await fake.send_message("no mention here", mentions_bot=False)
    msg = await fake.send_message("what does the evidence say?")
    reply = await fake.wait_for_reply(msg)
    assert reply.content == "Hello! Try /evidence." and reply.type == 19
    assert reply.pinged_user_ids == set() and not reply.pinged_everyone
    assert reply.allowed_mentions == {"parse": []}
    # No message_content intent: only the message that mentions the bot has content.
    assert bot.seen_messages == ["", f"<@{fake.app_id}> what does the evidence say?"]


async def test_oversized_embed_is_rejected_and_recorded(fake: FakeDiscord, synced: TestBot) -> None:
    record = await fake.invoke_slash("huge")
    await record.wait_response()
    assert record.content == "That answer was too long." and record.ephemeral
    [exc] = synced.http_errors
    assert exc.status == 400 and exc.code == 50035 and "data.embeds.0.description" in exc.text
    [violation] = fake.pop_violations()
    assert violation.code == 50035 and record.errors == [violation]


async def test_second_acknowledgement_gets_40060(fake: FakeDiscord, synced: TestBot) -> None:
    record = await fake.invoke_slash("twice")
    await record.wait_error()
    await fake.wait_for(lambda: bool(synced.http_errors))
    assert synced.http_errors[0].code == 40060 and record.content == "first"
    assert [v.code for v in fake.pop_violations()] == [40060]


async def test_first_response_after_deadline_gets_10062(fake: FakeDiscord, synced: TestBot) -> None:
    fake.interaction_deadline = 0.1
    record = await fake.invoke_slash("slow")
    await record.wait_error()
    await fake.wait_for(lambda: bool(synced.http_errors))
    assert synced.http_errors[0].code == 10062 and not record.acknowledged
    assert [v.code for v in fake.pop_violations()] == [10062]


async def test_bad_token_raises_login_failure(fake: FakeDiscord) -> None:
    bot = TestBot()
    with pytest.raises(discord.LoginFailure):
        async with running_bot(bot, "not-the-token"):
            pass
    assert fake.auth_failures == 1 and fake.identify_count == 0


async def test_gateway_drop_resumes_and_replays(fake: FakeDiscord, synced: TestBot) -> None:
    session_id = fake.gateway.session.id
    await fake.drop_connection()
    record = await fake.invoke_slash("evidence", {"topic": "Podcasts for residents"})  # sent while down
    await fake.wait_for_resume()
    await asyncio.wait_for(synced.resumed.wait(), 2)
    await record.wait_response()
    assert record.embeds[0]["title"] == "Evidence: Podcasts for residents"
    assert fake.gateway.session.id == session_id and fake.identify_count == 1
    resume = [d for _, op, d in fake.gateway.received if op == 6][0]
    assert resume["session_id"] == session_id and fake.gateway.connections[-1].path == "/resume-gateway"


async def test_close_code_resume_then_op7_reconnect(fake: FakeDiscord, synced: TestBot) -> None:
    await fake.drop_connection(code=4000)
    await fake.wait_for_resume(1)
    await fake.send_reconnect()
    await fake.wait_for_resume(2)
    record = await fake.invoke_slash("summary")
    await record.wait_response()
    assert fake.identify_count == 1 and len(fake.gateway.connections) == 3


async def test_invalid_session_reidentifies(fake: FakeDiscord, synced: TestBot) -> None:
    old = fake.gateway.session.id
    await fake.invalidate_session(resumable=False)
    await fake.wait_for_identify(2)
    assert fake.gateway.session.id != old and fake.resume_count == 0
    await fake.wait_for(lambda: synced.is_ready() and synced.get_guild(fake.guild_id) is not None)
    record = await fake.invoke_slash("evidence", {"topic": "Instagram anatomy posts"})
    await record.wait_response()
    assert record.embeds[0]["title"] == "Evidence: Instagram anatomy posts"


def test_split_frames_keep_the_suffix_whole() -> None:
    data = ZlibStream().compress(b'{"op": 10}' * 50)
    for size in range(1, 40):
        frames = split_frames(data, size)
        assert b"".join(frames) == data and frames[-1].endswith(b"\x00\x00\xff\xff")
        assert all(len(f) <= size for f in frames[:-1]) and len(frames[-1]) >= 4


async def test_split_compressed_frames() -> None:
    async with FakeDiscord(compressed_chunk_size=7) as fake:
        with patch_discord(fake):
            bot = TestBot()
            async with running_bot(bot, fake.token):
                assert bot.get_guild(fake.guild_id) is not None


async def test_global_sync_and_fetch(fake: FakeDiscord, bot: TestBot) -> None:
    synced = await bot.tree.sync()
    assert {c.guild_id for c in synced} == {None}
    assert {c.name for c in await bot.tree.fetch_commands()} == {c.name for c in synced}
    assert [c.id for c in await bot.tree.sync()] == [c.id for c in synced]  # ids survive a re-sync
    record = await fake.invoke_slash("summary")
    await record.wait_response()
    assert "guild_id" not in record.data and record.content.startswith("Summary")


async def test_raw_gateway_protocol_uncompressed(fake: FakeDiscord) -> None:
    url = fake.gateway_url + "?v=10&encoding=json"
    identify = {"op": 2, "d": {"token": fake.token, "intents": 1 | 1 << 9, "properties": {
        "os": "linux", "browser": "raw", "device": "raw"}}}
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as ws:
            hello = await ws.receive_json()
            assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
            await ws.send_json({"op": 1, "d": None})
            assert (await ws.receive_json())["op"] == 11
            await ws.send_json(identify)
            ready, guild = await ws.receive_json(), await ws.receive_json()
            assert (ready["t"], ready["s"], guild["t"], guild["s"]) == ("READY", 1, "GUILD_CREATE", 2)
            assert ready["d"]["resume_gateway_url"].endswith("/resume-gateway")
            assert [m["user"]["id"] for m in guild["d"]["members"]] == [str(fake.app_id)]  # no members intent
        async with session.ws_connect(url) as ws:
            await ws.receive_json()
            await ws.send_json({**identify, "d": {**identify["d"], "token": "wrong"}})
            await ws.receive()
            assert ws.close_code == 4004
    assert fake.gateway.auth_failures == 1


async def test_disallowed_privileged_intent() -> None:
    async with FakeDiscord(privileged_intents=()) as fake:
        with patch_discord(fake):
            bot = TestBot(intents=discord.Intents.all())
            with pytest.raises(discord.PrivilegedIntentsRequired):
                async with running_bot(bot, fake.token):
                    pass


async def test_members_intent_and_member_query(fake: FakeDiscord) -> None:
    bot = TestBot(intents=discord.Intents.all())
    async with running_bot(bot, fake.token):
        guild = bot.get_guild(fake.guild_id)
        assert guild.chunked and guild.get_member(fake.moderator.id).roles[-1].name == "Moderator"
        [member] = await guild.query_members("stud")
        assert member.id == fake.member.id
        await fake.send_message("no mention, but the message_content intent", mentions_bot=False)
        await fake.wait_for(lambda: bool(bot.seen_messages))
        assert bot.seen_messages == ["no mention, but the message_content intent"]


async def test_invalid_commands_are_rejected(fake: FakeDiscord, bot: TestBot) -> None:
    bad = [{"name": "Ask", "description": "x", "type": 1, "options": [
        {"type": 3, "name": "opt", "description": "optional", "required": False},
        {"type": 3, "name": "req", "description": "required", "required": True,
         "choices": [{"name": f"c{i}", "value": f"v{i}"} for i in range(26)], "autocomplete": True}]}]
    with pytest.raises(discord.HTTPException) as info:
        await bot.http.bulk_upsert_guild_commands(fake.app_id, fake.guild_id, payload=bad)
    assert info.value.code == 50035
    text = info.value.text
    assert "0.name" in text and "0.options.1.required" in text and "0.options.1.choices" in text
    assert "0.options.1.autocomplete" in text
    assert len(fake.pop_violations()) == 1


async def test_unknown_route_is_a_failure(fake: FakeDiscord, bot: TestBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/users/@me/connections"))
    assert fake.unexpected == ["unexpected route: GET /api/v10/users/@me/connections"]
    fake.unexpected.clear()


def test_message_validation_rules() -> None:
    def codes(body: dict[str, Any], context: str = "channel") -> set[str]:
        return {e.code for e in validate_message(body, context)}

    row = lambda n, prefix="b": {"type": 1, "components": [  # noqa: E731
        {"type": 2, "style": 1, "label": "x", "custom_id": f"{prefix}{i}"} for i in range(n)]}
    assert codes({"content": "x" * 2001}) == {"BASE_TYPE_MAX_LENGTH"}
    assert codes({"allowed_mentions": {"parse": ["users"], "users": ["1"]}}) == {
        "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE"}
    assert codes({"allowed_mentions": {"parse": ["nobody"]}}) == {"BASE_TYPE_CHOICES"}
    assert codes({"components": [row(1, p) for p in "abcdef"]}) == {"BASE_TYPE_MAX_LENGTH"}
    assert codes({"components": [row(6)]}) == {"BASE_TYPE_MAX_LENGTH"}
    assert codes({"components": [row(2), row(2)]}) == {"COMPONENT_CUSTOM_ID_DUPLICATED"}
    assert codes({"components": [{"type": 1, "components": [
        {"type": 2, "style": 5, "label": "x", "url": "https://a", "custom_id": "c"}]}]}) == {
        "BUTTON_COMPONENT_CUSTOM_ID_INVALID"}
    fields = [{"name": "n", "value": "v" * 1000} for _ in range(7)]
    assert codes({"embeds": [{"fields": fields}]}) == {"MAX_EMBED_SIZE_EXCEEDED"}
    assert codes({"embeds": [{"title": " " * 300 + "t"}]}) == set()  # trimmed before counting
    assert codes({"flags": 64}, "channel") == {"MESSAGE_FLAGS_INVALID"}
    assert codes({"flags": 64}, "response") == set()
    assert codes({"flags": 4}, "deferred") == {"MESSAGE_FLAGS_INVALID"}
    assert validate_commands([{"type": 3, "name": "Cite message", "description": "no"}])
    assert not validate_commands([{"type": 3, "name": "Cite message", "description": ""}])
