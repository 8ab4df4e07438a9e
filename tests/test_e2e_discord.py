"""The real bot, end to end, against the local Discord stand-in: every command, button, menu and mention.

Each test starts a fresh stand-in and a fresh bot pointed at it through config.yaml (``discord.api_base`` and
``discord.gateway_url``), syncs the commands to the stand-in's guild, acts as a member would, and checks the JSON the
bot sent. The stand-in fails the test on any request Discord would reject (limits, acknowledge-once, 3 seconds).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from bot.answers import Answer, Section, SourceRef, StatLine, Target, abstention
from bot.config import PROJECT_ROOT, Settings
from bot.evidence import Evidence
from tests.e2e_bot import button_ids, menus, settings_for, started_bot, write_config
from tests.fake_discord import FakeDiscord, InteractionRecord

TOOLS = ("**Blogs** ██████████████▎ 71% (10 of 14 studies, derived)", "**Wikis** ████▎ 21% (3 of 14 studies, derived)",
         "**Twitter** ██▊ 14% (2 of 14 studies, derived)", "**Facebook** ██▊ 14% (2 of 14 studies, derived)")
CHESTON = "Cheston CC, Flickinger TE, Chisolm MS. Social media use in medical education: a systematic review. Acad Med."
TOOLS_QUESTION = "which social media tools were used most in medical education"
OFF_TOPIC = "What is the adult dose of epinephrine in anaphylaxis?"
MEDBOT = str(Path(sys.executable).with_name("medbot"))


@pytest.fixture
def settings(tmp_path: Path, fake: FakeDiscord) -> Settings:
    return settings_for(tmp_path, fake)


@pytest.fixture
async def bot(fake: FakeDiscord, settings: Settings, evidence: Evidence):
    async with started_bot(fake, settings, evidence) as running:
        yield running


async def answered(record: InteractionRecord) -> dict:
    """The first embed of the interaction's final response."""
    await record.wait_response()
    return record.embeds[0]


def text_of(embed: dict) -> str:
    parts = [embed.get("title", ""), embed.get("description", ""), embed.get("footer", {}).get("text", "")]
    return "\n".join(parts + [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])])


async def test_stats_tools_answers_with_every_figure_and_the_citation(fake: FakeDiscord, bot) -> None:
    record = await fake.invoke_slash("stats", {"topic": "tools"})
    embed = await answered(record)
    assert embed["title"] == "Most common social media tools used"
    for line in TOOLS:
        assert line in embed["description"].splitlines()
    assert embed["footer"]["text"].startswith("Source: " + CHESTON)
    assert embed["fields"][0]["name"] == "Caveats"
    assert not record.ephemeral and record.callback_type == 4
    links = [b for b in record.message.buttons if "url" in b]
    assert links and links[0]["url"].startswith("https://pubmed.ncbi.nlm.nih.gov/")
    assert button_ids(record.message) == ["medbot:lim:cheston-2013", "medbot:cite:cheston-2013",
                                          "medbot:chart:cheston-2013/finding/tools", f"medbot:del:{fake.member.id}",
                                          "medbot:report"]
    assert "medbot:menu" in record.message.custom_ids


async def test_stats_free_text_topics(fake: FakeDiscord, bot) -> None:
    expected = {"challenges": "Technical issues", "speakers": "<1% (of 212 speakers)", "tweets": "4,500 (tweets)",
                "neill-2014/tweets": ">400 (people)"}
    for topic, figure in expected.items():
        embed = await answered(await fake.invoke_slash("stats", {"topic": topic}))
        assert figure in embed["description"], topic


async def test_stats_unknown_topic_is_a_private_hint(fake: FakeDiscord, bot) -> None:
    record = await fake.invoke_slash("stats", {"topic": "zzzz qqqq"})
    embed = await answered(record)
    assert record.ephemeral and "tools" in embed["description"]


async def test_stats_autocomplete_from_the_knowledge_base(fake: FakeDiscord, bot, evidence: Evidence) -> None:
    everything = await fake.autocomplete("stats", "topic", "")
    assert len(everything) == min(25, len(evidence.topics)) and all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in everything)
    tweets = await fake.autocomplete("stats", "topic", "twee")
    assert tweets[0]["value"] == "neill-2014/tweets"
    embed = await answered(await fake.invoke_slash("stats", {"topic": tweets[0]["value"]}))
    assert embed["title"] == "Tweets during the conference"


async def test_stats_chart_is_deferred_and_attaches_a_png(fake: FakeDiscord, bot) -> None:
    record = await fake.invoke_slash("stats", {"topic": "tools", "chart": True})
    await record.wait_response(timeout=15)
    assert record.callback_type == 5
    png = record.message.attachment("cheston-2013-tools.png")
    assert png.data.startswith(b"\x89PNG") and (png.width, png.height) == (1280, 720)
    embed = record.embeds[0]
    assert embed["image"]["url"].endswith("cheston-2013-tools.png")
    assert TOOLS[0] in embed["description"]


async def test_ask_answers_and_echoes_the_question_escaped(fake: FakeDiscord, bot) -> None:
    question = f"@everyone <@{fake.member.id}> **{TOOLS_QUESTION}**"
    embed = await answered(await fake.invoke_slash("ask", {"question": question}))
    quoted = embed["description"].splitlines()[0]
    assert quoted.startswith("> @\u200beveryone <@\u200b") and "\\*\\*which" in quoted
    assert TOOLS[0] in text_of(embed) and CHESTON in embed["footer"]["text"]


async def test_ask_off_topic_abstains_politely(fake: FakeDiscord, bot) -> None:
    record = await fake.invoke_slash("ask", {"question": OFF_TOPIC})
    embed = await answered(record)
    assert embed["title"] == "Not in the knowledge base" and record.ephemeral
    assert "has nothing on that" in embed["description"] and "The knowledge base holds" in embed["description"]
    assert embed["description"].index("has nothing on that") < embed["description"].index("holds")  # why, first
    (menu,) = menus(record.message)
    assert menu["placeholder"] == "What the knowledge base holds…" and len(menu["options"]) == len(bot.evidence.topics)


async def test_a_private_miss_offers_the_closest_findings_in_a_menu(fake: FakeDiscord, bot, monkeypatch) -> None:
    closest = tuple(bot.evidence.suggestion(t) for t in (Target("cheston-2013", "finding", "tools"),
                                                          Target("neill-2014", "stat", "speakers", 0)))
    monkeypatch.setattr(bot.evidence, "ask", lambda question: abstention("two studies", closest))
    record = await fake.invoke_slash("ask", {"question": "how many residents use tiktok?"})
    embed = await answered(record)
    assert record.ephemeral and not embed.get("fields") and not button_ids(record.message)
    (menu,) = menus(record.message)
    assert menu["type"] == 3 and [o["value"] for o in menu["options"]] == ["cheston-2013/finding/tools",
                                                                           "neill-2014/stat/speakers/0"]
    click = await fake.select_option(record.message, "medbot:menu", ["neill-2014/stat/speakers/0"])
    shown = await answered(click)
    assert click.ephemeral and "41.5% (88 of 212 speakers, derived)" in text_of(shown)


async def test_study_limitations_and_cite(fake: FakeDiscord, bot) -> None:
    assert [c["value"] for c in await fake.autocomplete("study", "study", "neill")][0] == "neill-2014"
    study = await answered(await fake.invoke_slash("study", {"study": "cheston-2013"}))
    assert study["title"].startswith("Cheston et al. 2013") and "Limitations" in [f["name"] for f in study["fields"]]
    limits = await answered(await fake.invoke_slash("limitations", {"study": "neill-2014"}))
    assert "Difficult to determine the significance" in limits["description"]
    ama = await answered(await fake.invoke_slash("cite", {"study": "cheston-2013"}))
    assert ama["title"] == "Cheston et al. 2013 (AMA)" and ama["description"].startswith(CHESTON)
    bibtex_reply = await fake.invoke_slash("cite", {"study": "neill-2014", "style": "bibtex"})
    bibtex = await answered(bibtex_reply)
    assert bibtex["description"].startswith("```\n@article{")
    assert bibtex_reply.message.attachment("neill-2014.bib").data.decode().startswith("@article{neill2014,")
    missing = await fake.invoke_slash("limitations", {"study": "nobody-1999"})
    await missing.wait_response()
    assert missing.ephemeral and "cheston-2013" in missing.embeds[0]["description"]




async def test_each_button_answers(fake: FakeDiscord, bot) -> None:
    stats = await fake.invoke_slash("stats", {"topic": "tools"})
    await stats.wait_response()
    limitations = await answered(await fake.click_button(stats.message, "medbot:lim:cheston-2013"))
    assert "Only one randomized controlled trial reviewed" in limitations["description"]
    cite = await answered(await fake.click_button(stats.message, "medbot:cite:cheston-2013"))
    assert CHESTON in cite["description"]
    (menu,) = menus(stats.message)
    values = [o["value"] for o in menu["options"]]
    assert values[0].startswith("cheston-2013/finding/") and "cheston-2013/finding/tools" not in values
    speakers = await answered(await fake.select_option(stats.message, "medbot:menu", ["neill-2014/finding/speakers"]))
    assert speakers["title"] == "Social media presence of the 212 speakers"


async def test_buttons_keep_working_after_a_restart(fake: FakeDiscord, settings: Settings,
                                                    evidence: Evidence) -> None:
    async with started_bot(fake, settings, evidence):
        stats = await fake.invoke_slash("stats", {"topic": "speakers"})
        await stats.wait_response()
    async with started_bot(fake, settings, evidence, sync=False):
        limitations = await answered(await fake.click_button(stats.message, "medbot:lim:neill-2014"))
        assert limitations["title"] == "Limitations of Neill et al. 2014"
        cite = await answered(await fake.click_button(stats.message, "medbot:cite:neill-2014"))
        assert "Emerg Med J. 2014;31(5):401-404." in cite["description"]
    assert fake.identify_count == 2


async def test_find_evidence_context_menu(fake: FakeDiscord, bot) -> None:
    message = await fake.send_message(TOOLS_QUESTION, mentions_bot=False)
    record = await fake.invoke_message_command("Find evidence", message)
    embed = await answered(record)
    assert TOOLS[0] in text_of(embed) and embed["description"].startswith(f"> {TOOLS_QUESTION}")


async def test_a_mention_gets_the_ask_answer_as_a_reply(fake: FakeDiscord, bot) -> None:
    message = await fake.send_message(f"{TOOLS_QUESTION}?")
    reply = await fake.wait_for_reply(message)
    assert TOOLS[0] in reply.text and CHESTON in reply.text
    assert reply.allowed_mentions == {"parse": [], "replied_user": False}
    assert message.author.id not in reply.pinged_user_ids
    assert "medbot:cite:cheston-2013" in button_ids(reply)


async def test_cooldown_answers_privately(fake: FakeDiscord, tmp_path: Path, evidence: Evidence) -> None:
    strict = settings_for(tmp_path, fake, cooldown_rate=1, cooldown_seconds=60)
    async with started_bot(fake, strict, evidence):
        first = await fake.invoke_slash("stats", {"topic": "tools"})
        await first.wait_response()
        second = await fake.invoke_slash("ask", {"question": TOOLS_QUESTION})
        await second.wait_response()
        assert not first.ephemeral and second.ephemeral
        assert second.content.startswith("Slow down") and not second.embeds
        other = await fake.invoke_slash("stats", {"topic": "tools"}, user=fake.moderator)
        assert (await answered(other))["title"] == "Most common social media tools used"


async def test_an_error_reaches_the_member_briefly_and_the_log_fully(fake: FakeDiscord, bot, caplog,
                                                                    monkeypatch) -> None:
    def broken(topic: str) -> Answer:
        raise RuntimeError("index on fire")

    monkeypatch.setattr(bot.evidence, "stats", broken)
    with caplog.at_level(logging.ERROR):
        record = await fake.invoke_slash("stats", {"topic": "tools"})
        await record.wait_response()
    assert record.ephemeral and record.content.startswith("Sorry, something went wrong")
    assert "index on fire" not in record.content
    logged = [r for r in caplog.records if str(record.id) in r.getMessage()]
    assert logged and logged[0].exc_info and "index on fire" in str(logged[0].exc_info[1])


async def test_an_embed_at_its_limits(fake: FakeDiscord, bot, monkeypatch) -> None:
    stats = tuple(StatLine(f"Label {n} " + "x" * 90, "71%", "14 studies", 10, True, 71.0) for n in range(60))
    sections = tuple(Section(f"Section {n} " + "h" * 300, stats, ("line " * 100,)) for n in range(30))
    huge = Answer(True, "T" * 400, "intro " * 1000, sections, ("caveat " * 300,) * 10,
                  (SourceRef("cheston-2013", "Cheston et al. 2013", "c" * 3000, "https://doi.org/10.1/x"),))
    monkeypatch.setattr(bot.evidence, "ask", lambda question: huge)
    embed = await answered(await fake.invoke_slash("ask", {"question": "q" * 500}))
    assert 5900 <= len(discord.Embed.from_dict(embed)) <= 6000 and len(embed["fields"]) <= 25
    assert len(embed["title"]) == 256 and embed["title"].endswith("…")
    assert embed["description"].endswith("…") and embed["fields"][-1]["value"].endswith("…")
    assert len(embed["footer"]["text"]) == 2048


async def test_gateway_drop_then_resume_then_an_interaction(fake: FakeDiscord, bot) -> None:
    await fake.drop_connection()
    await fake.wait_for_resume(1)
    embed = await answered(await fake.invoke_slash("stats", {"topic": "tools"}))
    assert TOOLS[0] in embed["description"] and fake.identify_count == 1


async def test_invalid_session_identifies_again(fake: FakeDiscord, bot) -> None:
    await fake.invalidate_session(resumable=False)
    await fake.wait_for_identify(2)
    await fake.wait_for(bot.is_ready, what="the bot ready again")
    embed = await answered(await fake.invoke_slash("stats", {"topic": "challenges"}))
    assert "Technical issues" in embed["description"]


async def test_medbot_run_without_a_token_says_how_and_exits_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    process = await asyncio.create_subprocess_exec(MEDBOT, "run", cwd=tmp_path, env=env,
                                                   stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    assert process.returncode == 2 and "export DISCORD_TOKEN=" in stderr.decode()


async def test_medbot_sync_then_run_as_a_process(fake: FakeDiscord, tmp_path: Path) -> None:
    config = str(write_config(tmp_path, fake))
    env = {**os.environ, "DISCORD_TOKEN": fake.token}
    sync = await asyncio.create_subprocess_exec(MEDBOT, "sync", "--config", config, "--guild", str(fake.guild_id),
                                                env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await sync.communicate()
    assert sync.returncode == 0, err.decode()
    assert "stats" in out.decode() and fake.identify_count == 0
    run = await asyncio.create_subprocess_exec(MEDBOT, "run", "--config", config, env=env,
                                               stderr=asyncio.subprocess.PIPE)
    log: list[str] = []
    try:
        await asyncio.wait_for(read_until(run.stderr, "Logged in as", log), 20)
        embed = await answered(await fake.invoke_slash("stats", {"topic": "tools"}))
        assert all(line in embed["description"] for line in TOOLS) and CHESTON in embed["footer"]["text"]
    finally:
        run.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(run.communicate(), 20)
    output = "".join(log) + rest.decode()
    assert run.returncode == 0, output
    assert "Shutting down" in output and fake.token not in output


async def read_until(stream: asyncio.StreamReader, text: str, lines: list[str]) -> None:
    """Collect ``stream``'s lines into ``lines`` until one contains ``text``."""
    while not lines or text not in lines[-1]:
        line = await stream.readline()
        if not line:
            raise AssertionError(f"stream ended before {text!r}:\n" + "".join(lines))
        lines.append(line.decode())


async def test_medbot_run_with_a_rejected_token_says_so(fake: FakeDiscord, tmp_path: Path) -> None:
    config = str(write_config(tmp_path, fake))
    env = {**os.environ, "DISCORD_TOKEN": "not-the-token"}
    run = await asyncio.create_subprocess_exec(MEDBOT, "run", "--config", config, env=env,
                                               stderr=asyncio.subprocess.PIPE)
    _, log = await asyncio.wait_for(run.communicate(), 20)
    assert run.returncode == 1 and "Discord rejected the token in DISCORD_TOKEN" in log.decode()
    assert "not-the-token" not in log.decode() and "Traceback" not in log.decode()


def test_medbot_ask_does_not_import_discord() -> None:
    code = ("import sys; from click.testing import CliRunner; from bot.cli import main; "
            "result = CliRunner().invoke(main, ['ask', 'which tools were used most?']); "
            "assert result.exit_code == 0, result.output; assert 'discord' not in sys.modules, 'discord imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT)


async def test_help_explains_reading_lists_sources_examples_and_the_phone(fake: FakeDiscord, bot,
                                                                       evidence: Evidence) -> None:
    record = await fake.invoke_slash("help")
    embed = await answered(record)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert record.ephemeral and "/stats" in fields["How to ask"]
    reading = fields["Reading an answer"]
    assert "**derived**" in reading and "**Bars**" in reading and "**▶**" in reading
    assert all(s.short_name in fields["Sources"] for s in evidence.kb.sources)
    assert "Most common social media tools used: *Blogs in Cheston et al. 2013?*" in fields[
        "Try, from Cheston et al. 2013"]
    assert "Long-press" in fields["On a phone"]


async def test_about_shows_the_date_the_knowledge_base_changed_and_counts_but_no_hash(fake: FakeDiscord, bot,
                                                                                   evidence: Evidence) -> None:
    about = await answered(await fake.invoke_slash("about"))
    fields = {f["name"]: f["value"] for f in about["fields"]}
    newest = max(int(p.stat().st_mtime) for p in (PROJECT_ROOT / "knowledge").glob("*.yaml"))
    assert fields["Knowledge base last changed"] == f"<t:{newest}:D>"
    assert evidence.kb.version not in text_of(about)
    assert fields["Sources"] == f"{len(evidence.kb.sources)} ({len(evidence.kb.studies)} studies)"
    assert "**Neill et al. 2014**: 2 findings, 8 figures" in fields["Each source"]
    assert fields["Uptime"].startswith("0 min")


async def test_cite_all_lists_every_source_and_attaches_a_file_for_reference_managers(fake: FakeDiscord, bot,
                                                                                      evidence: Evidence) -> None:
    assert {"name": "All sources (a reference list)", "value": "all"} in await fake.autocomplete("cite", "study", "al")
    ama = await answered(await fake.invoke_slash("cite", {"study": "all"}))
    assert ama["title"] == "Reference list (AMA)" and ama["color"] == discord.Colour.blurple().value
    lines = ama["description"].splitlines()
    assert lines[0].startswith("1. Cheston CC") and lines[1].endswith("doi:10.1136/emermed-2012-202039")
    assert lines[2] == ("3. Rezaie S. [Untitled ALiEM post summarising Cheston et al. 2013 and Neill et al. 2014]. "
                        "ALiEM. https://www.aliem.com/social-media-can-make-impact-in-medicine/")
    for style, name, first in (("ris", "references.ris", "TY  - JOUR"), ("bibtex", "references.bib", "@article{")):
        record = await fake.invoke_slash("cite", {"study": "all", "style": style})
        await record.wait_response()
        data = record.message.attachment(name).data.decode()
        assert data.startswith(first) and all(s.title in data for s in evidence.kb.sources)
    source = await answered(await fake.invoke_slash("cite", {"study": "neill-2014", "style": "source"}))
    assert source["title"] == "Neill et al. 2014 (As the source writes it)" and "O’Sullivan" in source["description"]


async def test_a_private_result_can_be_shared_and_only_the_sharer_can_delete_it(fake: FakeDiscord, bot) -> None:
    stats = await fake.invoke_slash("stats", {"topic": "tools"})
    await stats.wait_response()
    limits = await fake.click_button(stats.message, "medbot:lim:cheston-2013")
    await limits.wait_response()
    assert limits.ephemeral and "medbot:share:cheston-2013/limitations" in button_ids(limits.message)
    shared = await fake.click_button(limits.message, "medbot:share:cheston-2013/limitations")
    embed = await answered(shared)
    assert not shared.ephemeral and embed["title"] == "Limitations of Cheston et al. 2013"
    delete = f"medbot:del:{fake.member.id}"
    assert delete in button_ids(shared.message) and "medbot:share:cheston-2013/limitations" not in button_ids(
        shared.message)
    refused = await fake.click_button(shared.message, delete, user=fake.moderator)
    await refused.wait_response()
    assert refused.ephemeral and "Only the member who asked" in refused.embeds[0]["description"]
    assert not shared.message.deleted
    done = await fake.click_button(shared.message, delete)
    await fake.wait_for(lambda: shared.message.deleted, what="the shared reply deleted")
    assert done.callback_type == 6


async def test_whoever_asked_can_delete_a_mention_reply(fake: FakeDiscord, bot) -> None:
    message = await fake.send_message(f"{TOOLS_QUESTION}?")
    reply = await fake.wait_for_reply(message)
    await fake.click_button(reply, f"medbot:del:{fake.member.id}")
    await fake.wait_for(lambda: reply.deleted, what="the reply deleted")


async def test_a_mention_miss_is_short_and_offers_the_menu(fake: FakeDiscord, bot) -> None:
    message = await fake.send_message("what were the most common")
    reply = await fake.wait_for_reply(message)
    (embed,) = reply.embeds
    assert embed["title"] == "Did you mean...?" and len(embed["description"]) < 80
    (menu,) = menus(reply)
    assert [o["label"] for o in menu["options"]] == [
        "Most common social media tools used (Cheston et al. 2013)", "Most common social media aims (Cheston et al. 2013)",
        "Most commonly cited opportunities (Cheston et al. 2013)", "Most commonly cited challenges (Cheston et al. 2013)"]


async def test_a_bare_mention_and_hi_get_a_getting_started_reply(fake: FakeDiscord, bot) -> None:
    for text in ("", "hi!"):
        message = await fake.send_message(text)
        reply = await fake.wait_for_reply(message)
        assert reply.embeds[0]["title"] == "Getting started" and "/ask" in reply.embeds[0]["description"]
    record = await fake.invoke_slash("ask", {"question": "hello"})
    embed = await answered(record)
    assert record.ephemeral and embed["title"] == "Getting started"


async def test_the_chart_button_sends_the_chart_privately(fake: FakeDiscord, bot) -> None:
    ask = await fake.invoke_slash("ask", {"question": "what % of ICEM speakers were on LinkedIn?"})
    await ask.wait_response()
    assert "medbot:chart:neill-2014/stat/speakers/0" in button_ids(ask.message)
    chart = await fake.click_button(ask.message, "medbot:chart:neill-2014/stat/speakers/0")
    await chart.wait_response(timeout=15)
    assert chart.ephemeral and chart.callback_type == 5
    png = chart.message.attachment("neill-2014-stat-speakers-0.png")
    assert png.data.startswith(b"\x89PNG") and (png.width, png.height) == (1280, 720)
    assert chart.embeds[0]["title"] == "LinkedIn: 41.5%"
    assert not any(i.startswith("medbot:chart:") for i in button_ids(chart.message))
    study = await fake.invoke_slash("study", {"study": "neill-2014"})
    await study.wait_response()
    assert "medbot:chart:neill-2014/study" in button_ids(study.message)


async def test_a_stale_button_says_so_and_other_errors_reach_the_log(fake: FakeDiscord, bot, caplog,
                                                                    monkeypatch) -> None:
    stats = await fake.invoke_slash("stats", {"topic": "tools"})
    await stats.wait_response()
    kb = bot.evidence.kb
    monkeypatch.setattr(bot.evidence.composer, "kb", replace(kb, sources=tuple(s for s in kb.sources
                                                                                if s.id != "neill-2014")))
    stale = await fake.select_option(stats.message, "medbot:menu", ["neill-2014/finding/speakers"])
    embed = await answered(stale)
    assert stale.ephemeral and "has changed" in embed["description"]
    assert embed["color"] == discord.Colour.red().value

    def broken(*args, **kwargs):
        raise RuntimeError("composer on fire")

    monkeypatch.setattr(bot.evidence.composer, "compose", broken)
    with caplog.at_level(logging.ERROR):
        click = await fake.click_button(stats.message, "medbot:cite:cheston-2013")
        await click.wait_response()
    assert click.ephemeral and click.content.startswith("Sorry, something went wrong")
    assert any("composer on fire" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def right_and_wrong(message, evidence: Evidence) -> tuple[str, str]:
    """The custom ids of the right option and of a wrong one of a quiz question."""
    from bot.quiz import question_at

    options = {b["label"]: b["custom_id"] for b in message.buttons}
    source, finding, stat = options[next(iter(options))].split(":")[2].split("/")
    answer = question_at(evidence.kb, source, finding, int(stat)).answer
    return options[answer], next(i for label, i in options.items() if label != answer)


async def test_a_quiz_question_reveals_privately_and_counts_the_first_answer(fake: FakeDiscord, bot,
                                                                            evidence: Evidence) -> None:
    record = await fake.invoke_slash("quiz ask", {"topic": "speakers"})
    embed = await answered(record)
    assert not record.ephemeral and "Neill et al. 2014 (Social media presence of the 212 speakers" in embed[
        "description"]
    right, wrong = right_and_wrong(record.message, evidence)
    click = await fake.click_button(record.message, right)
    reveal = await answered(click)
    assert click.ephemeral and reveal["title"] == "Right!"
    assert "of 212 speakers" in reveal["description"] and "Source: Neill A, Cronin JJ" in reveal["description"]
    again = await fake.click_button(record.message, wrong)
    assert "your first answer counts" in (await answered(again))["description"]
    missed = await answered(await fake.click_button(record.message, wrong, user=fake.moderator))
    assert missed["title"].startswith("Not quite: you chose")


async def test_a_quiz_round_with_two_members_and_the_leaderboard(fake: FakeDiscord, bot, evidence: Evidence) -> None:
    start = await fake.invoke_slash("quiz round", {"topic": "tools", "questions": 2, "every": 2})
    assert "2 questions, one every 2 s" in (await answered(start))["description"]
    for number in (1, 2):
        question = await fake.wait_for_message(
            lambda m, n=number: m.interaction is start and m.embeds and m.embeds[0].get("footer", {}).get(
                "text", "").startswith(f"Question {n} of 2 · "), what=f"question {number}")
        right, wrong = right_and_wrong(question, evidence)
        await (await fake.click_button(question, right)).wait_response()
        await (await fake.click_button(question, wrong if number == 1 else right, user=fake.moderator)
               ).wait_response()
        await fake.wait_for(lambda q=question: any(f["name"] == "Answer" for f in q.embeds[0].get("fields", [])),
                            timeout=10, what=f"answer {number} revealed")
        fields = {f["name"]: f["value"] for f in question.embeds[0]["fields"]}
        assert "(2 answered)" in fields["Right"] and f"<@{fake.member.id}>" in fields["Right"]
        assert "Source: Cheston CC" in fields["Answer"] and "of 14 studies" in fields["Answer"]
        assert all(b.get("disabled") for b in question.buttons)
        assert [b["style"] for b in question.buttons].count(3) == 1
    over = await fake.wait_for_message(lambda m: m.interaction is start and m.embeds
                                       and m.embeds[0]["title"] == "Round over", timeout=10, what="round over")
    assert over.embeds[0]["description"].splitlines() == [f"1. <@{fake.member.id}>: 2 of 2",
                                                          f"2. <@{fake.moderator.id}>: 1 of 2"]
    board = await answered(await fake.invoke_slash("quiz leaderboard"))
    assert board["description"].splitlines() == [f"1. <@{fake.member.id}>: 2 of 2 right",
                                                 f"2. <@{fake.moderator.id}>: 1 of 2 right"]


async def test_quiz_scores_that_cannot_be_saved_get_a_sentence_not_a_crash(fake: FakeDiscord, settings: Settings,
                                                                         evidence: Evidence, tmp_path: Path,
                                                                         caplog) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    broken = replace(settings, state_path=tmp_path / "a-file" / "state.db")
    async with started_bot(fake, broken, evidence):
        with caplog.at_level(logging.ERROR):
            record = await fake.invoke_slash("quiz leaderboard")
            embed = await answered(record)
        assert record.ephemeral and embed["title"] == "Quiz scores unavailable"
        assert any("Quiz scores unavailable" in r.getMessage() for r in caplog.records)
        stats = await answered(await fake.invoke_slash("stats", {"topic": "tools"}))
        assert stats["title"] == "Most common social media tools used"


async def test_quiz_answers_are_taken_after_a_restart(fake: FakeDiscord, settings: Settings,
                                                      evidence: Evidence) -> None:
    async with started_bot(fake, settings, evidence):
        record = await fake.invoke_slash("quiz ask", {"topic": "challenges"})
        await record.wait_response()
    right, _ = right_and_wrong(record.message, evidence)
    async with started_bot(fake, settings, evidence, sync=False):
        reveal = await answered(await fake.click_button(record.message, right))
        assert reveal["title"] == "Right!" and "of 14 studies" in reveal["description"]
