"""A multiple-choice quiz built from the knowledge base, and its scores per server and member.

A question asks for one figure of a finding; its options are the real figures of that same finding (of the same
kind: percentages with percentages), written exactly as the source writes them, so every option is plausible. It works
for any source in ``knowledge/``: a finding with at least two different figures makes a question. Nothing about the
right answer is stored outside the knowledge base: a click is checked against the figure the source states.

Scores live in the state database (:mod:`bot.state`, a file an index rebuild never replaces): ``quiz_scores`` holds
each member's totals per server, ``quiz_answers`` each member's one answer per question, so a second click on the same
question scores nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.answers import StaleTarget, StatLine, caveats_about, source_ref, stat_line
from bot.knowledge import KnowledgeBase
from bot.schema import Finding, Source, Stat
from bot.state import State, now

MAX_OPTIONS = 4
LEADERBOARD_SIZE = 10


class NoQuestion(LookupError):
    """The chosen topic (or the whole knowledge base) has no finding with two different figures to ask about."""


@dataclass(frozen=True)
class Question:
    """One figure to find among ``options`` (values as written); ``stat`` is its index in the finding."""

    source: Source
    finding: Finding
    stat: int
    options: tuple[str, ...]

    @property
    def asked(self) -> Stat:
        """The statistic the question asks for."""
        return self.finding.stats[self.stat]

    @property
    def prompt(self) -> str:
        """'In Cheston et al. 2013 (Most common social media tools used), what was the figure for **Wikis**?'."""
        denominator = self.finding.denominator_of(self.asked)
        of = f", of {denominator}" if denominator else ""
        return (f"In {self.source.short_name} ({self.finding.topic}{of}), what was the figure for "
                f"**{self.asked.label}**?")

    @property
    def answer(self) -> str:
        """The right option: the figure exactly as the source states it."""
        return self.asked.value.text


@dataclass(frozen=True)
class Reveal:
    """What a member sees after answering: the figure with its denominator, a caveat, the citation."""

    figure: StatLine
    caveat: str
    citation: str


def quizzable(finding: Finding) -> bool:
    """A finding makes questions when it gives at least two different figures."""
    return len({stat.value.text for stat in finding.stats}) > 1


def options_for(finding: Finding, index: int, rng: random.Random) -> tuple[str, ...]:
    """The asked figure and up to three other figures of the same finding, of the same kind where there are enough."""
    asked = finding.stats[index]
    same_kind = [s.value.text for s in finding.stats if s.value.is_percent == asked.value.is_percent]
    pool = same_kind if len(set(same_kind)) > 1 else [s.value.text for s in finding.stats]
    others = [text for text in dict.fromkeys(pool) if text != asked.value.text]
    chosen = [asked.value.text, *rng.sample(others, min(len(others), MAX_OPTIONS - 1))]
    rng.shuffle(chosen)
    return tuple(chosen)


def make_question(kb: KnowledgeBase, rng: random.Random, source_id: str = "", finding_id: str = "") -> Question:
    """A question about a random figure (of one finding, when named); raise :class:`NoQuestion` if none can be made."""
    candidates = [(source, finding) for source in kb.studies_first for finding in source.findings
                  if (not source_id or source.id == source_id) and (not finding_id or finding.id == finding_id)
                  and quizzable(finding)]
    if not candidates:
        raise NoQuestion("no finding there gives two different figures to choose between")
    source, finding = rng.choice(candidates)
    index = rng.randrange(len(finding.stats))
    return Question(source, finding, index, options_for(finding, index, rng))


def question_at(kb: KnowledgeBase, source_id: str, finding_id: str, stat: int) -> Question:
    """The question about one figure as the knowledge base holds it now (for a click), without its options."""
    source = kb.source(source_id)
    finding = source.finding(finding_id) if source else None
    if source is None or finding is None or not 0 <= stat < len(finding.stats):
        raise StaleTarget(f"no figure {stat} of '{finding_id}' in '{source_id}'")
    return Question(source, finding, stat, ())


def reveal(question: Question) -> Reveal:
    """The figure, what it is a share of, one caveat about it (or the study), and where it comes from."""
    caveats = caveats_about(question.source, question.finding, {question.asked.label})
    return Reveal(stat_line(question.finding, question.asked, focus=True), caveats[0] if caveats else "",
                  source_ref(question.source).citation)


@dataclass(frozen=True)
class Score:
    """A member's totals in one server."""

    user_id: int
    answered: int
    correct: int


class Scores:
    """Quiz answers and scores in the state database."""

    def __init__(self, state: State) -> None:
        self.db = state.db
        self.db["quiz_answers"].create({
            "guild_id": str, "question_id": str, "user_id": str, "answer": str, "correct": int, "at": str,
        }, pk=("guild_id", "question_id", "user_id"), if_not_exists=True)

    def record(self, guild_id: int, question_id: int, user_id: int, answer: str, correct: bool) -> str | None:
        """Count a member's answer to a question once; return their earlier answer instead if they gave one."""
        key = [str(guild_id), str(question_id), str(user_id)]
        with self.db.atomic():
            earlier = self.db.execute("select answer from quiz_answers where guild_id = ? and question_id = ? "
                                      "and user_id = ?", key).fetchone()
            if earlier is not None:
                return str(earlier[0])
            self.db.execute("insert into quiz_answers (guild_id, question_id, user_id, answer, correct, at) "
                            "values (?, ?, ?, ?, ?, ?)", [*key, answer, int(correct), now()])
            self.db.execute(
                "insert into quiz_scores (guild_id, user_id, answered, correct, updated_at) values (?, ?, 1, ?, ?) "
                "on conflict (guild_id, user_id) do update set answered = answered + 1, "
                "correct = correct + excluded.correct, updated_at = excluded.updated_at",
                [str(guild_id), str(user_id), int(correct), now()])
        return None

    def answers_to(self, guild_id: int, question_id: int) -> list[tuple[int, bool]]:
        """Who answered a question, in order, and whether they were right."""
        rows = self.db.execute("select user_id, correct from quiz_answers where guild_id = ? and question_id = ? "
                               "order by at, rowid", [str(guild_id), str(question_id)]).fetchall()
        return [(int(user), bool(correct)) for user, correct in rows]

    def leaderboard(self, guild_id: int, limit: int = LEADERBOARD_SIZE) -> list[Score]:
        """The server's best members: most right answers, then fewest answers."""
        rows = self.db.execute("select user_id, answered, correct from quiz_scores where guild_id = ? "
                               "order by correct desc, answered asc, updated_at asc limit ?",
                               [str(guild_id), limit]).fetchall()
        return [Score(int(user), answered, correct) for user, answered, correct in rows]
