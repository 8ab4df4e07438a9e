"""The /kb group end to end: the real bot against the local Discord stand-in, on a copy of the knowledge base.

Every /kb command, its refusals (a member without the permission, a stranger pressing Confirm, a DM), the
"Wrong answer?" report, and a change made from the shell while the bot is serving.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import signal
import sys
import zipfile
from pathlib import Path

import discord
import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.config import Settings, load_settings
from bot.state import State
from tests.e2e_bot import QUIET, started_bot
from tests.fake_discord import FakeDiscord, FakeMember, InteractionRecord
from tests.fake_discord.ids import interaction_token, snowflake
from tests.helpers import REPO_KNOWLEDGE

NOT_ALLOWED = "Only moderators (Manage Server, or the 'Moderator' role) can change the knowledge base."
BLOGS = "figure:cheston-2013/tools/0"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(REPO_KNOWLEDGE, tmp_path / "knowledge")
    return tmp_path


def settings_for(site: Path, fake: FakeDiscord, **moderation: object) -> Settings:
    config = {
        "knowledge_dir": "knowledge", "index_path": "data/medbot.db", "state_path": "data/medbot-state.db",
        "discord": {"api_base": fake.api_base, "gateway_url": fake.gateway_url, "guild_ids": [fake.guild_id],
                    "guild_ready_timeout": 0.05, **QUIET},
        "moderation": {"reload_seconds": 0.2, **moderation},
    }
    (site / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return load_settings(site / "config.yaml")


@pytest.fixture
async def bot(fake: FakeDiscord, site: Path):
    async with started_bot(fake, settings_for(site, fake)) as running:
        yield running


async def response(record: InteractionRecord) -> InteractionRecord:
    await record.wait_response()
    return record


def text(record: InteractionRecord) -> str:
    embed = record.embeds[0]
    return "\n".join([embed.get("title", ""), embed.get("description", "")]
                     + [f"{f['name']} {f['value']}" for f in embed.get("fields", [])])


async def preview_of(fake: FakeDiscord, record: InteractionRecord) -> InteractionRecord:
    """The preview a command or modal answered with (after its 'thinking' defer)."""
    await record.wait_until(lambda r: r.message is not None and not r.message.loading and bool(r.embeds), timeout=10)
    return record


async def confirm(fake: FakeDiscord, preview: InteractionRecord, user: FakeMember) -> InteractionRecord:
    click = await fake.click_button(preview, confirm_id(preview), user=user)
    await click.wait_response(timeout=10)
    await preview.wait_until(lambda r: not r.message.buttons, timeout=10)
    return click


def confirm_id(preview: InteractionRecord) -> str:
    return next(b["custom_id"] for b in preview.message.buttons if b.get("label") == "Confirm")


async def stats_tools(fake: FakeDiscord) -> str:
    return text(await response(await fake.invoke_slash("stats", {"topic": "tools"})))


async def edit_blogs(fake: FakeDiscord, value: str, reason: str = "as the source states") -> InteractionRecord:
    opened = await response(await fake.invoke_slash("kb edit", {"target": BLOGS}, user=fake.moderator))
    assert opened.modal is not None, opened
    submitted = await fake.submit_modal(opened, {"value": value, "reason": reason})
    return await preview_of(fake, submitted)


# -- who may use /kb ------------------------------------------------------------------------------------------------

async def test_the_group_is_hidden_by_default_and_guild_only(fake: FakeDiscord, bot) -> None:
    kb = fake.commands.find("kb", 1, fake.guild_id)
    assert kb["default_member_permissions"] == str(1 << 5)  # Manage Server
    assert kb.get("contexts") in (None, [0]) and kb.get("dm_permission") in (None, False)


@pytest.mark.parametrize(("command", "options"), [
    ("kb reload", {}), ("kb history", {}), ("kb gaps", {}), ("kb export", {}), ("kb edit", {"target": BLOGS}),
    ("kb undo", {"revision": 1}), ("kb remove", {"target": BLOGS, "reason": "x"}),
    ("kb add", {"kind": "synonym"}), ("kb import", {"file": ("x.yaml", b"id: x\n"), "reason": "x"}),
])
async def test_every_command_refuses_a_member_without_the_permission(fake: FakeDiscord, bot, site: Path,
                                                                     command: str, options: dict) -> None:
    before = {p.name: p.read_bytes() for p in (site / "knowledge").iterdir()}
    record = await response(await fake.invoke_slash(command, options, user=fake.member))
    assert record.ephemeral and NOT_ALLOWED in text(record)
    assert record.modal is None
    assert {p.name: p.read_bytes() for p in (site / "knowledge").iterdir()} == before


async def test_autocomplete_gives_a_member_nothing_and_a_moderator_the_figures(fake: FakeDiscord, bot) -> None:
    member = await fake.invoke_autocomplete("kb edit", "target", "blogs", user=fake.member)
    await member.wait_response()
    assert member.choices == []
    moderator = await fake.invoke_autocomplete("kb edit", "target", "blogs", user=fake.moderator)
    await moderator.wait_response()
    assert BLOGS in [c["value"] for c in moderator.choices]
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in moderator.choices)


async def test_in_a_dm_the_group_says_it_works_in_a_server_only(fake: FakeDiscord, bot) -> None:
    _, data = fake.engine.slash_data("kb reload", {})
    record = InteractionRecord(id=snowflake(), token=interaction_token(), type=2, data=data, user=fake.moderator,
                               channel_id=fake.channel_id, guild_id=fake.guild_id,
                               created=asyncio.get_running_loop().time(), signal=fake.signal,
                               command_name="kb reload")
    fake.engine.by_id[record.id], fake.engine.by_token[record.token] = record, record
    fake.interactions.append(record)
    payload = fake.engine.payload(record)
    for key in ("guild", "guild_id", "member"):
        payload.pop(key)
    dm_channel = snowflake()
    payload.update(user=fake.moderator.user.payload(), channel_id=str(dm_channel), context=1,
                   channel={"id": str(dm_channel), "type": 1, "recipients": [fake.moderator.user.payload()]},
                   authorizing_integration_owners={"1": str(fake.moderator.id)})
    await fake.gateway.dispatch("INTERACTION_CREATE", payload)
    await record.wait_response()
    assert "The /kb commands work in a server only." in text(record)


# -- edit, confirm, history, undo -----------------------------------------------------------------------------------

async def test_a_moderator_corrects_a_figure_and_stats_shows_it_at_once(fake: FakeDiscord, bot, site: Path) -> None:
    path = site / "knowledge" / "cheston-2013.yaml"
    original = path.read_bytes()
    opened = await response(await fake.invoke_slash("kb edit", {"target": BLOGS}, user=fake.moderator))
    fields = {c["component"]["custom_id"] if "component" in c else c["components"][0]["custom_id"]:
              (c["component"] if "component" in c else c["components"][0]) for c in opened.modal["components"]}
    assert fields["value"]["value"] == "71%" and fields["label"]["value"] == "Blogs"  # prefilled

    preview = await preview_of(fake, await fake.submit_modal(opened, {"value": "64%", "reason": "check"}))
    shown = text(preview)
    assert "Preview: cheston-2013/tools/Blogs: 71% -> 64%" in shown
    assert "-    value: 71%" in shown and "+    value: 64%" in shown and "+    count: 9" in shown
    assert path.read_bytes() == original  # nothing before Confirm

    stranger = await fake.click_button(preview, confirm_id(preview), user=fake.member)
    await stranger.wait_response()
    assert stranger.ephemeral and "Only the moderator who opened this" in text(stranger)
    assert path.read_bytes() == original

    await confirm(fake, preview, fake.moderator)
    assert "Revision 1" in text(preview) and "/kb undo revision:1" in text(preview)
    assert "**Blogs** " in await stats_tools(fake) and "64% (9 of 14 studies, derived)" in await stats_tools(fake)

    history = await response(await fake.invoke_slash("kb history", {}, user=fake.moderator))
    assert "**1**" in text(history) and "Blogs: 71% -> 64%" in text(history) and "check" in text(history)

    undo = await preview_of(fake, await fake.invoke_slash("kb undo", {"revision": 1}, user=fake.moderator))
    assert "undo revision 1" in text(undo)
    await confirm(fake, undo, fake.moderator)
    assert path.read_bytes() == original
    assert "71% (10 of 14 studies, derived)" in await stats_tools(fake)


async def test_cancel_writes_nothing_and_only_the_opener_may_cancel(fake: FakeDiscord, bot, site: Path) -> None:
    original = (site / "knowledge" / "cheston-2013.yaml").read_bytes()
    preview = await edit_blogs(fake, "64%")
    cancel_id = next(b["custom_id"] for b in preview.message.buttons if b.get("label") == "Cancel")
    owner = fake.guild.members[fake.guild.owner_id]
    refused = await fake.click_button(preview, cancel_id, user=owner)
    await refused.wait_response()
    assert "Only the moderator who opened this" in text(refused) and preview.message.buttons
    cancelled = await fake.click_button(preview, cancel_id, user=fake.moderator)
    await cancelled.wait_response()
    assert "Nothing was written." in text(preview)
    assert (site / "knowledge" / "cheston-2013.yaml").read_bytes() == original


async def test_a_moderator_who_lost_the_role_cannot_submit_or_confirm(fake: FakeDiscord, bot, site: Path) -> None:
    opened = await response(await fake.invoke_slash("kb edit", {"target": BLOGS}, user=fake.moderator))
    role = fake.moderator_role.id
    fake.moderator.roles.remove(role)
    try:
        submitted = await fake.submit_modal(opened, {"value": "64%", "reason": "x"})
        await submitted.wait_response()
        assert NOT_ALLOWED in text(submitted)
    finally:
        fake.moderator.roles.append(role)
    preview = await edit_blogs(fake, "64%")
    fake.moderator.roles.remove(role)
    try:
        click = await fake.click_button(preview, confirm_id(preview), user=fake.moderator)
        await click.wait_response()
        assert NOT_ALLOWED in text(click)
    finally:
        fake.moderator.roles.append(role)
    assert "71%" in (site / "knowledge" / "cheston-2013.yaml").read_text()


async def test_a_second_edit_opened_on_the_old_version_is_refused_with_who(fake: FakeDiscord, bot, site: Path) -> None:
    first = await edit_blogs(fake, "64%")
    second = await edit_blogs(fake, "57%")
    await confirm(fake, first, fake.moderator)
    after_first = (site / "knowledge" / "cheston-2013.yaml").read_bytes()
    await confirm(fake, second, fake.moderator)
    assert "Not written" in text(second) and f"was changed by moderator ({fake.moderator.id})" in text(second)
    assert (site / "knowledge" / "cheston-2013.yaml").read_bytes() == after_first


async def test_an_invalid_edit_is_refused_with_the_problem(fake: FakeDiscord, bot, site: Path) -> None:
    opened = await response(await fake.invoke_slash("kb edit", {"target": BLOGS}, user=fake.moderator))
    record = await fake.submit_modal(opened, {"value": "171%", "reason": "x"})
    await preview_of(fake, record)
    assert "Not possible" in text(record) and "171% is not a percentage between 0 and 100" in text(record)


async def test_a_whole_source_has_no_form_and_the_refusal_says_how_to_change_it(fake: FakeDiscord, bot,
                                                                                 site: Path) -> None:
    record = await fake.invoke_slash("kb edit", {"target": "source:cheston-2013"}, user=fake.moderator)
    await record.wait_response()
    assert "Not possible" in text(record) and "/kb export gives its file (cheston-2013.yaml)" in text(record)
    assert record.modal is None


async def test_history_pages_within_discords_limits(fake: FakeDiscord, bot, site: Path) -> None:
    for value in ("57%", "64%", "71%", "57%", "64%", "71%", "57%", "64%", "71%"):
        await confirm(fake, await edit_blogs(fake, value), fake.moderator)
    first = await response(await fake.invoke_slash("kb history", {}, user=fake.moderator))
    assert "Page 1 of 2" in first.embeds[0]["footer"]["text"] and "**9**" in text(first)
    older = next(b["custom_id"] for b in first.message.buttons if b.get("label") == "Older")
    stranger = await fake.click_button(first, older, user=fake.member)
    await stranger.wait_response()
    assert "Only the moderator who opened this" in text(stranger)
    page = await fake.click_button(first, older, user=fake.moderator)
    await page.wait_response()
    assert "Page 2 of 2" in first.message.embeds[0]["footer"]["text"] and "**1**" in first.message.embeds[0][
        "description"]


# -- add, remove, reload, import, export ----------------------------------------------------------------------------

async def test_add_a_synonym_and_remove_a_limitation(fake: FakeDiscord, bot, site: Path) -> None:
    opened = await response(await fake.invoke_slash("kb add", {"kind": "synonym"}, user=fake.moderator))
    preview = await preview_of(fake, await fake.submit_modal(
        opened, {"term": "mastodon", "variants": "toot, fediverse", "reason": "members ask"}))
    assert "+  mastodon: [toot, fediverse]" in text(preview)
    await confirm(fake, preview, fake.moderator)
    assert "mastodon: [toot, fediverse]" in (site / "knowledge" / "vocabulary.yaml").read_text()

    removal = await preview_of(fake, await fake.invoke_slash(
        "kb remove", {"target": "limitation:neill-2014/0", "reason": "not in the source"}, user=fake.moderator))
    assert "remove limitation 1 of neill-2014" in text(removal)
    await confirm(fake, removal, fake.moderator)
    assert "limitations:" not in (site / "knowledge" / "neill-2014.yaml").read_text()


async def test_reload_lists_what_changed_and_keeps_the_old_base_on_errors(fake: FakeDiscord, bot, site: Path) -> None:
    bot.get_cog("Moderation").watch.cancel()  # this test reloads by hand
    path = site / "knowledge" / "neill-2014.yaml"
    path.write_text(path.read_text().replace("value: 41.5%", "value: 42.5%").replace("count: 88\n", "count: 90\n"))
    reloaded = await preview_of(fake, await fake.invoke_slash("kb reload", {}, user=fake.moderator))
    assert "~ figure neill-2014/speakers/LinkedIn: 41.5% -> 42.5%" in text(reloaded)
    path.write_text(path.read_text().replace("value: 42.5%", "value: 142.5%"))
    refused = await preview_of(fake, await fake.invoke_slash("kb reload", {}, user=fake.moderator))
    assert "Reload refused" in text(refused) and "neill-2014.yaml:" in text(refused)
    assert "142.5% is not a percentage between 0 and 100" in text(refused)
    speakers = text(await response(await fake.invoke_slash("stats", {"topic": "speakers"})))
    assert "42.5%" in speakers and "142.5%" not in speakers


NEW_SOURCE = b"""id: demo-2020
kind: study
title: A demo study
authors: [Doe J]
year: 2020
findings:
- id: podcasts
  topic: Podcasts used
  stats:
  - label: Podcasts
    value: 12%
"""


async def test_import_a_new_source_then_export_it(fake: FakeDiscord, bot, site: Path) -> None:
    preview = await preview_of(fake, await fake.invoke_slash(
        "kb import", {"file": ("demo.yaml", NEW_SOURCE), "reason": "new study"}, user=fake.moderator))
    assert "import demo-2020 from demo.yaml" in text(preview)
    await confirm(fake, preview, fake.moderator)
    assert (site / "knowledge" / "demo-2020.yaml").is_file()
    assert "12%" in text(await response(await fake.invoke_slash("stats", {"topic": "podcasts used"})))

    one = await response(await fake.invoke_slash("kb export", {"source": "demo-2020"}, user=fake.moderator))
    assert one.message.attachment("demo-2020.yaml").data == (site / "knowledge" / "demo-2020.yaml").read_bytes()
    everything = await response(await fake.invoke_slash("kb export", {}, user=fake.moderator))
    archive = zipfile.ZipFile(io.BytesIO(everything.message.attachment("knowledge.zip").data))
    assert sorted(archive.namelist()) == sorted(p.name for p in (site / "knowledge").glob("*.yaml"))


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bad.yaml", NEW_SOURCE.replace(b"12%", b"112%"), "112% is not a percentage between 0 and 100"),
    ("bad.yaml", b"\xff\xfe not utf-8", "not valid UTF-8 text"),
    ("bad.yaml", b"a: &x 1\nb: *x\n", "anchors and aliases"),
    ("bad.yaml", NEW_SOURCE.replace(b"topic: Podcasts used", b"topic: Podcasts #MedEd used"),
     "bad.yaml:8: findings[0].topic: the text after ' #' was read as a YAML comment, so the value is cut to 'Podcasts'"),
    ("bad.txt", NEW_SOURCE, "attach a .yaml file"),
    ("big.yaml", b"#" * 1_000_001, "Nothing was downloaded"),
])
async def test_import_refuses_bad_files_and_writes_nothing(fake: FakeDiscord, bot, site: Path, name: str, data: bytes,
                                                           message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    downloads: list[str] = []
    read = discord.Attachment.read

    async def counted_read(self: discord.Attachment, **kwargs: object) -> bytes:
        downloads.append(self.filename)
        return await read(self, **kwargs)

    monkeypatch.setattr(discord.Attachment, "read", counted_read)
    before = {p.name: p.read_bytes() for p in (site / "knowledge").iterdir()}
    record = await fake.invoke_slash("kb import", {"file": (name, data), "reason": "x"}, user=fake.moderator)
    await preview_of(fake, record)
    assert message in text(record)
    assert {p.name: p.read_bytes() for p in (site / "knowledge").iterdir()} == before
    assert downloads == ([] if name in ("big.yaml", "bad.txt") else [name])


# -- reports and gaps -----------------------------------------------------------------------------------------------

async def test_wrong_answer_reports_and_unanswered_questions_reach_gaps(fake: FakeDiscord, bot, site: Path) -> None:
    answer = await response(await fake.invoke_slash("ask", {"question": "which tools were used most"}))
    report = await fake.click_button(answer, "medbot:report")
    await report.wait_response()
    assert report.modal is not None
    thanks = await fake.submit_modal(report, {"note": "the source says 70%"})
    await thanks.wait_response()
    assert thanks.ephemeral and "passed to the moderators" in text(thanks)
    for question in ("What is the adult dose of epinephrine in anaphylaxis?",
                     "what is the adult dose of epinephrine in anaphylaxis"):
        await response(await fake.invoke_slash("ask", {"question": question}))
    state = State(site / "data" / "medbot-state.db")
    await fake.wait_for(lambda: len(state.logged()) == 3, timeout=10,
                        what=f"three logged questions (so far: {state.logged()})")
    logged = state.logged()
    assert {row["kind"] for row in logged} == {"reported", "unanswered"}
    assert all(set(row) == {"id", "at", "guild_id", "kind", "question", "answer", "note"} for row in logged)
    assert str(fake.member.id) not in json.dumps(logged)  # never who asked
    reported = next(row for row in logged if row["kind"] == "reported")
    assert reported["question"] == "which tools were used most" and reported["note"] == "the source says 70%"

    gaps = await response(await fake.invoke_slash("kb gaps", {}, user=fake.moderator))
    lines = text(gaps).splitlines()
    assert lines[1].lower().startswith("**2×** what is the adult dose of epinephrine in anaphylaxis")
    assert lines[1].endswith("(2 unanswered)") and lines[2].lower().startswith("  also: what is the adult dose")
    assert "which tools were used most (1 reported)" in text(gaps) and "the source says 70%" in text(gaps)


async def test_reports_switched_off_log_nothing_and_offer_no_button(fake: FakeDiscord, site: Path) -> None:
    async with started_bot(fake, settings_for(site, fake, reports=False)):
        answer = await response(await fake.invoke_slash("ask", {"question": "which tools were used most"}))
        assert "medbot:report" not in answer.message.custom_ids
        await response(await fake.invoke_slash("ask", {"question": "what about instagram in dermatology"}))
        await asyncio.sleep(0.2)
    assert State(site / "data" / "medbot-state.db").logged() == []


# -- the shell side, while the bot serves ---------------------------------------------------------------------------

async def test_a_shell_edit_shows_in_discord_without_a_restart_and_undo_restores_it(fake: FakeDiscord, bot,
                                                                                   site: Path) -> None:
    path = site / "knowledge" / "cheston-2013.yaml"
    original = path.read_bytes()
    config = str(site / "config.yaml")
    result = await asyncio.to_thread(CliRunner().invoke, main, ["kb", "set", "cheston-2013/tools/Blogs", "64%",
                                                                "--reason", "typo", "--config", config])
    assert result.exit_code == 0, result.output
    await fake.wait_for(lambda: bot.evidence.kb.source("cheston-2013").finding("tools").stats[0].value.text == "64%",
                        timeout=5, what="the bot to pick up the shell edit")
    assert "64% (9 of 14 studies, derived)" in await stats_tools(fake)

    history = await response(await fake.invoke_slash("kb history", {}, user=fake.moderator))
    assert "typo" in text(history) and "(shell)" in text(history)
    result = await asyncio.to_thread(CliRunner().invoke, main, ["kb", "undo", "1", "--config", config])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original
    await fake.wait_for(lambda: bot.evidence.kb.source("cheston-2013").finding("tools").stats[0].value.text == "71%",
                        timeout=5, what="the bot to pick up the undo")


async def test_medbot_kb_set_history_undo_while_medbot_run_serves(fake: FakeDiscord, site: Path) -> None:
    """The Done-means of the shell side, with `medbot run` as its own process and the shell commands as others."""
    settings_for(site, fake)
    config, medbot = str(site / "config.yaml"), str(Path(sys.executable).with_name("medbot"))
    path = site / "knowledge" / "cheston-2013.yaml"
    original = path.read_bytes()
    env = {**os.environ, "DISCORD_TOKEN": fake.token}
    sync = await asyncio.create_subprocess_exec(medbot, "sync", "--config", config, env=env,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    assert await sync.wait() == 0
    run = await asyncio.create_subprocess_exec(medbot, "run", "--config", config, env=env,
                                               stderr=asyncio.subprocess.PIPE)

    async def shell(*args: str) -> str:
        process = await asyncio.create_subprocess_exec(medbot, *args, "--config", config,
                                                       stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        return out.decode()

    async def blogs_shown(figure: str) -> None:
        for _ in range(50):
            if figure in await stats_tools(fake):
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"/stats tools never showed {figure}")

    try:
        line = b""
        while b"Logged in as" not in line:
            line = await asyncio.wait_for(run.stderr.readline(), 20)
            assert line, "medbot run ended before logging in"
        await blogs_shown("71% (10 of 14 studies, derived)")
        changed = json.loads(await shell("kb", "set", "cheston-2013/tools/Blogs", "64%", "--reason", "typo",
                                         "--json"))
        await blogs_shown("64% (9 of 14 studies, derived)")
        history = json.loads(await shell("kb", "history", "--json"))["revisions"]
        assert history[0]["id"] == changed["id"] and history[0]["reason"] == "typo"
        await shell("kb", "undo", str(changed["id"]))
        assert path.read_bytes() == original
        await blogs_shown("71% (10 of 14 studies, derived)")
    finally:
        run.send_signal(signal.SIGTERM)
        await asyncio.wait_for(run.communicate(), 20)
    assert run.returncode == 0


async def test_the_moderator_log_channel_receives_reports_and_edits(fake: FakeDiscord, site: Path) -> None:
    async with started_bot(fake, settings_for(site, fake, log_channel_id=fake.channel_id)):
        answer = await response(await fake.invoke_slash("ask", {"question": "which tools were used most"}))
        report = await fake.click_button(answer, "medbot:report")
        await report.wait_response()
        await (await fake.submit_modal(report, {"note": "check the 71%"})).wait_response()
        await confirm(fake, await edit_blogs(fake, "64%"), fake.moderator)
        await fake.wait_for(lambda: sum(1 for m in fake.bot_messages() if m.channel_id == fake.channel_id
                                        and m.embeds and m.embeds[0].get("title", "").startswith(
                                            ("Wrong answer reported", "Revision 1"))) == 2, timeout=10,
                            what="a report and a revision in the log channel")
    posted = [m.embeds[0] for m in fake.bot_messages() if m.embeds and m.embeds[0].get("title", "").startswith(
        ("Wrong answer reported", "Revision 1"))]
    assert "check the 71%" in posted[0]["description"] and "Blogs: 71% -> 64%" in posted[1]["description"]
    assert str(fake.member.id) not in json.dumps(posted[0])


async def test_manage_server_is_enough_without_the_role(fake: FakeDiscord, bot) -> None:
    owner = fake.guild.members[fake.guild.owner_id]
    assert fake.moderator_role.id not in owner.roles
    record = await response(await fake.invoke_slash("kb history", {}, user=owner))
    assert "No revisions yet." in text(record)
