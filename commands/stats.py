"""/stats TOPIC: every figure of one finding group, optionally with a PNG bar chart."""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.chart import NoChart, bar_chart
from bot.client import MedEdBot
from bot.evidence import NotFound
from bot.render_discord import shorten
from commands.replies import cooldown, send_answer, send_notice

CHOICES_LIMIT = 25
CHOICE_LIMIT = 100


class Stats(commands.Cog):
    """/stats, with its topic autocomplete."""

    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot

    @app_commands.command()
    @app_commands.describe(topic="A topic such as tools, challenges, speakers or tweets",
                           chart="Attach a bar chart (PNG) for slides")
    @cooldown
    async def stats(self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 200],
                    chart: bool = False) -> None:
        """Every figure on one topic, with denominators, caveats and the citation."""
        try:
            found = self.bot.evidence.find_topic(topic)
        except NotFound as miss:
            await send_notice(interaction, "No such topic", str(miss))
            return
        answer = self.bot.evidence.stats(found.key)
        if not chart:
            await send_answer(interaction, answer)
            return
        await interaction.response.defer(thinking=True)
        try:
            png = await asyncio.to_thread(bar_chart, answer)
        except NoChart:
            await send_answer(interaction, answer)
            return
        name = found.key.replace("/", "-") + ".png"
        await send_answer(interaction, answer, file=discord.File(io.BytesIO(png), filename=name))

    @stats.autocomplete("topic")
    async def complete_topic(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Topics from memory (no I/O), well inside the 3-second window."""
        return [
            app_commands.Choice(name=shorten(topic.name, CHOICE_LIMIT), value=topic.key[:CHOICE_LIMIT])
            for topic in self.bot.evidence.complete_topic(current, limit=CHOICES_LIMIT)
        ]


async def setup(bot: MedEdBot) -> None:
    """Load the cog (discord.py extension entry point)."""
    await bot.add_cog(Stats(bot))
