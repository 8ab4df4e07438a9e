"""Questions in members' own words: /ask, the "Find evidence" message menu, and messages that mention the bot."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import MedEdBot
from bot.render_discord import NO_MENTIONS, Tone, answer_embed, notice_embed
from commands.replies import answer_view, cooldown, send_answer, send_notice

QUESTION_LIMIT = 500
GREETINGS = {"hi", "hello", "hey", "hiya", "yo", "help", "thanks", "thank you", "ty", "good morning", "hi there",
             "hello there", "hey there", "what can you do", "who are you"}
GETTING_STARTED = (
    "Ask me about the research on social media in medical education, in your own words:\n"
    "• `/ask which social media tools were used most?`\n"
    "• `/stats tools` for every figure of one topic\n"
    "• or mention me: @MedEd Evidence Bot what % of ICEM speakers were on LinkedIn?\n"
    "`/help` shows what I know and how to read an answer."
)


def is_chit_chat(text: str) -> bool:
    """True for an empty message or a greeting ('hi', 'thanks!'): it gets the getting-started reply, not a miss."""
    words = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    return not words or words in GREETINGS


class Ask(commands.Cog):
    """/ask, the "Find evidence" context menu and mention replies."""

    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot
        self.find_evidence = app_commands.ContextMenu(name="Find evidence", callback=self.find_evidence_in)
        self.bot.tree.add_command(self.find_evidence)

    async def cog_unload(self) -> None:
        """Take the context menu off the command tree with the cog."""
        self.bot.tree.remove_command(self.find_evidence.name, type=self.find_evidence.type)

    @app_commands.command()
    @app_commands.describe(question="Your question, e.g. which social media tools were used most?")
    @cooldown
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, QUESTION_LIMIT]) -> None:
        """Ask what the research on social media in medical education found."""
        if is_chit_chat(question):
            await send_notice(interaction, "Getting started", GETTING_STARTED, Tone.GUIDE)
            return
        await send_answer(interaction, self.bot.evidence.ask(question), question=question)

    @cooldown
    async def find_evidence_in(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Answer the question in the message this menu was used on."""
        if not message.content.strip():
            await send_notice(interaction, "No question there", "That message has no text to look up.")
            return
        await send_answer(interaction, self.bot.evidence.ask(message.content), question=message.content)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """'@MedEd Bot what % of studies used blogs?' gets the /ask answer as a reply (a miss, briefly)."""
        if message.author.bot or self.bot.user is None or not mentions_me(message, self.bot.user.id):
            return
        question = strip_mentions(message.content, self.bot.user.id)
        if self.bot.cooldowns.update_rate_limit(message):
            return
        if is_chit_chat(question):
            await message.reply(embed=notice_embed("Getting started", GETTING_STARTED, Tone.GUIDE),
                                mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        answer = self.bot.evidence.ask(question)
        if not answer.answered:
            self.bot.dispatch("unanswered", question, answer.title, message.guild.id if message.guild else None)
        view = answer_view(self.bot, answer, private=False, asker_id=message.author.id)
        await message.reply(embed=answer_embed(answer, short=True), view=view, mention_author=False,
                            allowed_mentions=NO_MENTIONS)


def mentions_me(message: discord.Message, user_id: int) -> bool:
    """True when the text itself mentions the bot (not just a reply to one of its messages)."""
    return re.search(rf"<@!?{user_id}>", message.content) is not None


def strip_mentions(text: str, user_id: int) -> str:
    """The question without the mention of the bot."""
    return re.sub(rf"<@!?{user_id}>", " ", text).strip()[:QUESTION_LIMIT]


async def setup(bot: MedEdBot) -> None:
    """Load the cog (discord.py extension entry point)."""
    await bot.add_cog(Ask(bot))
