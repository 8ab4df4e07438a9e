"""The forms of /kb edit and /kb add: a modal of text boxes (prefilled with the current values when editing), plus
the reason; submitting it previews the change it builds."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.client import MedEdBot
from bot.editing import (
    EditError,
    Editor,
    Proposal,
    add_finding,
    add_stat,
    canonical_yaml,
    edit_finding,
    edit_limitation,
    edit_stat,
    edit_synonym,
    find_finding,
)
from bot.render_discord import shorten
from commands.moderation.permissions import check_moderator
from commands.moderation.preview import PREVIEW_SECONDS
from commands.moderation.spots import Kind, Spot, parse_spot

if TYPE_CHECKING:
    from commands.moderation.cog import Moderation

INPUT_LIMIT = 4000
MODAL_TITLE_LIMIT = 45
BOX_LABEL_LIMIT = 45

#: What a form does with its boxes' values: build the change to preview.
Build = Callable[[dict[str, str]], Callable[[Editor], Proposal]]


@dataclass(frozen=True)
class Box:
    """One text box of a modal."""

    key: str
    label: str
    default: str = ""
    required: bool = True
    long: bool = False


class EditModal(discord.ui.Modal):
    """The fields of an edit, prefilled with the current values, plus the reason; submitting shows the preview."""

    def __init__(self, cog: Moderation, title: str, boxes: list[Box], build: Build) -> None:
        super().__init__(title=shorten(title, MODAL_TITLE_LIMIT), timeout=PREVIEW_SECONDS)
        self.cog, self.build = cog, build
        self.inputs: dict[str, discord.ui.TextInput] = {}
        for box in [*boxes, Box("reason", "Reason (kept in the history)", required=True)]:
            field: discord.ui.TextInput = discord.ui.TextInput(
                label=shorten(box.label, BOX_LABEL_LIMIT), custom_id=box.key,
                default=box.default[:INPUT_LIMIT] or None, required=box.required,
                style=discord.TextStyle.paragraph if box.long else discord.TextStyle.short, max_length=INPUT_LIMIT)
            self.inputs[box.key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Check again, then preview the change."""
        if not await check_moderator(interaction):
            return
        values = {key: field.value or "" for key, field in self.inputs.items()}
        await self.cog.preview(interaction, self.build(values), values["reason"])

    async def on_error(self, interaction: discord.Interaction[MedEdBot], error: Exception) -> None:
        """An unexpected error reaches the bot's handler, which logs it and tells the moderator."""
        await interaction.client.on_app_command_error(interaction, error)


async def edit_form(cog: Moderation, spot: Spot) -> EditModal:
    """The form for ``spot``, prefilled from the file as it is now (the version the edit is made against)."""
    if spot.kind is Kind.SOURCE:
        raise EditError(f"a whole source has no form: /kb export gives its file ({spot.source_id}.yaml), and "
                        "/kb import takes it back changed")
    path, data, base = await cog.in_editor(lambda editor: editor.open(spot.source_id))

    def against(mutate: Callable[[dict[str, Any]], str]) -> Callable[[Editor], Proposal]:
        def make(editor: Editor) -> Proposal:
            changed = copy.deepcopy(data)
            summary = mutate(changed)
            return editor.propose(path, canonical_yaml(changed), "edit", summary, base)

        return make

    if spot.kind is Kind.FIGURE:
        stat = _stat_data(data, spot)
        boxes = [Box("label", "Label", str(stat.get("label", ""))),
                 Box("value", "Value, as the source writes it", str(stat.get("value", ""))),
                 Box("note", "Note (optional)", str(stat.get("note") or ""), required=False, long=True)]
        return EditModal(cog, f"Edit figure {stat.get('label')}", boxes, lambda v: against(
            lambda d: edit_stat(d, spot.finding_id, spot.index, v["label"], v["value"], v["note"])))
    if spot.kind is Kind.FINDING:
        finding = find_finding(data, spot.finding_id)
        boxes = [Box("topic", "Topic", str(finding.get("topic", ""))),
                 Box("aliases", "Aliases (comma-separated)", ", ".join(map(str, finding.get("aliases") or [])),
                     required=False)]
        return EditModal(cog, f"Edit finding {spot.finding_id}", boxes, lambda v: against(
            lambda d: edit_finding(d, spot.finding_id, v["topic"], v["aliases"])))
    if spot.kind is Kind.LIMITATION:
        limitations = data.get("limitations") or []
        if not 0 <= spot.index < len(limitations):
            raise EditError("that limitation is gone; reload the list")
        boxes = [Box("text", "Limitation (empty removes it)", str(limitations[spot.index]), required=False,
                     long=True)]
        return EditModal(cog, f"Edit a limitation of {spot.source_id}", boxes, lambda v: against(
            lambda d: edit_limitation(d, spot.index, v["text"])))
    # A synonym.
    variants = (data.get("synonyms") or {}).get(spot.term)
    if variants is None:
        raise EditError(f"the vocabulary has no synonym '{spot.term}'")
    boxes = [Box("variants", f"Words for '{spot.term}' (comma-separated)", ", ".join(map(str, variants)),
                 required=False, long=True)]
    return EditModal(cog, f"Edit synonym {spot.term}", boxes, lambda v: against(
        lambda d: edit_synonym(d, spot.term, v["variants"])))


def add_form(cog: Moderation, kind: Kind, where: str) -> EditModal:
    """The form to add a ``kind`` at ``where`` (a finding for a figure, a source or finding otherwise)."""
    if kind is Kind.SYNONYM:
        boxes = [Box("term", "Term as the knowledge base words it"),
                 Box("variants", "Words members use (comma-separated)", long=True)]
        return EditModal(cog, "Add a synonym", boxes, lambda v: lambda editor: editor.change(
            "vocabulary", lambda d: edit_synonym(d, v["term"], v["variants"]), "add"))
    spot = parse_spot(where) if where else None
    if kind is Kind.FIGURE:
        if spot is None or spot.kind is not Kind.FINDING:
            raise EditError("for a figure, choose its finding in 'where'")
        boxes = [Box("label", "Label"), Box("value", "Value, as the source writes it (71%, <1%, 4,500)")]
        return EditModal(cog, f"Add a figure to {spot.finding_id}", boxes, lambda v: lambda editor: editor.change(
            spot.source_id, lambda d: add_stat(d, spot.finding_id, v["label"], v["value"]), "add"))
    if spot is None or spot.kind not in (Kind.SOURCE, Kind.FINDING):
        raise EditError(f"for a {kind}, choose its source in 'where'")
    if kind is Kind.FINDING:
        boxes = [Box("id", "Id (lowercase-with-hyphens)"), Box("topic", "Topic"), Box("label", "First figure: label"),
                 Box("value", "First figure: value as written")]
        return EditModal(cog, f"Add a finding to {spot.source_id}", boxes, lambda v: lambda editor: editor.change(
            spot.source_id, lambda d: add_finding(d, v["id"], v["topic"], v["label"], v["value"]), "add"))
    boxes = [Box("text", "Limitation", long=True)]
    return EditModal(cog, f"Add a limitation to {spot.source_id}", boxes, lambda v: lambda editor: editor.change(
        spot.source_id, lambda d: edit_limitation(d, None, v["text"]), "add"))


def _stat_data(data: dict[str, Any], spot: Spot) -> dict[str, Any]:
    """The figure ``spot`` points at, as the file holds it."""
    stats = find_finding(data, spot.finding_id).get("stats") or []
    if not 0 <= spot.index < len(stats):
        raise EditError("that figure is gone; reload the list")
    return stats[spot.index]
