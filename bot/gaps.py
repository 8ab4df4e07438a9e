"""What moderators should add: unanswered and reported questions, near-duplicates grouped, most frequent first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, utils

#: Two questions whose normalised words score at least this (token set ratio) are one gap.
SAME_QUESTION = 85


@dataclass
class Gap:
    """One question (as first asked), how often it and its near-duplicates came, and what was said."""

    question: str
    count: int = 0
    reported: int = 0
    unanswered: int = 0
    last_at: str = ""
    variants: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answer: str = ""

    def as_json(self) -> dict[str, Any]:
        """The gap as plain data for ``--json``."""
        return {"question": self.question, "count": self.count, "unanswered": self.unanswered,
                "reported": self.reported, "last_at": self.last_at, "variants": self.variants, "notes": self.notes,
                "answer": self.answer}


def group_gaps(rows: list[dict[str, Any]]) -> list[Gap]:
    """Group logged rows (see :meth:`bot.state.State.logged`) into gaps, most frequent first, then most recent."""
    gaps: list[tuple[str, Gap]] = []
    for row in rows:
        key = utils.default_process(row["question"])
        gap = next((g for k, g in gaps if k == key or fuzz.token_set_ratio(k, key) >= SAME_QUESTION), None)
        if gap is None:
            gap = Gap(row["question"])
            gaps.append((key, gap))
        elif row["question"] not in gap.variants and row["question"] != gap.question:
            gap.variants.append(row["question"])
        gap.count += 1
        if row["kind"] == "reported":
            gap.reported += 1
            gap.answer = gap.answer or row["answer"]
            if row["note"]:
                gap.notes.append(row["note"])
        else:
            gap.unanswered += 1
        gap.last_at = max(gap.last_at, row["at"])
    newest_first = sorted((g for _, g in gaps), key=lambda g: g.last_at, reverse=True)
    return sorted(newest_first, key=lambda g: g.count, reverse=True)
