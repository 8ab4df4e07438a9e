"""Fit the matcher's answer/abstain line on question sets, and score a held-out set at the fitted line.

    .venv/bin/python -m bench.calibrate FIT.yaml [FIT2.yaml ...] [--held-out HELD.yaml ...] [--knowledge DIR]

Question files are in the scorer's format (``q``, ``expect`` as a list of substrings or ``none``). Each question is
answered once with the line at zero, keeping the matcher's confidence; then every candidate line is scored from those
answers (an answer below the line counts as an abstention). The table shows, for each line, the fitted sets' overall
score (right answers plus right abstentions) and wrong-when-answered; the chosen line is the one with the best
overall score among those whose wrong-when-answered is at most ``--max-wrong``, the lowest such line on a tie, so
that a member is told "not in the knowledge base" as rarely as the data allows. Held-out sets are scored at the
chosen line only: they are never used to choose it.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot import search
from bot.evidence import Evidence
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.render_text import to_plain

MAX_CHARS = 1200        # the scorer counts a longer answer as wrong
LINES = [round(0.40 + 0.01 * step, 2) for step in range(46)]


@dataclass(frozen=True)
class Outcome:
    """One question answered with the line at zero: its confidence, and whether the answer given was right."""

    confidence: float
    answered: bool
    right_if_answered: bool
    out_of_scope: bool


def expected(question: dict) -> list[str] | None:
    """The substrings a right answer holds, or None for a question the knowledge base cannot answer."""
    expect = question.get("expect")
    if expect is None or (isinstance(expect, str) and expect.strip().lower() in ("none", "null", "")):
        return None
    return [expect] if isinstance(expect, str) else [str(item) for item in expect]


def outcomes(evidence: Evidence, questions: list[dict]) -> list[Outcome]:
    """Answer every question with the line at zero."""
    line = search.ANSWER_AT
    search.ANSWER_AT = 0.0
    try:
        found = []
        for question in questions:
            expect = expected(question)
            match = evidence.matcher.match(question["q"])
            answer = evidence.ask(question["q"])
            text = to_plain(answer)
            right = expect is not None and len(text) <= MAX_CHARS and all(e.lower() in text.lower() for e in expect)
            found.append(Outcome(match.confidence, answer.answered, right, expect is None))
        return found
    finally:
        search.ANSWER_AT = line


def score(found: list[Outcome], line: float) -> tuple[float, float]:
    """(overall, wrong-when-answered) with answers below ``line`` counted as abstentions."""
    right = answered = wrong = 0
    for outcome in found:
        gives = outcome.answered and outcome.confidence >= line
        answered += gives
        wrong += gives and not outcome.right_if_answered
        right += outcome.right_if_answered if gives else outcome.out_of_scope
    return right / max(len(found), 1), wrong / max(answered, 1)


def best_line(found: list[Outcome], max_wrong: float) -> tuple[float, float, float]:
    """(line, overall, wrong-when-answered) of the best line whose wrong-when-answered is at most ``max_wrong``."""
    rows = [(line, *score(found, line)) for line in LINES]
    allowed = [row for row in rows if row[2] <= max_wrong] or rows
    return max(allowed, key=lambda row: (round(row[1], 3), -row[0]))


def search_grid(kb: KnowledgeBase, fit_sets: list[list[dict]], grid: list[str], max_wrong: float) -> None:
    """Try every combination of the constants in ``grid``, each at its best line; print them best first."""
    names, values = [], []
    for spec in grid:
        name, _, listed = spec.partition("=")
        names.append(name)
        values.append([float(v) for v in listed.split(",")])
    saved = {name: getattr(search, name) for name in names}
    rows = []
    try:
        for combination in itertools.product(*values):
            for name, value in zip(names, combination, strict=True):
                setattr(search, name, value)
            evidence = Evidence(kb)
            found = [o for questions in fit_sets for o in outcomes(evidence, questions)]
            rows.append((best_line(found, max_wrong), combination))
    finally:
        for name, value in saved.items():
            setattr(search, name, value)
    print("grid: " + ", ".join(names) + " -> line, overall, wrong")
    for (line, overall, wrong), combination in sorted(rows, key=lambda row: -row[0][1])[:10]:
        print(f"  {combination} -> {line:.2f} {overall:.3f} {wrong:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fit", nargs="+", type=Path, help="question sets the line is fitted on")
    parser.add_argument("--held-out", nargs="*", type=Path, default=[], help="sets scored at the chosen line only")
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--max-wrong", type=float, default=0.03, help="wrong-when-answered allowed (default 0.03)")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2",
                        help="also try these values of a bot.search constant (repeatable); prints the best of each")
    args = parser.parse_args()
    kb = load_knowledge(args.knowledge)
    fit_sets = [yaml.safe_load(path.read_text()) for path in args.fit]
    if args.grid:
        search_grid(kb, fit_sets, args.grid, args.max_wrong)
    evidence = Evidence(kb)
    fit = [o for questions in fit_sets for o in outcomes(evidence, questions)]
    print(f"{'line':>6} {'overall':>8} {'wrong':>7}   (fitted on {len(fit)} questions)")
    for line in LINES:
        print(f"{line:>6.2f} {score(fit, line)[0]:>8.3f} {score(fit, line)[1]:>7.3f}")
    chosen = best_line(fit, args.max_wrong)
    print(f"\nchosen line {chosen[0]:.2f} (current ANSWER_AT {search.ANSWER_AT}): overall {chosen[1]:.3f}, "
          f"wrong-when-answered {chosen[2]:.3f}")
    for path in args.held_out:
        held = outcomes(evidence, yaml.safe_load(path.read_text()))
        overall, wrong = score(held, chosen[0])
        print(f"held out {path}: overall {overall:.3f}, wrong-when-answered {wrong:.3f} ({len(held)} questions)")


if __name__ == "__main__":
    main()
