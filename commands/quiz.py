"""/quiz: multiple-choice questions from the knowledge base, for one member or a channel's journal club round.

``/quiz ask [topic]`` posts one question that anyone in the channel can answer; ``/quiz round`` posts one every N
seconds and reveals each answer when its time is up; ``/quiz leaderboard`` shows the server's scores. Each member's
first answer to a question counts; they see at once whether it was right, with the figure, its denominator, a caveat
and the citation. The buttons are a DynamicItem, so answers are taken after a restart too.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import MedEdBot
from bot.evidence import NotFound
from bot.quiz import NoQuestion, Question, Scores, make_question, question_at, reveal
from bot.render_discord import COLOURS, NO_MENTIONS, Tone, fit_embed, shorten, stat_text
from bot.state import State, StateError
from commands.replies import reply_to_click, send_notice

log = logging.getLogger(__name__)

DEFAULT_QUESTIONS = 5
DEFAULT_SECONDS = 30
QUIZ_COLOUR = COLOURS[Tone.GUIDE]


def question_embed(question: Question, footer: str = "") -> discord.Embed:
    """The question, with what it is about; the options are its buttons."""
    embed = discord.Embed(title="Quiz", description=question.prompt, colour=QUIZ_COLOUR)
    if footer:
        embed.set_footer(text=footer)
    return fit_embed(embed)


def reveal_text(question: Question) -> str:
    """The figure as the source states it with its denominator, a caveat, and the citation."""
    shown = reveal(question)
    lines = [stat_text(shown.figure)]
    if shown.caveat:
        lines.append(f"Caveat: {shown.caveat}")
    lines.append(f"Source: {shown.citation}")
    return "\n".join(lines)


class QuizButton(discord.ui.DynamicItem[discord.ui.Button],
                 template=r"medbot:quiz:(?P<source>[\w.-]+)/(?P<finding>[\w.-]+)/(?P<stat>\d+):(?P<option>\d+)"):
    """One option of a question. The custom id names the figure asked for, never the right answer: a click is
    checked against the knowledge base."""

    def __init__(self, button: discord.ui.Button, figure: tuple[str, str, int]) -> None:
        self.figure = figure
        super().__init__(button)

    @classmethod
    def option(cls, question: Question, option: int, *, disabled: bool = False) -> QuizButton:
        """The button for one option of ``question`` (green once revealed, if it is the right one)."""
        label = question.options[option]
        right = disabled and label == question.answer
        return cls(discord.ui.Button(
            label=label, disabled=disabled, row=0,
            style=discord.ButtonStyle.success if right else discord.ButtonStyle.secondary,
            custom_id=f"medbot:quiz:{question.source.id}/{question.finding.id}/{question.stat}:{option}"),
            (question.source.id, question.finding.id, question.stat))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[MedEdBot], item: discord.ui.Button,
                             match: re.Match[str]) -> QuizButton:
        """The option as it was sent: its label is the figure chosen."""
        return cls(item, (match["source"], match["finding"], int(match["stat"])))

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Count the member's first answer and tell them privately whether it was right."""
        await reply_to_click(interaction, lambda: self.answer(interaction))

    async def answer(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Score the answer once and reveal the figure to the member."""
        cog = interaction.client.get_cog("Quiz")
        assert isinstance(cog, Quiz)
        question = question_at(interaction.client.evidence.kb, *self.figure)
        chosen = self.item.label or ""
        right = chosen == question.answer
        message_id = interaction.message.id if interaction.message else interaction.id
        scores = await cog.scores_or_say(interaction)
        if scores is None:
            return
        earlier = scores.record(interaction.guild_id or 0, message_id, interaction.user.id, chosen, right)
        if earlier is not None:
            await send_notice(interaction, "Already answered", f"You answered {earlier}; your first answer counts.")
            return
        title = "Right!" if right else f"Not quite: you chose {chosen}"
        embed = discord.Embed(title=title, description=reveal_text(question),
                              colour=COLOURS[Tone.ANSWER if right else Tone.MISS])
        await interaction.response.send_message(embed=fit_embed(embed), ephemeral=True, allowed_mentions=NO_MENTIONS)


def options_view(question: Question, *, disabled: bool = False) -> discord.ui.View:
    """The question's options as buttons (disabled, the right one green, once revealed)."""
    view = discord.ui.View(timeout=None)
    for option in range(len(question.options)):
        view.add_item(QuizButton.option(question, option, disabled=disabled))
    return view


class Quiz(commands.Cog):
    """/quiz ask, /quiz round and /quiz leaderboard."""

    quiz = app_commands.Group(name="quiz", description="Multiple-choice questions from the knowledge base",
                              guild_only=True)

    def __init__(self, bot: MedEdBot) -> None:
        self.bot = bot
        self.state: State | None = None
        self.scores: Scores | None = None
        self.rng = random.Random()
        self.rounds: dict[int, asyncio.Task[None]] = {}

    async def cog_unload(self) -> None:
        """Stop running rounds and close the state database."""
        for task in self.rounds.values():
            task.cancel()
        if self.state is not None:
            self.state.close()

    async def scores_or_say(self, interaction: discord.Interaction) -> Scores | None:
        """The scores, opening the state database on first use; if it cannot be opened, say so and log it."""
        if self.scores is None:
            try:
                self.state = State(self.bot.settings.state_path)
                self.scores = Scores(self.state)
            except StateError as error:
                log.error("Quiz scores unavailable: %s", error)
                await send_notice(interaction, "Quiz scores unavailable",
                                  "Scores cannot be saved right now; the moderators have been told in the log.",
                                  Tone.ERROR)
                return None
        return self.scores

    def question(self, topic: str | None) -> Question:
        """A question about ``topic`` (a topic, or a study's id or name), or about anything."""
        kb = self.bot.evidence.kb
        if not topic:
            return make_question(kb, self.rng)
        typed = topic.strip().lower()
        source = next((s for s in kb.sources if typed in (s.id, s.short_name.lower())), None)
        if source is not None:
            return make_question(kb, self.rng, source.id)
        found = self.bot.evidence.find_topic(topic)
        return make_question(kb, self.rng, found.source.id, found.finding.id)

    @quiz.command(name="ask")
    @app_commands.describe(topic="A topic (tools, speakers, challenges...) or a study; any if left empty")
    async def ask(self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 100] | None = None) -> None:
        """Post a question anyone here can answer; each member sees privately whether they were right."""
        try:
            question = self.question(topic)
        except (NotFound, NoQuestion) as miss:
            await send_notice(interaction, "No question there", str(miss))
            return
        await interaction.response.send_message(embed=question_embed(question), view=options_view(question),
                                                allowed_mentions=NO_MENTIONS)

    @quiz.command(name="round")
    @app_commands.describe(topic="A topic or a study; any if left empty", questions="How many questions",
                           every="Seconds for each question before its answer is revealed")
    async def round(self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 100] | None = None,
                    questions: app_commands.Range[int, 1, 10] = DEFAULT_QUESTIONS,
                    every: app_commands.Range[int, 1, 60] = DEFAULT_SECONDS) -> None:
        """A journal-club round in this channel: one question every N seconds, each answer revealed after."""
        channel_id = interaction.channel_id or 0
        running = self.rounds.get(channel_id)
        if running is not None and not running.done():
            await send_notice(interaction, "A round is running", "Wait for this channel's round to finish.")
            return
        try:
            first = self.question(topic)
        except (NotFound, NoQuestion) as miss:
            await send_notice(interaction, "No question there", str(miss))
            return
        scores = await self.scores_or_say(interaction)
        if scores is None:
            return
        await interaction.response.send_message(
            embed=discord.Embed(title="Quiz round", colour=QUIZ_COLOUR,
                                description=f"{questions} question{'s' * (questions > 1)}, one every {every} s. "
                                            "Your first answer to each counts."),
            allowed_mentions=NO_MENTIONS)
        task = asyncio.create_task(self.run_round(interaction, scores, topic, first, questions, every))
        task.add_done_callback(log_failure)
        self.rounds[channel_id] = task

    async def run_round(self, interaction: discord.Interaction, scores: Scores, topic: str | None, first: Question,
                        count: int, seconds: int) -> None:
        """Post each question, wait, reveal its answer and who got it right, then sum up the round."""
        guild_id = interaction.guild_id or 0
        right: dict[int, int] = {}
        question = first
        for number in range(1, count + 1):
            if number > 1:
                question = self.question(topic)
            footer = f"Question {number} of {count} · the answer is revealed in {seconds} s"
            message = await interaction.followup.send(embed=question_embed(question, footer),
                                                      view=options_view(question), wait=True,
                                                      allowed_mentions=NO_MENTIONS)
            await asyncio.sleep(seconds)
            answers = scores.answers_to(guild_id, message.id)
            for user_id, correct in answers:
                right[user_id] = right.get(user_id, 0) + correct
            embed = question_embed(question, f"Question {number} of {count}")
            embed.add_field(name="Answer", value=reveal_text(question), inline=False)
            who = ", ".join(f"<@{user}>" for user, correct in answers if correct) or "nobody"
            embed.add_field(name="Right", value=shorten(f"{who} ({len(answers)} answered)", 1024), inline=False)
            await message.edit(embed=fit_embed(embed), view=options_view(question, disabled=True),
                               allowed_mentions=NO_MENTIONS)
        ranking = sorted(right.items(), key=lambda item: -item[1])
        lines = [f"{n}. <@{user}>: {score} of {count}" for n, (user, score) in enumerate(ranking, 1)]
        await interaction.followup.send(
            embed=fit_embed(discord.Embed(title="Round over", colour=QUIZ_COLOUR,
                                          description="\n".join(lines) or "Nobody answered this round.")),
            allowed_mentions=NO_MENTIONS)

    @quiz.command(name="leaderboard")
    async def leaderboard(self, interaction: discord.Interaction) -> None:
        """This server's best quiz scores."""
        store = await self.scores_or_say(interaction)
        if store is None:
            return
        scores = store.leaderboard(interaction.guild_id or 0)
        lines = [f"{n}. <@{s.user_id}>: {s.correct} of {s.answered} right" for n, s in enumerate(scores, 1)]
        embed = discord.Embed(title="Quiz leaderboard", colour=QUIZ_COLOUR,
                              description="\n".join(lines) or "No answers yet: try /quiz ask.")
        await interaction.response.send_message(embed=fit_embed(embed), allowed_mentions=NO_MENTIONS)

    @ask.autocomplete("topic")
    @round.autocomplete("topic")
    async def complete_topic(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Topics and studies, from memory."""
        studies = [app_commands.Choice(name=shorten(s.short_name, 100), value=s.id)
                   for s in self.bot.evidence.kb.studies_first if s.findings and current.lower() in s.id]
        topics = [app_commands.Choice(name=shorten(t.name, 100), value=t.key[:100])
                  for t in self.bot.evidence.complete_topic(current, limit=25)]
        return (studies + topics)[:25]


def log_failure(task: asyncio.Task[None]) -> None:
    """Log a round that ended in an error (a cancelled round, at unload, is not one)."""
    if not task.cancelled() and task.exception() is not None:
        log.error("Quiz round failed", exc_info=task.exception())


async def setup(bot: MedEdBot) -> None:
    """Load the cog and register the option buttons."""
    await bot.add_cog(Quiz(bot))
    bot.add_dynamic_items(QuizButton)
