"""How answers go back to Discord, and the buttons under them, which keep working after a restart.

A button's custom id carries everything its click needs (``medbot:lim:neill-2014``), so :class:`EvidenceButton`, a
DynamicItem registered when this extension loads, answers a click on any message the bot ever sent.
"""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands

from bot.answers import Answer, Target
from bot.client import MedEdBot
from bot.evidence import NotFound
from bot.render_discord import (
    CUSTOM_ID_TEMPLATE,
    NO_MENTIONS,
    answer_buttons,
    answer_embed,
    notice_embed,
    parse_target_key,
)

STALE = "That part of the knowledge base has changed since this message was sent. Try /stats or /ask again."


def answer_view(answer: Answer) -> discord.ui.View:
    """The answer's buttons in a view; clickable ones are EvidenceButtons, so the view needs no timeout."""
    view = discord.ui.View(timeout=None)
    for button in answer_buttons(answer):
        view.add_item(EvidenceButton(button) if button.custom_id else button)
    return view


async def send_answer(interaction: discord.Interaction, answer: Answer, *, question: str = "",
                      ephemeral: bool = False, file: discord.File | None = None) -> None:
    """Reply with the answer's embed and buttons: the first response, or a followup after a defer."""
    embed = answer_embed(answer, question)
    if file is not None:
        embed.set_image(url=f"attachment://{file.filename}")
    extra: dict[str, Any] = {"file": file} if file is not None else {}
    if interaction.response.is_done():
        await interaction.followup.send(embed=embed, view=answer_view(answer), ephemeral=ephemeral,
                                        allowed_mentions=NO_MENTIONS, **extra)
    else:
        await interaction.response.send_message(embed=embed, view=answer_view(answer), ephemeral=ephemeral,
                                                allowed_mentions=NO_MENTIONS, **extra)


async def send_notice(interaction: discord.Interaction, title: str, text: str) -> None:
    """A short private reply (a miss, a hint) as an embed."""
    await interaction.response.send_message(embed=notice_embed(title, text), ephemeral=True,
                                            allowed_mentions=NO_MENTIONS)


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


class EvidenceButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID_TEMPLATE):
    """Limitations, Cite, Related and suggestion buttons, all handled from their custom id alone."""

    def __init__(self, button: discord.ui.Button) -> None:
        super().__init__(button)
        found = self.template.fullmatch(button.custom_id or "")
        if found is None:
            raise ValueError(f"not an evidence button: {button.custom_id!r}")
        self.action, self.key = found["action"], found["key"]

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> EvidenceButton:
        return cls(item)

    async def callback(self, interaction: discord.Interaction[MedEdBot]) -> None:
        bot = interaction.client
        try:
            answer = self.answer(bot)
        except (NotFound, KeyError, ValueError):
            await bot.tell(interaction, STALE)
            return
        except Exception as error:  # a click must always get a reply; the handler logs the traceback
            await bot.on_app_command_error(interaction, error)
            return
        await send_answer(interaction, answer, ephemeral=True)

    def answer(self, bot: MedEdBot) -> Answer:
        if self.action == "lim":
            return bot.evidence.limitations(self.key)
        if self.action == "cite":
            return bot.evidence.answer(Target(bot.evidence.source(self.key).id, "citation"))
        if self.action == "rel":
            return bot.evidence.related(self.key)
        return bot.evidence.answer(parse_target_key(self.key))


async def setup(bot: MedEdBot) -> None:
    bot.add_dynamic_items(EvidenceButton)
