"""How answers go back to Discord, and the buttons and menus under them, which keep working after a restart.

:class:`EvidenceButton` and :class:`FindingMenu` are DynamicItems (discord.py's ``examples/views/dynamic_counter.py``):
each builds its own component and custom id, and reads it back from the ``match`` of its own template, so a click is
handled from the custom id alone on any message the bot ever sent. A target is written as ``source/part/finding/stat``
(``cheston-2013/stat/tools/0``), several joined by ``+``.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from typing import Any

import discord
from discord import app_commands

from bot.answers import Answer, StaleTarget, Suggestion, Target
from bot.chart import bar_chart
from bot.client import MedEdBot
from bot.evidence import NotFound
from bot.render_discord import (
    NO_MENTIONS,
    OPTION_LIMIT,
    Act,
    Control,
    Link,
    Menu,
    Press,
    Tone,
    answer_controls,
    answer_embed,
    notice_embed,
    shorten,
)
from bot.schema import Part

log = logging.getLogger(__name__)

STALE = "That part of the knowledge base has changed since this message was sent. Try /stats or /ask again."
PLACEHOLDER_LIMIT = 150
CUSTOM_ID_LIMIT = 100
NOT_YOURS = "Only the member who asked can delete this reply."
TARGET = r"[\w.-]+/\w+(?:/[\w.-]*)?(?:/\d+)?"
TARGETS = rf"{TARGET}(?:\+{TARGET})*"


def target_key(targets: tuple[Target, ...]) -> str:
    """'cheston-2013/stat/tools/0+neill-2014/stat/speakers/1': targets as a custom id or menu value carries them."""
    return "+".join(
        "/".join([t.source_id, t.part, t.finding, "" if t.stat is None else str(t.stat)]).rstrip("/") for t in targets)


def parse_target_key(key: str) -> tuple[Target, ...]:
    """The inverse of :func:`target_key`; a part this version does not know is a stale target."""
    targets = []
    for one in key.split("+"):
        source_id, part, finding, stat = (one.split("/") + ["", "", ""])[:4]
        try:
            targets.append(Target(source_id, Part(part), finding, int(stat) if stat else None))
        except ValueError:
            raise StaleTarget(f"no part '{part}'") from None
    return tuple(targets)


def answer_of(bot: MedEdBot, targets: tuple[Target, ...]) -> Answer:
    """The answer about ``targets`` as it stands in the knowledge base now."""
    return bot.evidence.composer.compose(list(targets))


def related_to(bot: MedEdBot, answer: Answer) -> tuple[Suggestion, ...]:
    """Findings related to an answer, its own study's first; for a miss with no closest findings, every topic, so
    that a miss always leads somewhere."""
    if answer.answered and answer.source is not None:
        return bot.evidence.related(answer.source.id).suggestions
    if not answer.answered and not answer.suggestions and bot.evidence.kb.sources:
        return bot.evidence.related(bot.evidence.kb.studies_first[0].id).suggestions
    return ()


def answer_view(bot: MedEdBot, answer: Answer, *, private: bool, asker_id: int = 0,
                charted: bool = False) -> discord.ui.View:
    """The answer's controls in a view; clickable ones are DynamicItems, so the view needs no timeout."""
    view = discord.ui.View(timeout=None)
    for control in answer_controls(answer, private=private, asker_id=asker_id, related=related_to(bot, answer),
                                   charted=charted, report=bot.settings.moderation.reports):
        item = component(control)
        if len(getattr(item, "custom_id", "") or "") <= CUSTOM_ID_LIMIT:  # an answer about many targets skips Chart
            view.add_item(item)
    return view


def component(control: Control) -> discord.ui.Item:
    """The discord.py item for one control."""
    if isinstance(control, Link):
        return discord.ui.Button(label=control.label, url=control.url, row=control.row)
    if isinstance(control, Menu):
        return FindingMenu.of(control)
    if control.act == Act.REPORT:
        return ReportButton(control.label, control.row)
    return EvidenceButton(control)


async def send_answer(interaction: discord.Interaction[MedEdBot], answer: Answer, *, question: str = "",
                      ephemeral: bool = False, file: discord.File | None = None) -> None:
    """Reply with the answer's embed and controls: the first response, or a followup after a defer.

    A miss is private: only the member who asked sees it, with the closest findings to pick from.
    """
    private = ephemeral or not answer.answered
    if not answer.answered and question:
        interaction.client.dispatch("unanswered", question, answer.title, interaction.guild_id)
    embed = answer_embed(answer, question)
    if file is not None:
        embed.set_image(url=f"attachment://{file.filename}")
    view = answer_view(interaction.client, answer, private=private, asker_id=interaction.user.id,
                       charted=file is not None)
    extra: dict[str, Any] = {"file": file} if file is not None else {}
    if interaction.response.is_done():
        await interaction.followup.send(embed=embed, view=view, ephemeral=private, allowed_mentions=NO_MENTIONS,
                                        **extra)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=private,
                                                allowed_mentions=NO_MENTIONS, **extra)


async def send_notice(interaction: discord.Interaction, title: str, text: str, tone: Tone = Tone.MISS) -> None:
    """A short private reply (a miss, a hint, an error) as an embed in its tone's colour."""
    embed = notice_embed(title, text, tone)
    if interaction.response.is_done():
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def within_cooldown(interaction: discord.Interaction) -> bool:
    """Spend one of the member's questions (config.yaml ``discord.cooldown_rate`` per ``cooldown_seconds``)."""
    bucket = interaction.client.cooldowns.get_bucket(interaction)  # type: ignore[attr-defined]
    retry_after = bucket.update_rate_limit() if bucket else None
    if retry_after:
        raise app_commands.CommandOnCooldown(bucket, retry_after)
    return True


#: The per-member cooldown: one budget shared by /ask, /stats, the context menu and mentions (questions are counted,
#: not commands); the error handler answers a member over budget ephemerally.
cooldown = app_commands.check(within_cooldown)


async def reply_to_click(interaction: discord.Interaction[MedEdBot], act: Any) -> None:
    """Run a click's work; a target that is gone gets a sentence, any other error reaches the bot's error handler."""
    try:
        await act()
    except (StaleTarget, NotFound) as gone:
        log.info("Stale control %s: %s", (interaction.data or {}).get("custom_id"), gone)
        await send_notice(interaction, "This has changed", STALE, Tone.ERROR)
    except Exception as error:  # discord.py would only log it; the member must hear back, and the log gets the trace
        await interaction.client.on_app_command_error(interaction, error)


class EvidenceButton(discord.ui.DynamicItem[discord.ui.Button],
                     template=rf"medbot:(?P<act>lim|cite|rel):(?P<source>[\w.-]+)"
                              rf"|medbot:(?P<target_act>show|chart|share):(?P<targets>{TARGETS})"
                              rf"|medbot:del:(?P<user>\d+)"):
    """Every button of an answer: Limitations, Cite, Related, a finding, Chart, Share and Delete."""

    def __init__(self, press: Press, stale_id: str = "") -> None:
        self.press, self.stale = press, bool(stale_id)
        super().__init__(discord.ui.Button(label=press.label, style=press.style, row=press.row,
                                           custom_id=stale_id or self.custom_id_of(press)))

    @staticmethod
    def custom_id_of(press: Press) -> str:
        """The custom id that carries everything ``press`` needs."""
        if press.act in (Act.LIMITATIONS, Act.CITE, Act.RELATED):
            return f"medbot:{press.act}:{press.source_id}"
        if press.act == Act.DELETE:
            return f"medbot:del:{press.user_id}"
        return f"medbot:{press.act}:{target_key(press.targets)}"

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> EvidenceButton:
        """The button as it was sent, read back from its custom id."""
        style, label = item.style, item.label or ""
        if match["user"]:
            return cls(Press(Act.DELETE, label, item.row or 0, user_id=int(match["user"]), style=style))
        if match["source"]:
            return cls(Press(Act(match["act"]), label, item.row or 0, source_id=match["source"], style=style))
        try:
            targets = parse_target_key(match["targets"])
        except StaleTarget:  # answered by the callback, which can reply; discord.py would only log it here
            return cls(Press(Act(match["target_act"]), label, item.row or 0, style=style), stale_id=match[0])
        return cls(Press(Act(match["target_act"]), label, item.row or 0, targets, style=style))

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Answer the click privately (Share posts to the channel; Delete removes the reply)."""
        await reply_to_click(interaction, lambda: self.act(interaction))

    async def act(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Do what the button says."""
        bot, press = interaction.client, self.press
        if self.stale:
            raise StaleTarget(f"an unknown target in {self.custom_id}")
        if press.act == Act.DELETE:
            await delete_reply(interaction, press.user_id)
        elif press.act == Act.SHARE:
            await send_answer(interaction, answer_of(bot, press.targets))
        elif press.act == Act.CHART:
            await within_cooldown(interaction)  # drawing takes a core for a moment: counted like a question
            await send_chart(interaction, answer_of(bot, press.targets))
        elif press.act == Act.SHOW:
            await send_answer(interaction, answer_of(bot, press.targets), ephemeral=True)
        elif press.act == Act.RELATED:
            await send_answer(interaction, bot.evidence.related(press.source_id), ephemeral=True)
        else:
            part = Part.LIMITATIONS if press.act == Act.LIMITATIONS else Part.CITATION
            source = bot.evidence.source(press.source_id)
            await send_answer(interaction, answer_of(bot, (Target(source.id, part),)), ephemeral=True)


class FindingMenu(discord.ui.DynamicItem[discord.ui.Select], template=r"medbot:menu"):
    """A select menu of findings (the closest ones after a miss, or related ones); a choice opens one privately."""

    @classmethod
    def of(cls, menu: Menu) -> FindingMenu:
        """A select menu whose options carry their findings' targets."""
        options = [discord.SelectOption(label=shorten(s.label, OPTION_LIMIT), value=target_key((s.target,)))
                   for s in menu.choices if s.target is not None and len(target_key((s.target,))) <= OPTION_LIMIT]
        return cls(discord.ui.Select(custom_id="medbot:menu", placeholder=shorten(menu.placeholder, PLACEHOLDER_LIMIT),
                                     options=options, row=menu.row))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str]) -> FindingMenu:
        """The menu as it was sent (its options stay on the message)."""
        return cls(item)

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Open the chosen finding privately."""
        async def show() -> None:
            await send_answer(interaction, answer_of(interaction.client, parse_target_key(self.item.values[0])),
                              ephemeral=True)
        await reply_to_click(interaction, show)


async def send_chart(interaction: discord.Interaction[MedEdBot], answer: Answer) -> None:
    """The answer's percentages as a PNG, privately (drawn in a worker thread, after a defer)."""
    await interaction.response.defer(ephemeral=True, thinking=True)
    png = await asyncio.to_thread(bar_chart, answer)
    name = target_key(answer.targets).replace("/", "-").replace("+", "_") + ".png"
    await send_answer(interaction, answer, ephemeral=True, file=discord.File(io.BytesIO(png), filename=name[:90]))


async def delete_reply(interaction: discord.Interaction, asker_id: int) -> None:
    """Delete the bot's public reply, if the member clicking is the one who asked."""
    if interaction.user.id != asker_id:
        await send_notice(interaction, "Not yours to delete", NOT_YOURS, Tone.ERROR)
        return
    await interaction.response.defer()
    await interaction.delete_original_response()


class ReportButton(discord.ui.DynamicItem[discord.ui.Button], template=r"medbot:report"):
    """"Wrong answer?": a member reports the answer it sits under; the moderation cog takes the report."""

    def __init__(self, label: str = "Wrong answer?", row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=label, row=row, custom_id="medbot:report"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> ReportButton:
        """The button as it was sent."""
        return cls(item.label or "Wrong answer?", item.row)

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        """Open the report form (the moderation cog's), or say reports are not taken."""
        moderation = interaction.client.get_cog("Moderation")
        if moderation is None:
            await send_notice(interaction, "Reports are off", "This bot does not take reports.", Tone.GUIDE)
            return
        await reply_to_click(interaction, lambda: moderation.open_report(interaction))  # type: ignore[attr-defined]


async def setup(bot: MedEdBot) -> None:
    """Register the buttons and menus, so clicks on any message the bot ever sent reach them."""
    bot.add_dynamic_items(EvidenceButton, FindingMenu, ReportButton)
