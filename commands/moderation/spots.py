"""What /kb edit, add and remove point at: a :class:`Spot` in the knowledge base, carried as an autocomplete value.

A spot travels through Discord as the text of its autocomplete choice ('figure:cheston-2013/tools/0',
'synonym:facebook') and comes back as the option's value, so :attr:`Spot.value` and :func:`parse_spot` are a wire
format: they must stay exactly as they are for choices a member picked before the bot restarted.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from discord import app_commands
from rapidfuzz import fuzz, process

from bot.editing import (
    EditError,
    Editor,
    Proposal,
    edit_limitation,
    edit_synonym,
    remove_finding,
    remove_source,
    remove_stat,
)
from bot.knowledge import KnowledgeBase
from bot.render_discord import shorten

CHOICES_LIMIT = 25
CHOICE_LIMIT = 100


class Kind(StrEnum):
    """What a spot is; the value is the prefix of :attr:`Spot.value` and a choice of /kb add's ``kind``."""

    FIGURE = "figure"
    FINDING = "finding"
    LIMITATION = "limitation"
    SYNONYM = "synonym"
    SOURCE = "source"


EDITABLE = (Kind.FIGURE, Kind.FINDING, Kind.LIMITATION, Kind.SYNONYM)
ADDABLE = EDITABLE
ADD_TO = (Kind.FINDING, Kind.SOURCE)
REMOVABLE = (Kind.SOURCE, Kind.FINDING, Kind.FIGURE, Kind.LIMITATION, Kind.SYNONYM)


@dataclass(frozen=True)
class Spot:
    """A place in the knowledge base an edit points at; ``value`` is how an autocomplete choice carries it."""

    kind: Kind
    source_id: str = ""
    finding_id: str = ""
    index: int = -1
    term: str = ""

    @property
    def value(self) -> str:
        """The autocomplete value: 'figure:cheston-2013/tools/0', 'synonym:facebook', ..."""
        if self.kind is Kind.FIGURE:
            return f"figure:{self.source_id}/{self.finding_id}/{self.index}"
        if self.kind is Kind.FINDING:
            return f"finding:{self.source_id}/{self.finding_id}"
        if self.kind is Kind.LIMITATION:
            return f"limitation:{self.source_id}/{self.index}"
        if self.kind is Kind.SYNONYM:
            return f"synonym:{self.term}"
        return f"source:{self.source_id}"


def parse_spot(value: str) -> Spot:
    """The inverse of :attr:`Spot.value`; EditError for anything else."""
    prefix, _, rest = value.partition(":")
    parts = rest.split("/")
    try:
        kind = Kind(prefix)
        if kind is Kind.FIGURE and len(parts) == 3:
            return Spot(kind, parts[0], parts[1], int(parts[2]))
        if kind is Kind.FINDING and len(parts) == 2:
            return Spot(kind, parts[0], parts[1])
        if kind is Kind.LIMITATION and len(parts) == 2:
            return Spot(kind, parts[0], index=int(parts[1]))
        if kind is Kind.SYNONYM and rest:
            return Spot(kind, "vocabulary", term=rest)
        if kind is Kind.SOURCE and rest:
            return Spot(kind, rest)
    except ValueError:
        pass
    raise EditError(f"'{value}' is not something to edit: pick one from the list as you type")


def spots(kb: KnowledgeBase, kinds: Collection[Kind]) -> list[tuple[str, Spot]]:
    """Every place of the given kinds, with a name for the autocomplete list."""
    out: list[tuple[str, Spot]] = []
    for source in kb.sources:
        if Kind.SOURCE in kinds:
            out.append((f"Source: {source.short_name} ({source.id})", Spot(Kind.SOURCE, source.id)))
        for finding in source.findings:
            if Kind.FINDING in kinds:
                out.append((f"Finding: {finding.topic} ({source.short_name})",
                            Spot(Kind.FINDING, source.id, finding.id)))
            if Kind.FIGURE in kinds:
                out += [(f"Figure: {stat.label} {stat.value} ({finding.topic}, {source.short_name})",
                         Spot(Kind.FIGURE, source.id, finding.id, index)) for index, stat in enumerate(finding.stats)]
        if Kind.LIMITATION in kinds:
            out += [(f"Limitation of {source.short_name}: {text}", Spot(Kind.LIMITATION, source.id, index=index))
                    for index, text in enumerate(source.limitations)]
    if Kind.SYNONYM in kinds:
        out += [(f"Synonym: {term} = {', '.join(variants)}", Spot(Kind.SYNONYM, "vocabulary", term=term))
                for term, variants in kb.vocabulary.synonyms.items()]
    return out


def choices_for(kb: KnowledgeBase, kinds: Collection[Kind], current: str) -> list[app_commands.Choice[str]]:
    """At most 25 places whose names best match what is typed."""
    named = [(name, spot) for name, spot in spots(kb, kinds) if len(spot.value) <= CHOICE_LIMIT]
    if current.strip():
        hits = process.extract(current, [name for name, _ in named], scorer=fuzz.WRatio, limit=CHOICES_LIMIT,
                               score_cutoff=40)
        named = [named[index] for _, _, index in hits]
    return [app_commands.Choice(name=shorten(name, CHOICE_LIMIT), value=spot.value)
            for name, spot in named[:CHOICES_LIMIT]]


def removal(editor: Editor, spot: Spot) -> Proposal:
    """The proposal that removes ``spot``."""
    if spot.kind is Kind.SOURCE:
        return remove_source(editor, spot.source_id)
    if spot.kind is Kind.FIGURE:
        return editor.change(spot.source_id, lambda d: remove_stat(d, spot.finding_id, spot.index), "remove")
    if spot.kind is Kind.FINDING:
        return editor.change(spot.source_id, lambda d: remove_finding(d, spot.finding_id), "remove")
    if spot.kind is Kind.LIMITATION:
        return editor.change(spot.source_id, lambda d: edit_limitation(d, spot.index, ""), "remove")
    return editor.change("vocabulary", lambda d: edit_synonym(d, spot.term, ""), "remove")
