"""Who may change the knowledge base: in a server, members with Manage Server or the moderator role.

``default_member_permissions`` only hides the /kb group by default (server admins can change that), so every
command, autocomplete, modal and button checks again here.
"""

from __future__ import annotations

import discord

from bot.client import MedEdBot
from bot.render_discord import Tone
from commands.replies import send_notice

DM_REFUSAL = "The /kb commands work in a server only."


def refusal(interaction: discord.Interaction, role_name: str) -> str | None:
    """Why ``interaction``'s user may not change the knowledge base here, or None if they may."""
    if interaction.guild is None:
        return DM_REFUSAL
    if interaction.permissions.manage_guild:
        return None
    user = interaction.user
    if isinstance(user, discord.Member) and any(role.name == role_name for role in user.roles):
        return None
    return f"Only moderators (Manage Server, or the '{role_name}' role) can change the knowledge base."


def is_moderator(interaction: discord.Interaction[MedEdBot]) -> bool:
    """The check without a reply, for autocomplete (which offers nothing to anyone else)."""
    return refusal(interaction, interaction.client.settings.discord.moderator_role) is None


async def check_moderator(interaction: discord.Interaction[MedEdBot]) -> bool:
    """Whether the user may change the knowledge base; if not, tell them why (privately)."""
    reason = refusal(interaction, interaction.client.settings.discord.moderator_role)
    if reason is None:
        return True
    await send_notice(interaction, "Not allowed", reason, Tone.ERROR)
    return False


async def check_opener(interaction: discord.Interaction[MedEdBot], opener_id: int) -> bool:
    """Buttons answer only the moderator who opened them, and only while they are still a moderator."""
    if interaction.user.id != opener_id:
        await send_notice(interaction, "Not yours", "Only the moderator who opened this can use its buttons.",
                          Tone.ERROR)
        return False
    return await check_moderator(interaction)


def who(user: discord.abc.User) -> str:
    """A moderator as revisions record them: name and id."""
    return f"{user.name} ({user.id})"
