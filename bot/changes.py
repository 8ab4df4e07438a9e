"""What changed between two knowledge bases, in moderators' words: findings and figures added, changed and removed."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge import KnowledgeBase
from bot.schema import Finding, Source, written_fields

#: The fields compared as a whole; findings (and their figures) and limitations get lines of their own.
FINDING_DETAILS = tuple(name for name in written_fields(Finding) if name not in ("id", "stats"))
SOURCE_DETAILS = tuple(name for name in written_fields(Source) if name not in ("id", "findings", "limitations"))


@dataclass
class Changes:
    """Lines saying what was added, changed and removed (empty when nothing was)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        """One line each, marked + (added), ~ (changed) and - (removed)."""
        return ([f"+ {line}" for line in self.added] + [f"~ {line}" for line in self.changed]
                + [f"- {line}" for line in self.removed])


def compare(old: KnowledgeBase, new: KnowledgeBase) -> Changes:
    """The differences from ``old`` to ``new``: sources, findings and each figure by its label."""
    changes = Changes()
    old_sources = {s.id: s for s in old.sources}
    new_sources = {s.id: s for s in new.sources}
    changes.added += [f"source {i}" for i in new_sources if i not in old_sources]
    changes.removed += [f"source {i}" for i in old_sources if i not in new_sources]
    for source_id in [i for i in new_sources if i in old_sources]:
        before, after = old_sources[source_id], new_sources[source_id]
        old_findings = {f.id: f for f in before.findings}
        new_findings = {f.id: f for f in after.findings}
        changes.added += [f"finding {source_id}/{i}" for i in new_findings if i not in old_findings]
        changes.removed += [f"finding {source_id}/{i}" for i in old_findings if i not in new_findings]
        for finding_id in [i for i in new_findings if i in old_findings]:
            key = f"{source_id}/{finding_id}"
            was, now = old_findings[finding_id], new_findings[finding_id]
            old_stats = {s.label: s for s in was.stats}
            new_stats = {s.label: s for s in now.stats}
            changes.added += [f"figure {key}/{label}: {s.value}" for label, s in new_stats.items()
                              if label not in old_stats]
            changes.removed += [f"figure {key}/{label}: {s.value}" for label, s in old_stats.items()
                                if label not in new_stats]
            for label in [label for label in new_stats if label in old_stats]:
                a, b = old_stats[label], new_stats[label]
                if a.value.text != b.value.text:
                    changes.changed.append(f"figure {key}/{label}: {a.value} -> {b.value}")
                elif a != b:
                    changes.changed.append(f"figure {key}/{label} (details)")
            if any(getattr(was, name) != getattr(now, name) for name in FINDING_DETAILS):
                changes.changed.append(f"finding {key}")
        if before.limitations != after.limitations:
            changes.changed.append(f"limitations of {source_id}")
        rest = [name for name in SOURCE_DETAILS if getattr(before, name) != getattr(after, name)]
        if rest:
            changes.changed.append(f"source {source_id} ({', '.join(rest)})")
    if old.vocabulary != new.vocabulary:
        changes.changed.append("vocabulary")
    return changes
