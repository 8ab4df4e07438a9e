"""The quiz core: questions from the real figures of one finding, for any source, and scores kept once per answer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.answers import StaleTarget
from bot.knowledge import KnowledgeBase
from bot.quiz import NoQuestion, Scores, make_question, question_at, quizzable, reveal
from bot.state import State
from tests.helpers import load_ok, write_source


@pytest.fixture
def scores(tmp_path: Path) -> Scores:
    return Scores(State(tmp_path / "state.db"))


def test_every_question_offers_the_real_figures_of_its_finding_and_the_answer_among_them(kb: KnowledgeBase) -> None:
    rng = random.Random(7)
    for _ in range(200):
        question = make_question(kb, rng)
        figures = [stat.value.text for stat in question.finding.stats]
        assert question.answer in question.options and 2 <= len(question.options) <= 4
        assert set(question.options) <= set(figures) and len(set(question.options)) == len(question.options)
        assert question.asked.label in question.prompt and question.source.short_name in question.prompt


def test_percentages_are_offered_with_percentages(kb: KnowledgeBase) -> None:
    rng = random.Random(1)
    for _ in range(100):
        question = make_question(kb, rng, "neill-2014", "tweets")
        if question.asked.value.is_percent:
            assert set(question.options) == {"34%", "74.4%"}


def test_a_question_can_be_limited_to_a_finding_and_reveals_figure_denominator_caveat_and_citation(
        kb: KnowledgeBase) -> None:
    question = make_question(kb, random.Random(3), "cheston-2013", "tools")
    assert question.finding.id == "tools" and "of 14 studies" in question.prompt
    shown = reveal(question_at(kb, "neill-2014", "speakers", 0))
    assert shown.figure.as_text() == "LinkedIn: 41.5% (88 of 212 speakers, derived)"
    assert shown.caveat == "" and shown.citation.endswith("doi:10.1136/emermed-2012-202039")
    assert "Twitter" in reveal(question_at(kb, "neill-2014", "speakers", 1)).caveat


def test_any_source_with_two_different_figures_makes_questions(tmp_path: Path) -> None:
    kb = load_ok(write_source(tmp_path))
    question = make_question(kb, random.Random(0))
    assert question.source.id == "demo-2020" and set(question.options) == {"71%", "21%"}


def test_a_finding_with_one_figure_makes_none(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("  - label: Wikis\n    value: 21%\n", ""))
    kb = load_ok(path)
    assert not quizzable(kb.sources[0].findings[0])
    with pytest.raises(NoQuestion):
        make_question(kb, random.Random(0))


def test_a_figure_that_is_gone_is_stale(kb: KnowledgeBase) -> None:
    with pytest.raises(StaleTarget):
        question_at(kb, "neill-2014", "speakers", 99)


def test_the_first_answer_counts_once_per_member_and_question(scores: Scores) -> None:
    assert scores.record(1, 100, 7, "21%", True) is None
    assert scores.record(1, 100, 7, "71%", False) == "21%"
    assert scores.record(1, 101, 7, "14%", False) is None
    assert scores.record(1, 100, 8, "71%", False) is None
    assert scores.record(2, 100, 8, "21%", True) is None
    board = scores.leaderboard(1)
    assert [(s.user_id, s.correct, s.answered) for s in board] == [(7, 1, 2), (8, 0, 1)]
    assert [(s.user_id, s.correct) for s in scores.leaderboard(2)] == [(8, 1)]
    assert scores.answers_to(1, 100) == [(7, True), (8, False)]


def test_scores_survive_reopening_the_state_file(tmp_path: Path) -> None:
    Scores(State(tmp_path / "state.db")).record(1, 5, 9, "21%", True)
    assert Scores(State(tmp_path / "state.db")).leaderboard(1)[0].correct == 1
