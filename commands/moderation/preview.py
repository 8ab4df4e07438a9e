"""Every change is previewed first: its YAML diff with Confirm and Cancel, which only the moderator who opened it
may press. Nothing is written before Confirm; a preview expires after 15 minutes, or when the bot restarts."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import discord

from bot.changes import Changes
from bot.client import MedEdBot
from bot.editing import Applied, Proposal
from bot.render_discord import Tone, notice_embed, shorten
from commands.moderation.permissions import check_opener
from commands.replies import send_notice

if TYPE_CHECKING:
    from commands.moderation.cog import Moderation

PREVIEW_SECONDS = 15 * 60
DIFF_LIMIT = 3800


@dataclass(frozen=True)
class Pending:
    """A previewed change waiting for its opener's Confirm."""

    proposal: Proposal
    reason: str
    opener_id: int
    expires: float


class Previews:
    """The changes waiting for Confirm, by the token their buttons carry (in memory: a restart forgets them)."""

    def __init__(self) -> None:
        self._waiting: dict[str, Pending] = {}

    def add(self, proposal: Proposal, reason: str, opener_id: int) -> str:
        """Keep a change for :data:`PREVIEW_SECONDS` (forgetting expired ones) and return its token."""
        token = secrets.token_hex(8)
        now = time.monotonic()
        self._waiting = {key: pending for key, pending in self._waiting.items() if pending.expires > now}
        self._waiting[token] = Pending(proposal, reason, opener_id, now + PREVIEW_SECONDS)
        return token

    def get(self, token: str) -> Pending | None:
        """The change behind ``token``, or None when it expired or was never kept."""
        pending = self._waiting.get(token)
        if pending is None or pending.expires < time.monotonic():
            return None
        return pending

    def take(self, token: str) -> Pending:
        """Remove the change behind ``token`` and return it, to be written."""
        return self._waiting.pop(token)

    def drop(self, token: str) -> None:
        """Forget the change behind ``token`` (cancelled)."""
        self._waiting.pop(token, None)


class PreviewButton(discord.ui.DynamicItem[discord.ui.Button],
                    template=r"medbot:kb:(?P<act>confirm|cancel):(?P<token>[0-9a-f]{16})"):
    """Confirm or Cancel under a preview. The custom id names the pending change, so a click is routed even before
    the bot has seen its own message; after a restart the change is gone and the click says so."""

    def __init__(self, act: str, token: str) -> None:
        confirm = act == "confirm"
        super().__init__(discord.ui.Button(
            label="Confirm" if confirm else "Cancel", custom_id=f"medbot:kb:{act}:{token}",
            style=discord.ButtonStyle.success if confirm else discord.ButtonStyle.secondary))
        self.act, self.token = act, token

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> PreviewButton:
        """The button as it was sent."""
        return cls(match["act"], match["token"])

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Only the opener, still a moderator, may confirm or cancel."""
        cog = cast("Moderation | None", interaction.client.get_cog("Moderation"))
        pending = cog.previews.get(self.token) if cog is not None else None
        if cog is None or pending is None:
            await send_notice(interaction, "Expired", "This preview has expired (or the bot restarted); nothing was "
                              "written. Run the command again.", Tone.ERROR)
            return
        if not await check_opener(interaction, pending.opener_id):
            return
        if self.act == "cancel":
            cog.previews.drop(self.token)
            await interaction.response.edit_message(
                embed=notice_embed("Cancelled", "Nothing was written.", Tone.GUIDE), view=None)
            return
        await cog.confirm(interaction, self.token)


def preview_view(token: str) -> discord.ui.View:
    """Confirm and Cancel for the change behind ``token``; DynamicItems, so the view needs no timeout."""
    view = discord.ui.View(timeout=None)
    view.add_item(PreviewButton("confirm", token))
    view.add_item(PreviewButton("cancel", token))
    return view


def diff_embed(proposal: Proposal, reason: str, opener: discord.abc.User) -> discord.Embed:
    """The preview: the change as a YAML diff, the reason, who may confirm."""
    diff = proposal.diff() or "(no line changes)"
    if len(diff) > DIFF_LIMIT:
        diff = diff[:DIFF_LIMIT].rsplit("\n", 1)[0] + "\n… (the rest of the diff is cut)"
    embed = discord.Embed(title=shorten(f"Preview: {proposal.summary}", 256),
                          description=f"```diff\n{diff.replace('```', 'ʼʼʼ')}\n```", colour=discord.Colour.orange())
    embed.add_field(name="File", value=proposal.file.name, inline=True)
    embed.add_field(name="Reason", value=shorten(reason, 1024) or "-", inline=True)
    embed.set_footer(text=f"Only {opener.display_name} can confirm. Nothing is written until then.")
    return embed


def applied_embed(applied: Applied, changes: Changes) -> discord.Embed:
    """What was written: the revision, what changed, how to undo it."""
    revision = applied.revision
    lines = [f"**Revision {revision.id}**: {revision.summary}", f"Reason: {revision.reason}"]
    lines += [f"`{line}`" for line in changes.lines()[:10]]
    lines.append(f"Undo with `/kb undo revision:{revision.id}`.")
    if applied.warning:
        lines.append(f"Note: {applied.warning}")
    return notice_embed("Written", "\n".join(lines), Tone.ANSWER)
