"""The discord.py bot: one Evidence core, the command cogs, one error handler, and a clean start and stop.

Run it with `medbot run`; register its commands with `medbot sync`. Nothing here needs a privileged intent: slash
commands, buttons and the context menu arrive as interactions, and Discord delivers the content of messages that
mention the bot without the message-content intent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Iterator
from typing import Any, TypeVar

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.config import DiscordSettings, Settings
from bot.evidence import Evidence
from bot.render_discord import NO_MENTIONS

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTENSIONS = ("commands.replies", "commands.ask", "commands.stats", "commands.studies", "commands.help",
              "commands.quiz", "commands.moderation")
ERROR_REPLY = "Sorry, something went wrong while answering that. It has been logged; please try again."


class StartupError(Exception):
    """The bot could not start, for a reason the person running it can fix (a sentence, no traceback)."""


def point_discord_at(settings: DiscordSettings) -> None:
    """Send discord.py's REST calls to ``api_base`` and its gateway connection to ``gateway_url``.

    discord.py 2.7 builds every REST URL (webhooks and interaction followups included) from ``Route.BASE``, and a
    non-sharded client connects straight to ``DiscordWebSocket.DEFAULT_GATEWAY`` (also where it goes back to after
    an invalid session) without asking ``GET /gateway``. Both are class attributes, so this is process-wide.
    """
    discord.http.Route.BASE = settings.api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def asker_id(event: discord.Interaction | discord.Message) -> int:
    """Who asked: the member behind an interaction or a message (the key of the per-member cooldown)."""
    return event.user.id if isinstance(event, discord.Interaction) else event.author.id


class MedEdBot(commands.Bot):
    """The MedEd Evidence Bot: slash commands, a context menu, mention replies and persistent buttons."""

    def __init__(self, settings: Settings, evidence: Evidence | None = None) -> None:
        point_discord_at(settings.discord)
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice, so no warnings about it
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),  # no privileged intent: members, presences, message content
            allowed_mentions=NO_MENTIONS,
            help_command=None,
            guild_ready_timeout=settings.discord.guild_ready_timeout,
            max_messages=None,  # no message cache: nothing here reads it, and every answer would be kept
            **self.shard_options(settings),
        )
        self.settings = settings
        self.evidence = evidence or Evidence.load(settings.knowledge_dir, settings.index_path)
        self.started_at = discord.utils.utcnow()
        self.cooldowns: commands.CooldownMapping = commands.CooldownMapping.from_cooldown(
            settings.discord.cooldown_rate, settings.discord.cooldown_seconds, asker_id)
        self.tree.on_error = self.on_app_command_error

    @staticmethod
    def shard_options(settings: Settings) -> dict[str, Any]:
        """discord.py's shard arguments for ``discord.shards`` (none: one connection, no sharding)."""
        return {}

    async def setup_hook(self) -> None:
        """Load the command cogs (and sync, if the config asks for it)."""
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.discord.sync_on_start:
            await self.sync_commands()

    async def sync_commands(self, guild_ids: tuple[int, ...] | None = None) -> list[app_commands.AppCommand]:
        """Register the commands in each guild of ``guild_ids`` (default: the config's), or globally if none."""
        guild_ids = self.settings.discord.guild_ids if guild_ids is None else guild_ids
        if not guild_ids:
            return await self.tree.sync()
        synced: list[app_commands.AppCommand] = []
        for guild_id in guild_ids:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced += await self.tree.sync(guild=guild)
        return synced

    async def on_ready(self) -> None:
        """Log who the bot is and where."""
        log.info("Logged in as %s (id %s) in %d guild(s)", self.user, self.user.id if self.user else "?",
                 len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: a message that mentions the bot is a question, answered by ``commands.ask``."""

    async def on_app_command_error(self, interaction: discord.Interaction,
                                   error: app_commands.AppCommandError | Exception) -> None:
        """Tell the member briefly and privately; log the traceback with the interaction id."""
        if isinstance(error, app_commands.CommandOnCooldown):
            await self.tell(interaction, f"Slow down a little: try again in {error.retry_after:.0f} s.")
            return
        if isinstance(error, app_commands.CheckFailure):
            await self.tell(interaction, "You cannot use that command here.")
            return
        name = interaction.command.qualified_name if interaction.command else (interaction.data or {}).get("custom_id")
        log.error("Interaction %s (%s) failed", interaction.id, name, exc_info=error)
        await self.tell(interaction, ERROR_REPLY)

    async def tell(self, interaction: discord.Interaction, text: str) -> None:
        """A short ephemeral message, as the first response or as a followup, whichever is still possible."""
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("Could not tell interaction %s: %s", interaction.id, text, exc_info=True)


class ShardedMedEdBot(MedEdBot, commands.AutoShardedBot):
    """The same bot over several gateway connections (``discord.shards`` in config.yaml).

    ``auto`` asks Discord how many shards to run and runs them all in this process; a count with ``ids`` runs only
    those shards, so two processes with ``ids: [0]`` and ``ids: [1]`` of ``count: 2`` share the guilds.
    """

    @staticmethod
    def shard_options(settings: Settings) -> dict[str, Any]:
        """``shard_count`` and ``shard_ids`` from the config; None for both lets Discord decide."""
        shards = settings.discord.shards
        assert shards is not None
        return {"shard_count": shards.count, "shard_ids": list(shards.ids) if shards.ids is not None else None}

    async def on_shard_ready(self, shard_id: int) -> None:
        """Say which shard connected, so two processes can be told apart in their logs."""
        log.info("Shard %d of %s is ready", shard_id, self.shard_count)


def make_bot(settings: Settings, evidence: Evidence | None = None) -> MedEdBot:
    """The bot the config asks for: sharded when ``discord.shards`` is set."""
    kind = ShardedMedEdBot if settings.discord.shards is not None else MedEdBot
    return kind(settings, evidence)


class RedactToken(logging.Filter):
    """Replace the token in any log record (message, arguments, traceback) before it is written."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact, and always let the record through."""
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "[token]"), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "[token]")
        return True


def setup_logging(settings: Settings, token: str) -> None:
    """discord.py's usual logging setup, at the configured level, with the token redacted."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactToken(token))
    discord.utils.setup_logging(handler=handler, level=logging.getLevelName(settings.log_level))


async def within_timeout(bot: MedEdBot, step: Awaitable[T], doing: str) -> T:
    """Await one REST step within ``discord.connect_timeout`` seconds, or raise StartupError saying where it waited.

    discord.py itself waits as long as a server holds the connection open, and retries a 5xx answer for about 16 s.
    """
    settings = bot.settings.discord
    try:
        return await asyncio.wait_for(step, settings.connect_timeout)
    except TimeoutError:
        raise StartupError(f"Discord did not let the bot {doing} within {settings.connect_timeout:g} s at "
                           f"{settings.api_base} (no answer, or only errors); check the network and discord.api_base "
                           "in config.yaml, then try again.") from None


async def serve(settings: Settings, token: str) -> None:
    """Run the bot until it stops or SIGINT/SIGTERM arrives, then close it cleanly (even in the middle of login)."""
    bot = make_bot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    async def start() -> None:
        await within_timeout(bot, bot.login(token), "log in")
        await bot.connect()

    async with bot:
        running = asyncio.create_task(start())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not stop.is_set():
            await running  # it ended by itself: its error, if any, is the one to explain
            return
        log.info("Shutting down")
        await bot.close()
        running.cancel()  # a login still waiting on the network has nothing to close cleanly
        with contextlib.suppress(asyncio.CancelledError, discord.DiscordException, aiohttp.ClientError, OSError):
            await running


@contextlib.contextmanager
def explained_failures() -> Iterator[None]:
    """Turn Discord refusing the bot into a StartupError with a sentence the person running it can act on."""
    try:
        yield
    except discord.LoginFailure:
        raise StartupError("Discord rejected the token in DISCORD_TOKEN. Copy a fresh one from the Developer Portal "
                           "(your application > Bot > Reset Token) and set it again.") from None
    except discord.PrivilegedIntentsRequired:
        raise StartupError("Discord refused an intent this bot should not need; please report this.") from None
    except discord.ConnectionClosed as exc:
        if exc.code != 4004:
            raise
        raise StartupError("Discord rejected the token in DISCORD_TOKEN at the gateway.") from None
    except discord.DiscordServerError as exc:
        raise StartupError(f"Discord answered with a server error ({exc.status}) and kept doing so; this is on "
                           "Discord's side: try again in a few minutes.") from None
    except discord.HTTPException as exc:
        raise StartupError(f"Discord refused the request ({exc.status}: {exc.text or 'no reason given'}).") from None
    except (aiohttp.ClientError, ConnectionError) as exc:  # not any OSError: a full disk is not the network
        address = discord.http.Route.BASE
        raise StartupError(f"Could not reach Discord at {address} ({reason(exc)}); check the network and "
                           "discord.api_base in config.yaml, then try again.") from None


def reason(error: BaseException) -> str:
    """A short reason for a network error: the OS's words when there are some."""
    cause = error.os_error if isinstance(error, aiohttp.ClientConnectorError) else error
    return getattr(cause, "strerror", None) or str(cause) or type(cause).__name__


def run_bot(settings: Settings, token: str) -> None:
    """Set up logging and run the bot until it is stopped; raise StartupError if Discord refuses it."""
    setup_logging(settings, token)
    with explained_failures():
        asyncio.run(serve(settings, token))


async def register(settings: Settings, token: str, guild_ids: tuple[int, ...] | None) -> list[str]:
    """Log in over REST and sync the commands; return their names."""
    bot = MedEdBot(settings)
    async with bot:
        await within_timeout(bot, bot.login(token), "log in")
        synced = await within_timeout(bot, bot.sync_commands(guild_ids), "register its commands")
        return [command.name for command in synced]


def sync_commands(settings: Settings, token: str, guild_ids: tuple[int, ...] | None = None) -> list[str]:
    """Log in over REST only (no gateway) and register the commands; return their names."""
    setup_logging(settings, token)
    with explained_failures():
        return asyncio.run(register(settings, token, guild_ids))
