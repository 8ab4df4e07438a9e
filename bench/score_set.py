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
from pathlib import Path

import yaml

from bench.calibrate import MAX_CHARS, expected
from bot.evidence import Evidence
from bot.knowledge import load_knowledge
from bot.render_text import to_plain

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
HALVES = {"looked": 1, "unseen": 0}


def in_half(question: str, half: str | None) -> bool:
    """Whether a question belongs to ``half`` (all do when no half is asked for)."""
    return half is None or int(hashlib.sha1(question.encode()).hexdigest(), 16) % 2 == HALVES[half]


def score(evidence: Evidence, items: list[dict]) -> tuple[float, float, list[str]]:
    """(overall, wrong-when-answered, failures) as the scorer counts them."""
    right = answered = wrong = 0
    failures = []
    for item in items:
        expect = expected(item)
        answer = evidence.ask(item["q"])
        text = to_plain(answer)
        good = not answer.answered if expect is None else (
            answer.answered and len(text) <= MAX_CHARS and all(e.lower() in text.lower() for e in expect))
        right += good
        answered += answer.answered
        wrong += answer.answered and not good
        if not good:
            failures.append(f"{item['q']}  (expected {expect}; got: {text.splitlines()[0] if text else ''})")
    return right / max(len(items), 1), wrong / max(answered, 1), failures


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
        knowledge = Path(folder) / "knowledge"
        shutil.copytree(KNOWLEDGE, knowledge)
        for study in args.study:
            shutil.copy(study, knowledge / study.name)
        overall, wrong, failures = score(Evidence(load_knowledge(knowledge)), items)
    print(f"{args.questions.name}{f' ({args.half} half)' if args.half else ''}: {len(items)} questions, "
          f"overall {overall:.3f}, wrong-when-answered {wrong:.3f}")
    if args.failures:
        print("\n".join(f"  {line}" for line in failures))


if __name__ == "__main__":
    main()
