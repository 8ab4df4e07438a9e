"""One study at a time: /study, /limitations and /cite (which also gives a reference list of every source)."""

from __future__ import annotations

import io
from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import Answer
from bot.citations import STYLES, reference_list, style_named
from bot.client import MedEdBot
from bot.evidence import NotFound
from bot.render_discord import DESCRIPTION_LIMIT, NO_MENTIONS, citation_embed, shorten
from commands.replies import send_answer, send_notice

STYLE_CHOICES = [app_commands.Choice(name=style.name, value=key) for key, style in STYLES.items()]
ALL = "all"
ALL_CHOICE = app_commands.Choice(name="All sources (a reference list)", value=ALL)
CHOICES_LIMIT = 25


class Studies(commands.Cog):
    """/study, /limitations and /cite."""

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
    @app_commands.describe(study="The study, or 'all' for a reference list of every source",
                           style="Citation style (default AMA, 11th edition)")
    @app_commands.choices(style=STYLE_CHOICES)
    async def cite(self, interaction: discord.Interaction, study: str,
                   style: app_commands.Choice[str] | None = None) -> None:
        """Cite a study, or every source, in AMA, Vancouver, APA, BibTeX or RIS (those two also as a file)."""
        chosen = style_named(style.value if style else STYLE_CHOICES[0].value)
        kb = self.bot.evidence.kb
        if study.strip().lower() == ALL:
            sources, title, stem = kb.studies_first, f"Reference list ({chosen.name})", "references"
        else:
            try:
                source = self.bot.evidence.source(study)
            except NotFound as miss:
                await send_notice(interaction, "No such study", f"{miss}, or 'all' for every source")
                return
            sources, title, stem = (source,), f"{source.short_name} ({chosen.name})", source.id
        text = reference_list(sources, chosen.key) if len(sources) > 1 else chosen.cite(sources[0])
        extra = {}
        if chosen.file_extension or len(text) > DESCRIPTION_LIMIT - 10:
            data = reference_list(sources, chosen.key) if chosen.file_extension else text + "\n"
            extension = chosen.file_extension or "txt"
            extra["file"] = discord.File(io.BytesIO(data.encode()), filename=f"{stem}.{extension}",
                                         description=f"{title}, to import into a reference manager")
        await interaction.response.send_message(embed=citation_embed(title, text, bool(chosen.file_extension)),
                                                allowed_mentions=NO_MENTIONS, **extra)

    @study.autocomplete("study")
    @limitations.autocomplete("study")
    async def complete_study(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Sources whose id, name or title holds what has been typed (id and name matches first), from memory."""
        return self.matching_studies(current)[:CHOICES_LIMIT]

    @cite.autocomplete("study")
    async def complete_citable(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """The matching sources, and 'all' (a reference list) when what has been typed fits it."""
        everything = [ALL_CHOICE] if current.strip().lower() in ALL or "all" in current.lower() else []
        return (self.matching_studies(current) + everything)[:CHOICES_LIMIT]

    def matching_studies(self, current: str) -> list[app_commands.Choice[str]]:
        """Sources whose id, name or title holds ``current``, id and name matches first."""
        typed = current.strip().lower()
        named = [s for s in self.bot.evidence.kb.sources if typed in s.id or typed in s.short_name.lower()]
        titled = [s for s in self.bot.evidence.kb.sources if s not in named and typed in s.title.lower()]
        return [app_commands.Choice(name=shorten(f"{s.short_name}: {s.title}", 100), value=s.id)
                for s in named + titled]


async def setup(bot: MedEdBot) -> None:
    """Load the cog (discord.py extension entry point)."""
    await bot.add_cog(Studies(bot))
