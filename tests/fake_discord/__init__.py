"""A strict local stand-in for Discord (REST, gateway, CDN) to test a real discord.py bot end to end.

Typical use::

    async with FakeDiscord() as fake:
        with patch_discord(fake):
            async with running_bot(bot, fake.token):
                await bot.tree.sync(guild=discord.Object(fake.guild_id))
                record = await fake.invoke_slash("ask", {"question": "..."})
                await record.wait_response()
                assert record.embeds[0]["title"] == "..."
        fake.assert_clean()
"""

from .discord_patch import patch_discord, running_bot
from .errors import CommandNotSynced, FieldError, InvocationError, Violation
from .models import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser
from .records import AttachmentRecord, InteractionRecord, MessageRecord, RequestRecord
from .server import FakeDiscord

__all__ = [
    "FakeDiscord", "patch_discord", "running_bot", "InteractionRecord", "MessageRecord", "AttachmentRecord",
    "RequestRecord", "Violation", "FieldError", "CommandNotSynced", "InvocationError", "FakeUser", "FakeMember",
    "FakeRole", "FakeChannel", "FakeGuild",
]
