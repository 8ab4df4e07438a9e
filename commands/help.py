"""/help (what to ask and how) and /about (knowledge-base version, counts, uptime)."""

from __future__ import annotations

import datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import MedEdBot
from bot.render_discord import NO_MENTIONS, fit_embed

HELP = """Ask in your own words and get the figures exactly as the studies state them, with caveats and a citation.
**/ask** `question`: e.g. which social media tools were used most in medical education?
**/stats** `topic`: every figure on one topic: tools, aims, opportunities, challenges, speakers, tweets
(add `chart:true` for a PNG chart)
**/study** `study`: a whole study. **/limitations** `study`: what its authors say it cannot show
**/cite** `study` `style`: AMA, Vancouver, APA, BibTeX or RIS
**Find evidence**: right-click a message > Apps > Find evidence, to answer the question in it
Or mention the bot: @MedEd Bot what % of studies used blogs?
When something is not in the knowledge base the bot says so and suggests the closest findings."""


class Help(commands.Cog):
    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help_command(self, interaction: discord.Interaction) -> None:
        """How to ask the bot, and what it knows."""
        embed = discord.Embed(title="MedEd Evidence Bot", description=HELP, colour=discord.Colour.teal())
        await interaction.response.send_message(embed=fit_embed(embed), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command()
    async def about(self, interaction: discord.Interaction) -> None:
        """The knowledge base's version and size, and how long the bot has been up."""
        kb = self.bot.evidence.kb
        embed = discord.Embed(title="About MedEd Evidence Bot", colour=discord.Colour.teal())
        embed.add_field(name="Knowledge base", value=f"version `{kb.version[:12] or 'unknown'}`")
        embed.add_field(name="Sources", value=f"{len(kb.sources)} ({len(kb.studies)} studies)")
        embed.add_field(name="Findings", value=str(sum(len(s.findings) for s in kb.sources)))
        embed.add_field(name="Figures", value=str(sum(len(f.stats) for s in kb.sources for f in s.findings)))
        since = discord.utils.format_dt(self.bot.started_at, "f")
        embed.add_field(name="Uptime", value=f"{uptime(discord.utils.utcnow() - self.bot.started_at)} (since {since})")
        await interaction.response.send_message(embed=fit_embed(embed), ephemeral=True, allowed_mentions=NO_MENTIONS)


def uptime(elapsed: datetime.timedelta) -> str:
    """'3 d 4 h 5 min', '12 min', '0 min'."""
    minutes = int(elapsed.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min"]
    return " ".join(p for p in parts if p)


async def setup(bot: MedEdBot) -> None:
    await bot.add_cog(Help(bot))
