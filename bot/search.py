"""Question -> the knowledge it asks about, or an abstention. (First cut: replaced by the full matcher.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from bot.answers import Target
from bot.knowledge import KnowledgeBase


@dataclass(frozen=True)
class Match:
    """What a question is about: ``targets`` (empty = abstain), with closest alternatives as ``suggestions``."""

    targets: list[Target]
    confidence: float = 0.0
    note: str = ""
    suggestions: list[Target] = field(default_factory=list)


class Matcher:
    def __init__(self, kb: KnowledgeBase, narrow: bool | None = None) -> None:
        self.units: list[tuple[str, Target]] = []
        for source in kb.sources:
            for finding in source.findings:
                for index, stat in enumerate(finding.stats):
                    text = f"{finding.topic} {stat.label} {source.short_name}"
                    self.units.append((utils.default_process(text), Target(source.id, "stat", finding.id, index)))
        self.texts = [text for text, _ in self.units]

    def match(self, question: str) -> Match:
        hits = process.extract(utils.default_process(question), self.texts, scorer=fuzz.token_set_ratio, limit=3)
        targets = [self.units[i][1] for _, score, i in hits if score >= 60]
        return Match(targets[:1], hits[0][1] / 100 if hits else 0.0, suggestions=targets[1:])
