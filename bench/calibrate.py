"""Fit the matcher's answer/abstain line on question sets, and score a held-out set at the fitted line.

    .venv/bin/python -m bench.calibrate FIT.yaml [FIT2.yaml ...] [--held-out HELD.yaml ...] [--knowledge DIR]
    .venv/bin/python -m bench.calibrate TUNE.yaml bench/questions/blind5_a.yaml:looked --exact \
        --study-set bench/questions/studies/haddad-2021.yaml bench/questions/blind3_haddad-2021.yaml:looked

A set written ``FILE:looked`` or ``FILE:unseen`` is that half of the file (see :mod:`bench.score_set`); a
``--study-set STUDY QUESTIONS`` pair is answered with the study dropped into a copy of the knowledge base, so that
the line is fitted on questions about studies other than the seed too.

Question files are in the scorer's format (``q``, ``expect`` as a list of substrings or ``none``). Each question is
answered once with the line at zero, keeping the matcher's confidence; then every candidate line is scored from those
answers (an answer below the line counts as an abstention). The table shows, for each line, the fitted sets' overall
score (right answers plus right abstentions) and wrong-when-answered; the chosen line is the one with the best
overall score among those whose wrong-when-answered is at most ``--max-wrong``, the lowest such line on a tie, so
that a member is told "not in the knowledge base" as rarely as the data allows. Held-out sets are scored at the
chosen line only: they are never used to choose it. With ``--exact`` every question is answered again at every line
instead (slower, and exact where a line decides more than a cut: two units answered together, each named study's
best unit).
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.score_set import MAX_CHARS, Tally, expected, in_half, tally, with_studies
from bot import search
from bot.evidence import Evidence
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.render_text import to_plain

LINES = [round(0.40 + 0.01 * step, 2) for step in range(46)]


@dataclass(frozen=True)
class Outcome:
    """One question answered with the line at zero: its confidence, and whether the answer given was right."""

    confidence: float
    answered: bool
    right_if_answered: bool
    out_of_scope: bool


def read_set(spec: str) -> list[dict]:
    """The questions of ``FILE`` or of one half of it, ``FILE:looked`` or ``FILE:unseen``."""
    path, _, half = spec.rpartition(":") if spec.endswith((":looked", ":unseen")) else (spec, "", "")
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [item for item in items if in_half(item["q"], half or None)]


def exact_rows(groups: list[tuple[Evidence, list[dict]]]) -> list[tuple[float, float, float]]:
    """(line, overall, wrong-when-answered) with every question answered again at every line."""
    saved = search.ANSWER_AT
    rows = []
    try:
        for line in LINES:
            search.ANSWER_AT = line
            counted = sum((tally(evidence, items) for evidence, items in groups), Tally())
            rows.append((line, counted.overall, counted.wrong_when_answered))
    finally:
        search.ANSWER_AT = saved
    return rows


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
    return best_row([(line, *score(found, line)) for line in LINES], max_wrong)


def best_row(rows: list[tuple[float, float, float]], max_wrong: float) -> tuple[float, float, float]:
    """The row with the best overall score among those whose wrong-when-answered is at most ``max_wrong``; of lines
    that tie on it, the one with fewer wrong answers (then the lower line)."""
    allowed = [row for row in rows if row[2] <= max_wrong] or rows
    return max(allowed, key=lambda row: (round(row[1], 3), -round(row[2], 3), -row[0]))


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
    parser.add_argument("fit", nargs="+", help="question sets the line is fitted on (FILE or FILE:looked)")
    parser.add_argument("--held-out", nargs="*", default=[], help="sets scored at the chosen line only")
    parser.add_argument("--study-set", nargs=2, action="append", default=[], metavar=("STUDY", "QUESTIONS"),
                        help="questions about a study dropped into a copy of the knowledge base (repeatable)")
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--max-wrong", type=float, default=0.03, help="wrong-when-answered allowed (default 0.03)")
    parser.add_argument("--exact", action="store_true", help="answer every question again at every line")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2",
                        help="also try these values of a bot.search constant (repeatable); prints the best of each")
    args = parser.parse_args()
    kb = load_knowledge(args.knowledge)
    fit_sets = [read_set(spec) for spec in args.fit]
    if args.grid:
        search_grid(kb, fit_sets, args.grid, args.max_wrong)
    evidence = Evidence(kb)
    with tempfile.TemporaryDirectory() as folder:
        groups = [(evidence, [item for items in fit_sets for item in items])] + [
            (Evidence(with_studies(Path(folder) / str(number), [Path(study)], args.knowledge)), read_set(questions))
            for number, (study, questions) in enumerate(args.study_set)]
    if args.exact:
        rows = exact_rows(groups)
    else:
        fit = [o for group_evidence, items in groups for o in outcomes(group_evidence, items)]
        rows = [(line, *score(fit, line)) for line in LINES]
    print(f"{'line':>6} {'overall':>8} {'wrong':>7}   (fitted on {sum(len(items) for _, items in groups)} questions)")
    for line, overall, wrong in rows:
        print(f"{line:>6.2f} {overall:>8.3f} {wrong:>7.3f}")
    chosen = best_row(rows, args.max_wrong)
    print(f"\nchosen line {chosen[0]:.2f} (current ANSWER_AT {search.ANSWER_AT}): overall {chosen[1]:.3f}, "
          f"wrong-when-answered {chosen[2]:.3f}")
    for spec in args.held_out:
        held = read_set(spec)
        saved, search.ANSWER_AT = search.ANSWER_AT, chosen[0]
        try:
            counted = tally(evidence, held)
        finally:
            search.ANSWER_AT = saved
        print(f"held out {spec}: overall {counted.overall:.3f}, wrong-when-answered {counted.wrong_when_answered:.3f} "
              f"({len(held)} questions)")


if __name__ == "__main__":
    main()
