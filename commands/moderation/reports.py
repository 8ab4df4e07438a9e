"""Members' "Wrong answer?" reports and the questions the bot could not answer, as /kb gaps shows them.

A report keeps the question and the answer it was about, and an optional note; never who sent it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.client import MedEdBot
from bot.gaps import Gap
from bot.render_discord import Tone, shorten
from commands.moderation.preview import PREVIEW_SECONDS
from commands.replies import send_notice

if TYPE_CHECKING:
    from commands.moderation.cog import Moderation

GAPS_SHOWN = 15


class ReportModal(discord.ui.Modal, title="Report a wrong answer"):
    """An optional note on what was wrong; the report keeps the question and the answer, never who sent it."""

    note: discord.ui.TextInput = discord.ui.TextInput(
        label="What is wrong? (optional)", custom_id="note", style=discord.TextStyle.paragraph, required=False,
        max_length=1000,
        placeholder="e.g. the source says 70%, not 71%")

    def __init__(self, cog: Moderation, question: str, answer: str) -> None:
        super().__init__(timeout=PREVIEW_SECONDS)
        self.cog, self.question, self.answer = cog, question, answer

    async def on_submit(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Log the report and thank the member privately."""
        await self.cog.record("reported", self.question, self.answer, self.note.value or "", interaction.guild_id)
        await send_notice(interaction, "Thank you", "Your report was passed to the moderators.", Tone.GUIDE)
        await self.cog.tell_moderators("Wrong answer reported",
                                       f"**Question:** {self.question or '(not shown)'}\n**Answer:** "
                                       f"{shorten(self.answer, 300)}\n**Note:** {self.note.value or '-'}")


def question_and_answer(message: discord.Message | None) -> tuple[str, str]:
    """The question (the quoted first line of an answer embed, or the message it replies to) and the answer given."""
    if message is None or not message.embeds:
        return "", ""
    embed = message.embeds[0]
    description = embed.description or ""
    first, _, rest = description.partition("\n")
    question = first[2:].strip() if first.startswith("> ") else ""
    body = rest if question else description
    if not question and message.reference is not None and isinstance(message.reference.resolved, discord.Message):
        question = message.reference.resolved.content
    answer = "\n".join(part for part in (embed.title or "", body.strip()) if part)
    return question[:2000], answer[:4000]


def gaps_text(gaps: list[Gap], logging_on: bool) -> str:
    """The most frequent gaps, each with its counts, other wordings and a note, for the /kb gaps embed."""
    lines = []
    for gap in gaps[:GAPS_SHOWN]:
        kinds = ", ".join(part for part in (f"{gap.unanswered} unanswered" if gap.unanswered else "",
                                            f"{gap.reported} reported" if gap.reported else "") if part)
        line = f"**{gap.count}×** {discord.utils.escape_markdown(shorten(gap.question, 200))} ({kinds})"
        if gap.variants:
            line += f"\n  also: {discord.utils.escape_markdown(shorten('; '.join(gap.variants), 200))}"
        if gap.notes:
            line += f"\n  note: {discord.utils.escape_markdown(shorten(gap.notes[0], 200))}"
        lines.append(line)
    text = "\n".join(lines) or "Nothing logged: every question was answered and nothing was reported."
    if not logging_on:
        text += "\n\nLogging is switched off (moderation.reports in config.yaml)."
    return text
