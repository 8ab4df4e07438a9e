"""/kb history: the revisions, newest first, a page at a time, with Newer and Older for the moderator who asked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

import discord

from bot.client import MedEdBot
from bot.render_discord import Tone, notice_embed, shorten
from commands.moderation.permissions import check_opener

if TYPE_CHECKING:
    from commands.moderation.cog import Moderation

HISTORY_PAGE = 8
SOURCE_IN_ID_LIMIT = 40


class HistoryButton(discord.ui.DynamicItem[discord.ui.Button],
                    template=r"medbot:kbh:(?P<opener>\d+):(?P<page>\d+):(?P<source>[\w-]*)"):
    """Newer and Older under /kb history: the custom id carries who opened it, the page and the source."""

    def __init__(self, label: str, opener_id: int, page: int, source: str, disabled: bool = False) -> None:
        super().__init__(discord.ui.Button(label=label, custom_id=f"medbot:kbh:{opener_id}:{page}:{source}",
                                           disabled=disabled, style=discord.ButtonStyle.secondary))
        self.opener_id, self.page, self.source = opener_id, page, source

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> HistoryButton:
        """The button as it was sent."""
        return cls(item.label or "", int(match["opener"]), int(match["page"]), match["source"])

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Show the page this button leads to."""
        cog = cast("Moderation | None", interaction.client.get_cog("Moderation"))
        if cog is None or not await check_opener(interaction, self.opener_id):
            return
        embed, view = await history_page(cog, self.opener_id, self.source or None, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


async def history_page(cog: Moderation, opener_id: int, source: str | None, page: int
                       ) -> tuple[discord.Embed, discord.ui.View | None]:
    """One page of revisions, with Newer and Older when there is more than one page (and the source fits in a
    custom id)."""
    total = await cog.in_editor(lambda editor: editor.state.count_revisions(source))
    embed = await history_embed(cog, source, page, total)
    if total <= HISTORY_PAGE or (source and len(source) > SOURCE_IN_ID_LIMIT):
        return embed, None
    view = discord.ui.View(timeout=None)
    view.add_item(HistoryButton("Newer", opener_id, max(page - 1, 0), source or "", disabled=page == 0))
    view.add_item(HistoryButton("Older", opener_id, page + 1, source or "",
                                disabled=(page + 1) * HISTORY_PAGE >= total))
    return embed, view


async def history_embed(cog: Moderation, source: str | None, page: int, total: int) -> discord.Embed:
    """One page of revisions."""
    revisions = await cog.in_editor(lambda editor: editor.state.revisions(source, HISTORY_PAGE, page * HISTORY_PAGE))
    lines = [f"**{r.id}** · {r.at[:16].replace('T', ' ')} UTC · {discord.utils.escape_markdown(r.who)}\n"
             f"{shorten(r.summary, 300)}" + (f" — _{shorten(r.reason, 200)}_" if r.reason else "")
             for r in revisions]
    pages = max(1, -(-total // HISTORY_PAGE))
    embed = notice_embed(f"History{' of ' + source if source else ''}",
                         "\n\n".join(lines) or "No revisions yet.", Tone.GUIDE)
    embed.set_footer(text=f"Page {page + 1} of {pages} · {total} revision(s) · undo with /kb undo")
    return embed
