"""The matcher: right finding or honest abstention, the same with and without FTS5 narrowing, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import Target
from bot.evidence import Evidence
from bot.knowledge import KnowledgeBase
from bot.render_text import to_plain
from bot.search import Matcher

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
REGRESSION = Path(__file__).resolve().parent / "regression_questions.yaml"
MAX_CHARS = 1200


def regression_questions() -> list[dict]:
    items = yaml.safe_load(REGRESSION.read_text(encoding="utf-8"))
    return [{"q": str(item["q"]), "expect": None if item["expect"] in (None, "none") else item["expect"]}
            for item in items]


def is_correct(evidence: Evidence, item: dict) -> bool:
    """Answerable: answered, short enough, every expected string present. Out of scope: declined."""
    answer = evidence.ask(item["q"])
    if item["expect"] is None:
        return not answer.answered
    text = to_plain(answer)
    return answer.answered and len(text) <= MAX_CHARS and all(e.casefold() in text.casefold() for e in item["expect"])


def test_regression_questions_meet_the_bar(evidence: Evidence) -> None:
    items = regression_questions()
    failures = [item["q"] for item in items if not is_correct(evidence, item)]
    wrong_when_answered = [
        item["q"] for item in items
        if evidence.ask(item["q"]).answered and not is_correct(evidence, item)
    ]
    answered = sum(evidence.ask(item["q"]).answered for item in items)
    assert 1 - len(failures) / len(items) >= 0.90, failures
    assert len(wrong_when_answered) / max(answered, 1) <= 0.03, wrong_when_answered


def test_narrowing_gives_the_same_answers_on_the_seed_knowledge_base(kb: KnowledgeBase) -> None:
    full, narrowed = Matcher(kb, narrow=False), Matcher(kb, narrow=True)
    assert narrowed.fts is not None and full.fts is None
    for item in regression_questions():
        found, expected = narrowed.match(item["q"]), full.match(item["q"])
        assert (found.targets, found.ambiguous, found.confidence) == (expected.targets, expected.ambiguous,
                                                                      expected.confidence), item["q"]


@pytest.mark.parametrize(
    ("question", "label", "value"),
    [
        ("wat % of studys used blgos", "Blogs", "71%"),
        ("lnkdn speakers", "LinkedIn", "41.5%"),
        ("faceboook in the review", "Facebook", "14%"),
        ("g+ among the ICEM speakers", "Google Plus", "<1%"),
    ],
)
def test_typos_and_abbreviations_find_the_statistic(evidence: Evidence, question: str, label: str, value: str) -> None:
    answer = evidence.ask(question)
    assert answer.answered
    focus = [line for line in answer.stats if line.focus]
    assert [(line.label, line.value) for line in focus] == [(label, value)]


def test_a_term_in_both_studies_gives_both_figures_with_their_denominators(evidence: Evidence) -> None:
    answer = evidence.ask("how common was twitter?")
    focus = {(line.value, line.denominator) for line in answer.stats if line.focus}
    assert focus == {("14%", "14 studies"), ("15.6%", "212 speakers")}
    assert "not combined" in answer.intro


def test_naming_the_study_scopes_the_answer(evidence: Evidence) -> None:
    answer = evidence.ask("twitter use among conference speakers")
    assert [(line.label, line.value) for line in answer.stats if line.focus] == [("Twitter", "15.6%")]
    assert answer.source is not None and answer.source.id == "neill-2014"


@pytest.mark.parametrize(
    "question",
    [
        "how many followers did the speakers have on twitter",
        "what percent of tweets were retweets",
        "percentage of speakers on facebook",
        "what is the dose of adenosine for SVT",
        "hello",
        "",
    ],
)
def test_out_of_scope_and_near_misses_abstain_with_suggestions(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert not answer.answered
    assert answer.title == "Not in the knowledge base" and "holds Cheston et al. 2013" in to_plain(answer)


def test_an_abstention_suggests_the_closest_findings(evidence: Evidence) -> None:
    answer = evidence.ask("what percent of tweets were retweets")
    assert answer.suggestions
    assert answer.suggestions[0].target == Target("neill-2014", "finding", "tweets")


def test_a_study_named_alone_gives_its_design_when_a_number_is_asked(evidence: Evidence) -> None:
    answer = evidence.ask("how many studies were in the systematic review")
    assert answer.kind == "design"
    assert "14 studies" in to_plain(answer)


def test_matching_never_imports_discord() -> None:
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from bot.evidence import Evidence; "
            f"Evidence.load(Path({str(KNOWLEDGE)!r})).ask('blogs'); print('discord' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_question_of_known_words_never_loads_the_english_word_list() -> None:
    """wordfreq's data takes a quarter of a second to load: start-up must not pay it for a plain question."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from bot.evidence import Evidence; "
            f"Evidence.load(Path({str(KNOWLEDGE)!r})).ask('which tools were used most'); print('wordfreq' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


QUESTIONS = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=10_000),
    st.lists(st.sampled_from(["😀", "**", "`", "<@123>", "@everyone", "<#9>", "||", "%", "blogs", "twitter", "\u200b",
                              "\n", "> quote", "https://x.y/z", "ＷＩＫＩ", "ﬁ", "41.5%"]), max_size=300).map("".join),
)


@settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUESTIONS)
def test_any_text_gets_an_answer_or_an_abstention(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    assert isinstance(answer.answered, bool)
    assert to_plain(answer)


def test_two_equally_good_findings_are_offered_not_guessed(evidence: Evidence) -> None:
    answer = evidence.ask("which finding was 36%?")
    assert not answer.answered and answer.kind == "did_you_mean"
    labels = [suggestion.label for suggestion in answer.suggestions]
    assert any(label.startswith("Promote empathy") for label in labels)
    assert any(label.startswith("Enhanced collaboration") or label.startswith("Professional development")
               for label in labels)


def test_another_edition_of_the_conference_is_not_the_study(evidence: Evidence) -> None:
    answer = evidence.ask("how many tweets were sent at ICEM 2014?")
    assert not answer.answered
    assert "ICEM 2012" in answer.note
    answer = evidence.ask("By how much did the number of tweets grow compared with the previous ICEM?")
    assert not answer.answered and "not the previous one" in answer.note
    assert evidence.ask("How many tweets were sent at ICEM?").answered
