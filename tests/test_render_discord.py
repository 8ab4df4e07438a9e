"""The Discord rendering of an Answer: exact figures, limits, escaping and custom ids."""

from __future__ import annotations

import re

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import Answer, Section, SourceRef, StatLine, Suggestion, Target
from bot.evidence import Evidence
from bot.render_discord import (
    COLOURS,
    Act,
    Link,
    Menu,
    Press,
    Tone,
    answer_controls,
    answer_embed,
    escape,
    fit_embed,
    notice_embed,
)


def within_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(data.get("title", "")) <= 256
    assert len(data.get("description", "")) <= 4096
    assert len(data.get("fields", [])) <= 25
    for field in data.get("fields", []):
        assert 0 < len(field["name"]) <= 256 and 0 < len(field["value"]) <= 1024
    assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(data.get("author", {}).get("name", "")) <= 256
    assert len(embed) <= 6000


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


def test_each_control_names_its_study_and_has_one_meaning(evidence: Evidence) -> None:
    controls = answer_controls(evidence.stats("tools"), private=False, asker_id=7,
                               related=evidence.related("cheston-2013").suggestions)
    links = [c for c in controls if isinstance(c, Link)]
    presses = [c for c in controls if isinstance(c, Press)]
    menus = [c for c in controls if isinstance(c, Menu)]
    assert [link.label for link in links] == ["Search PubMed: Cheston et al. 2013"]
    assert [(p.act, p.label, p.row) for p in presses] == [
        (Act.LIMITATIONS, "Limitations of Cheston et al. 2013", 0), (Act.CITE, "Cite Cheston et al. 2013", 0),
        (Act.CHART, "Chart", 2), (Act.DELETE, "Delete", 2)]
    assert presses[-1].user_id == 7 and presses[-1].style == discord.ButtonStyle.danger
    assert all(p.style != discord.ButtonStyle.primary for p in presses)
    assert len(menus) == 1 and menus[0].row == 1 and menus[0].placeholder == "Related findings…"
    shown = {s.target for s in menus[0].choices}
    assert Target("cheston-2013", "finding", "tools") not in shown  # the answer itself
    assert Target("neill-2014", "finding", "speakers") in shown


def test_a_study_with_a_pmid_gets_a_pubmed_link(evidence: Evidence) -> None:
    links = [c for c in answer_controls(evidence.stats("speakers"), private=True) if isinstance(c, Link)]
    assert links[0].label == "PubMed: Neill et al. 2014" and links[0].url.endswith("/23423992/")


def test_a_cross_study_answer_has_a_row_of_buttons_per_study(evidence: Evidence) -> None:
    answer = evidence.ask("what % used twitter")
    assert answer.title == "Twitter: 14% (Cheston et al. 2013) / Twitter: 15.6% (Neill et al. 2014)"
    assert "Neill et al. 2014: Difficult to determine the significance and impact of Twitter" in " ".join(
        answer.caveats)
    rows = {}
    for control in answer_controls(answer, private=True):
        rows.setdefault(control.row, []).append(control.label if not isinstance(control, Menu) else "menu")
    assert rows[0] == ["Search PubMed: Cheston et al. 2013", "Limitations of Cheston et al. 2013",
                       "Cite Cheston et al. 2013"]
    assert rows[1] == ["PubMed: Neill et al. 2014", "Limitations of Neill et al. 2014", "Cite Neill et al. 2014"]
    assert rows[max(rows)] == ["Chart", "Share in channel"]


def test_a_caveat_about_another_figure_is_not_shown_under_this_one(evidence: Evidence) -> None:
    linkedin = evidence.answer(Target("neill-2014", "stat", "speakers", 0))
    assert linkedin.title == "LinkedIn: 41.5%" and not any("Twitter" in c for c in linkedin.caveats)
    twitter = evidence.answer(Target("neill-2014", "stat", "speakers", 1))
    assert any("Twitter" in c for c in twitter.caveats)


def test_a_miss_offers_its_closest_findings_in_a_menu_not_a_list(evidence: Evidence) -> None:
    targets = [Target("cheston-2013", "finding", "tools"), Target("neill-2014", "stat", "speakers", 0),
               Target("cheston-2013", "finding", "tools")]
    answer = Answer(False, "Not in the knowledge base", "Not covered.",
                    suggestions=tuple(evidence.suggestion(t) for t in targets))
    embed = answer_embed(answer, question="dose of epinephrine?")
    assert not embed.fields and embed.colour == COLOURS[Tone.MISS]
    (menu,) = answer_controls(answer, private=True)
    assert isinstance(menu, Menu) and menu.placeholder == "Closest findings…"
    assert [s.target for s in menu.choices] == targets[:2]
    short = answer_embed(answer, short=True)
    assert short.title == "Not in the knowledge base" and len(short.description) < 80


def test_many_long_suggestions_fit_one_menu() -> None:
    long = "x" * 200
    suggestions = tuple(Suggestion(f"{n} {long}", "q", Target("s", "stat", f"f{n}", n)) for n in range(40))
    (menu,) = answer_controls(Answer(False, "Not in the knowledge base", suggestions=suggestions), private=True)
    assert len(menu.choices) == 25


def test_colours_tell_answers_misses_and_citations_apart(evidence: Evidence) -> None:
    answer = answer_embed(evidence.stats("tools")).colour
    miss = answer_embed(evidence.ask("What is the adult dose of epinephrine in anaphylaxis?")).colour
    citation = answer_embed(evidence.answer(Target("neill-2014", "citation"))).colour
    error = notice_embed("x", "y", Tone.ERROR).colour
    assert len({answer, miss, citation, error}) == 4


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
