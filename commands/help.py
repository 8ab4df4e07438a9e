"""/help (how to ask, how to read an answer, what the bot knows) and /about (the knowledge base, its date and size)."""

from __future__ import annotations

import datetime
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import MedEdBot
from bot.evidence import Evidence
from bot.render_discord import COLOURS, FIELD_VALUE_LIMIT, NO_MENTIONS, Tone, fit_embed, shorten

HOW_TO_ASK = """\
**/ask** `question`: in your own words, e.g. *which social media tools were used most?*
**/stats** `topic`: every figure of one topic (`chart:true` adds a chart for slides)
**/study**, **/limitations**, **/cite** `study` (`all` gives a reference list; BibTeX and RIS come as a file)
**/quiz ask** `topic`: a question to test yourself; **/quiz round** for a journal club; **/quiz leaderboard**
Or mention the bot: @MedEd Evidence Bot what % of ICEM speakers were on LinkedIn?"""

READING = """\
**Figures** are exactly as the source states them (71%, <1%, >400), with what they are a share of.
**derived**: a count the bot computed from a percentage and its denominator (71% of 14 studies = 10); \
the source states only the percentage.
**Bars** (██▌) show a percentage's length out of 100%; they are never a new figure.
**▶** marks the figure you asked about, beside the others of the same finding.
**Colours**: teal an answer, gold not found (with the closest findings to pick), blurple a citation, red an error."""

ON_A_PHONE = ("Long-press a message that asks a question, then Apps > **Find evidence**. On a computer: right-click > "
              "Apps > Find evidence. Private results have **Share in channel**; your public replies have **Delete**.")


def example_questions(evidence: Evidence) -> list[tuple[str, str]]:
    """For each source with findings, one example question per topic, made from the knowledge base itself."""
    examples = []
    for source in evidence.kb.studies_first:
        lines = [f"• {finding.topic}: *{finding.stats[0].label} in {source.short_name}?*"
                 for finding in source.findings if finding.stats]
        if lines:
            examples.append((f"Try, from {source.short_name}", shorten("\n".join(lines), FIELD_VALUE_LIMIT)))
    return examples


def sources_list(evidence: Evidence) -> str:
    """'• Cheston et al. 2013: Social media use in ... (study)', one a line."""
    return shorten("\n".join(f"• **{s.short_name}**: {s.title} ({s.kind})" for s in evidence.kb.studies_first),
                   FIELD_VALUE_LIMIT)


def last_changed(knowledge_dir: Path) -> datetime.datetime | None:
    """When a file of the knowledge base was last changed (the newest modification time of its YAML files)."""
    times = [path.stat().st_mtime for path in knowledge_dir.glob("*.y*ml")]
    return datetime.datetime.fromtimestamp(max(times), datetime.UTC) if times else None


class Help(commands.Cog):
    """/help and /about."""

    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help_command(self, interaction: discord.Interaction) -> None:
        """How to ask the bot, how to read its answers, and what it knows."""
        evidence = self.bot.evidence
        embed = discord.Embed(title="MedEd Evidence Bot", colour=COLOURS[Tone.GUIDE],
                              description="Answers from the research on social media in medical education, with "
                                          "the exact figures, their caveats and a citation.")
        embed.add_field(name="How to ask", value=HOW_TO_ASK, inline=False)
        embed.add_field(name="Reading an answer", value=READING, inline=False)
        embed.add_field(name="Sources", value=sources_list(evidence), inline=False)
        for name, value in example_questions(evidence):
            embed.add_field(name=name, value=value, inline=False)
        embed.add_field(name="On a phone", value=ON_A_PHONE, inline=False)
        await interaction.response.send_message(embed=fit_embed(embed), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command()
    async def about(self, interaction: discord.Interaction) -> None:
        """The knowledge base: when it last changed, its sources and their size; how long the bot has been up."""
        kb = self.bot.evidence.kb
        embed = discord.Embed(title="About MedEd Evidence Bot", colour=COLOURS[Tone.GUIDE])
        changed = last_changed(self.bot.settings.knowledge_dir)
        embed.add_field(name="Knowledge base last changed",
                        value=discord.utils.format_dt(changed, "D") if changed else "unknown", inline=False)
        embed.add_field(name="Sources", value=f"{len(kb.sources)} ({len(kb.studies)} studies)")
        embed.add_field(name="Findings", value=str(sum(len(s.findings) for s in kb.sources)))
        embed.add_field(name="Figures", value=str(sum(len(f.stats) for s in kb.sources for f in s.findings)))
        per_source = "\n".join(
            f"• **{s.short_name}**: {len(s.findings)} findings, {sum(len(f.stats) for f in s.findings)} figures"
            for s in kb.studies_first)
        embed.add_field(name="Each source", value=shorten(per_source, FIELD_VALUE_LIMIT), inline=False)
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
    """Load the cog (discord.py extension entry point)."""
    await bot.add_cog(Help(bot))
