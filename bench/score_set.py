"""Score a question set as the team's scorer does, optionally with a study dropped into a copy of the knowledge base,
and optionally on one half of the set only.

    .venv/bin/python -m bench.score_set bench/questions/blind4_seed.yaml
    .venv/bin/python -m bench.score_set bench/questions/blind4_sorensen-2020.yaml \\
        --study bench/questions/studies/sorensen-2020.yaml --half unseen

A half is chosen by a stable hash (``sha1(question) % 2``: 1 is "looked", 0 is "unseen"), so it is the same on any
machine; bench/README.md says which halves earlier sessions looked at. It prints the overall score (right answers
plus right abstentions) and wrong-when-answered, and with ``--failures`` the questions it got wrong: never ask for
those on a half you mean to keep unseen.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.evidence import Evidence
from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.render_text import to_plain

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
HALVES = {"looked": 1, "unseen": 0}
MAX_CHARS = 1200        # the scorer counts a longer answer as wrong


def expected(question: dict) -> list[str] | None:
    """The substrings a right answer holds, or None for a question the knowledge base cannot answer."""
    expect = question.get("expect")
    if expect is None or (isinstance(expect, str) and expect.strip().lower() in ("none", "null", "")):
        return None
    return [expect] if isinstance(expect, str) else [str(item) for item in expect]


def in_half(question: str, half: str | None) -> bool:
    """Whether a question belongs to ``half`` (all do when no half is asked for)."""
    return half is None or int(hashlib.sha1(question.encode()).hexdigest(), 16) % 2 == HALVES[half]


def with_studies(folder: Path, studies: list[Path], knowledge: Path = KNOWLEDGE) -> KnowledgeBase:
    """The knowledge base of ``knowledge`` with ``studies`` dropped into a copy of it under ``folder``."""
    copy = folder / "knowledge"
    shutil.copytree(knowledge, copy)
    for study in studies:
        shutil.copy(study, copy / study.name)
    return load_knowledge(copy)


@dataclass
class Tally:
    """Right answers (and right abstentions), answers given and wrong answers given, over some questions."""

    questions: int = 0
    right: int = 0
    answered: int = 0
    wrong: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def overall(self) -> float:
        return self.right / max(self.questions, 1)

    @property
    def wrong_when_answered(self) -> float:
        return self.wrong / max(self.answered, 1)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.questions + other.questions, self.right + other.right, self.answered + other.answered,
                     self.wrong + other.wrong, self.failures + other.failures)


def tally(evidence: Evidence, items: list[dict]) -> Tally:
    """Each question answered and counted as the scorer counts it."""
    counted = Tally()
    for item in items:
        expect = expected(item)
        answer = evidence.ask(item["q"])
        text = to_plain(answer)
        good = not answer.answered if expect is None else (
            answer.answered and len(text) <= MAX_CHARS and all(e.lower() in text.lower() for e in expect))
        counted.questions += 1
        counted.right += good
        counted.answered += answer.answered
        counted.wrong += answer.answered and not good
        if not good:
            counted.failures.append(f"{item['q']}  (expected {expect}; got: {text.splitlines()[0] if text else ''})")
    return counted


def score(evidence: Evidence, items: list[dict]) -> tuple[float, float, list[str]]:
    """(overall, wrong-when-answered, failures) as the scorer counts them."""
    counted = tally(evidence, items)
    return counted.overall, counted.wrong_when_answered, counted.failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--study", type=Path, action="append", default=[],
                        help="a study file dropped into a copy of knowledge/ (repeatable)")
    parser.add_argument("--half", choices=sorted(HALVES), help="score one half of the set only")
    parser.add_argument("--failures", action="store_true", help="list the questions answered wrongly")
    args = parser.parse_args()
    items = [item for item in yaml.safe_load(args.questions.read_text(encoding="utf-8")) if in_half(item["q"], args.half)]
    with tempfile.TemporaryDirectory() as folder:
        try:
            evidence = Evidence(with_studies(Path(folder), args.study))
        except KnowledgeError as error:
            raise SystemExit(str(error)) from None
        overall, wrong, failures = score(evidence, items)
    print(f"{args.questions.name}{f' ({args.half} half)' if args.half else ''}: {len(items)} questions, "
          f"overall {overall:.3f}, wrong-when-answered {wrong:.3f}")
    if args.failures:
        print("\n".join(f"  {line}" for line in failures))


if __name__ == "__main__":
    main()
