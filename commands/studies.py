"""One study at a time: /study, /limitations and /cite."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import Answer
from bot.client import MedEdBot
from bot.evidence import NotFound
from bot.render_discord import NO_MENTIONS, notice_embed, shorten
from commands.replies import send_answer, send_notice

STYLES = [
    app_commands.Choice(name="AMA", value="ama"),
    app_commands.Choice(name="Vancouver", value="vancouver"),
    app_commands.Choice(name="APA", value="apa"),
    app_commands.Choice(name="BibTeX", value="bibtex"),
    app_commands.Choice(name="RIS", value="ris"),
]
CODE_STYLES = {"bibtex", "ris"}


class Studies(commands.Cog):
    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot

    @app_commands.command()
    @app_commands.describe(study="The study (start typing a name or year)")
    async def study(self, interaction: discord.Interaction, study: str) -> None:
        """A whole study: design, questions, every finding, limitations, conclusion."""
        await self.reply(interaction, lambda: self.bot.evidence.study(study), "No such study")

    @app_commands.command()
    @app_commands.describe(study="The study (start typing a name or year)")
    async def limitations(self, interaction: discord.Interaction, study: str) -> None:
        """The limitations the authors of a study report."""
        await self.reply(interaction, lambda: self.bot.evidence.limitations(study), "No limitations")

    @staticmethod
    async def reply(interaction: discord.Interaction, lookup: Callable[[], Answer], miss_title: str) -> None:
        """Send what ``lookup`` finds, or a private note naming what the knowledge base does hold."""
        try:
            answer = lookup()
        except NotFound as miss:
            await send_notice(interaction, miss_title, str(miss))
            return
        await send_answer(interaction, answer)

    @app_commands.command()
    @app_commands.describe(study="The study (start typing a name or year)", style="Citation style (default AMA)")
    @app_commands.choices(style=STYLES)
    async def cite(self, interaction: discord.Interaction, study: str,
                   style: app_commands.Choice[str] | None = None) -> None:
        """Cite a study in AMA, Vancouver, APA, BibTeX or RIS."""
        chosen = style or STYLES[0]
        try:
            name = self.bot.evidence.source(study).short_name
            text = self.bot.evidence.cite(study, chosen.value)
        except NotFound as miss:
            await send_notice(interaction, "No such study", str(miss))
            return
        body = f"```\n{text}\n```" if chosen.value in CODE_STYLES else text
        await interaction.response.send_message(embed=notice_embed(f"{name} ({chosen.name})", body),
                                                allowed_mentions=NO_MENTIONS)

    @study.autocomplete("study")
    @limitations.autocomplete("study")
    @cite.autocomplete("study")
    async def complete_study(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Sources whose id, name or title holds what has been typed (id and name matches first), from memory."""
        typed = current.strip().lower()
        named = [s for s in self.bot.evidence.kb.sources if typed in s.id or typed in s.short_name.lower()]
        titled = [s for s in self.bot.evidence.kb.sources if s not in named and typed in s.title.lower()]
        return [app_commands.Choice(name=shorten(f"{s.short_name}: {s.title}", 100), value=s.id)
                for s in named + titled][:25]


async def setup(bot: MedEdBot) -> None:
    await bot.add_cog(Studies(bot))
