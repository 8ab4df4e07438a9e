"""The Discord rendering of an Answer: exact figures, limits, escaping and custom ids."""

from __future__ import annotations

import re

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import Answer, Section, SourceRef, StatLine, Suggestion, Target
from bot.config import PROJECT_ROOT
from bot.evidence import Evidence
from bot.render_discord import (
    CUSTOM_ID_TEMPLATE,
    answer_buttons,
    answer_embed,
    embed_length,
    escape,
    fit_embed,
    parse_target_key,
    target_key,
)


@pytest.fixture(scope="module")
def evidence() -> Evidence:
    return Evidence.load(PROJECT_ROOT / "knowledge")


def within_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(data.get("title", "")) <= 256
    assert len(data.get("description", "")) <= 4096
    assert len(data.get("fields", [])) <= 25
    for field in data.get("fields", []):
        assert 0 < len(field["name"]) <= 256 and 0 < len(field["value"]) <= 1024
    assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(data.get("author", {}).get("name", "")) <= 256
    assert embed_length(data) <= 6000 and len(embed) <= 6000


def test_stats_tools_shows_every_figure_exactly(evidence: Evidence) -> None:
    embed = answer_embed(evidence.stats("tools"))
    assert embed.title == "Most common social media tools used"
    lines = embed.description.splitlines()
    assert "**Blogs** ██████████████▎ 71% (10 of 14 studies, derived)" in lines
    for figure in ("**Wikis** ████▎ 21% (3 of 14 studies, derived)", "**Twitter** ██▊ 14% (2 of 14 studies, derived)",
                   "**Facebook** ██▊ 14% (2 of 14 studies, derived)"):
        assert figure in lines
    assert embed.fields[0].name == "Caveats" and "randomized controlled trial" in embed.fields[0].value
    assert embed.footer.text.startswith("Source: Cheston CC, Flickinger TE, Chisolm MS.")


def test_figures_are_never_reformatted(evidence: Evidence) -> None:
    speakers = answer_embed(evidence.stats("speakers")).description
    tweets = answer_embed(evidence.stats("tweets")).description
    assert re.search(r"^\*\*Google Plus\*\* \S+ <1% \(of 212 speakers\)$", speakers, re.M)
    assert "41.5% (88 of 212 speakers, derived)" in speakers
    assert "**Tweets during the conference** 4,500 (tweets)" in tweets
    assert "**People who produced tweets** >400 (people)" in tweets


def test_buttons_carry_what_they_need(evidence: Evidence) -> None:
    buttons = answer_buttons(evidence.stats("tools"))
    assert [b.label for b in buttons] == ["PubMed", "Limitations", "Cite", "Related"]
    assert buttons[0].url.startswith("https://pubmed.ncbi.nlm.nih.gov/")
    ids = [b.custom_id for b in buttons[1:]]
    assert ids == ["medbot:lim:cheston-2013", "medbot:cite:cheston-2013", "medbot:rel:cheston-2013"]
    assert all(re.fullmatch(CUSTOM_ID_TEMPLATE, i) for i in ids)


def test_abstention_offers_suggestions_as_buttons(evidence: Evidence) -> None:
    targets = [Target("cheston-2013", "finding", "tools"), Target("neill-2014", "stat", "speakers", 0),
               Target("cheston-2013", "finding", "tools")]
    answer = Answer(False, "Not in the knowledge base", "Not covered.",
                    suggestions=tuple(evidence.suggestion(t) for t in targets))
    embed = answer_embed(answer, question="dose of epinephrine?")
    assert embed.fields[-1].name == "Closest findings"
    buttons = answer_buttons(answer)
    assert [b.custom_id for b in buttons] == ["medbot:show:cheston-2013/finding/tools",
                                              "medbot:show:neill-2014/stat/speakers/0"]
    assert {b.row for b in buttons} == {0}
    assert parse_target_key("neill-2014/stat/speakers/0") == targets[1]


def test_many_long_suggestions_fit_the_rows_and_labels() -> None:
    long = "x" * 200
    suggestions = tuple(Suggestion(f"{n} {long}", "q", Target("s", "stat", f"f{n}", n)) for n in range(40))
    buttons = answer_buttons(Answer(False, "Not in the knowledge base", suggestions=suggestions))
    assert len(buttons) == 25 and max(b.row for b in buttons) == 4
    assert all(len(b.label) <= 80 and b.label.endswith("…") for b in buttons)
    assert len({b.custom_id for b in buttons}) == 25


def test_target_keys_round_trip() -> None:
    for target in (Target("a", "study"), Target("a", "finding", "tools"), Target("a", "stat", "tools", 0)):
        assert parse_target_key(target_key(target)) == target
    with pytest.raises(ValueError):
        parse_target_key("onlysource")


def test_echoed_text_is_escaped() -> None:
    text = escape("@everyone <@123456789012345678> **bold** `code` <@&123456789012345678>")
    assert "@everyone" not in text and "<@123456789012345678>" not in text and "<@&123456789012345678>" not in text
    assert "\\*\\*bold\\*\\*" in text and "\\`code\\`" in text
    assert len(escape("a" * 5000)) <= 300


def test_question_is_quoted_escaped() -> None:
    embed = answer_embed(Answer(False, "Not in the knowledge base"), question="@here _hi_")
    assert embed.description.startswith("> @\u200bhere \\_hi\\_")


def test_fit_embed_keeps_an_embed_exactly_at_the_limits() -> None:
    embed = discord.Embed(title="t" * 256, description="d" * 4096)
    embed.add_field(name="n" * 256, value="v" * 1024)
    embed.set_footer(text="f" * (6000 - 256 - 4096 - 256 - 1024))
    fitted = fit_embed(embed)
    assert fitted.to_dict() == embed.to_dict()
    assert len(fitted) == 6000


def test_fit_embed_cuts_every_part_over_its_limit_with_an_ellipsis() -> None:
    embed = discord.Embed(title="t" * 300, description="d" * 5000)
    for _ in range(30):
        embed.add_field(name="n" * 300, value="v" * 2000)
    embed.set_footer(text="f" * 3000)
    embed.set_author(name="a" * 300)
    fitted = fit_embed(embed)
    within_limits(fitted)
    assert len(fitted.title) == 256 and len(fitted.footer.text) == 2048 and len(fitted.author.name) == 256
    assert fitted.title.endswith("…") and fitted.description.endswith("…") and fitted.footer.text.endswith("…")
    assert all(f.value.endswith("…") and len(f.name) == 256 for f in fitted.fields)


def test_fit_embed_drops_trailing_fields_only_when_their_names_alone_overflow() -> None:
    embed = discord.Embed(title="T", description="d" * 100)
    for n in range(25):
        embed.add_field(name=f"{n:02d}" + "n" * 254, value="v" * 50)
    fitted = fit_embed(embed)
    within_limits(fitted)
    assert 5900 < len(fitted) <= 6000 and 0 < len(fitted.fields) < 25
    assert fitted.fields[-1].value.endswith("…") and fitted.fields[0].name.startswith("00")


def test_fit_embed_cuts_the_longest_texts_and_keeps_the_citation() -> None:
    embed = discord.Embed(title="T", description="d" * 4000)
    embed.add_field(name="Caveats", value="keep me")
    embed.add_field(name="Long", value="v" * 1024)
    embed.add_field(name="Long 2", value="w" * 1024)
    embed.set_footer(text="Source: citation")
    fitted = fit_embed(embed)
    within_limits(fitted)
    assert fitted.fields[0].value == "keep me" and fitted.footer.text == "Source: citation"
    assert len(fitted) == 6000 and fitted.description.endswith("…")


def test_a_huge_answer_fits(evidence: Evidence) -> None:
    stats = tuple(StatLine(f"Label {n} " + "x" * 90, "71%", "14 studies", 10, True, 71.0) for n in range(80))
    sections = tuple(Section(f"Section {n} " + "h" * 300, stats, ("line " * 100,)) for n in range(30))
    answer = Answer(True, "T" * 400, "intro " * 1000, sections, ("caveat " * 300,) * 10,
                    (SourceRef("cheston-2013", "Cheston", "c" * 3000, "https://doi.org/x"),))
    within_limits(answer_embed(answer, question="q" * 10_000))


@settings(max_examples=60, deadline=None)
@given(title=st.text(max_size=400), description=st.text(max_size=6000),
       fields=st.lists(st.tuples(st.text(min_size=1, max_size=300), st.text(min_size=1, max_size=1500)), max_size=30),
       footer=st.text(max_size=2500))
def test_fit_embed_always_fits(title: str, description: str, fields: list[tuple[str, str]], footer: str) -> None:
    embed = discord.Embed(title=title or None, description=description or None)
    for name, value in fields:
        embed.add_field(name=name, value=value)
    if footer:
        embed.set_footer(text=footer)
    within_limits(fit_embed(embed))
