"""The load benchmark's baseline: a discord.py bot with the same commands as MedEd's, each replying with one fixed
embed and a button. It measures what the stand-in, the gateway and discord.py cost with no work behind the reply.

    python -m bench.fixed_bot --config CONFIG   # the same config.yaml as `medbot run` (api_base, gateway_url, guilds)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import point_discord_at
from bot.config import load_settings
from bot.render_discord import NO_MENTIONS

EMBED = discord.Embed(title="Most common social media tools used",
                      description="**Blogs** ██████████████▎ 71% (10 of 14 studies, derived)")
CHOICES = [app_commands.Choice(name=f"Topic {n}", value=f"topic-{n}") for n in range(25)]
log = logging.getLogger("bench.fixed_bot")


class Again(discord.ui.View):
    """One persistent button that answers with the same embed."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Again", custom_id="bench:again")
    async def again(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message(embed=EMBED, ephemeral=True, allowed_mentions=NO_MENTIONS)


class FixedBot(commands.Bot):
    def __init__(self, guild_ids: tuple[int, ...], ready_timeout: float) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         allowed_mentions=NO_MENTIONS, help_command=None, guild_ready_timeout=ready_timeout)
        self.guild_ids = guild_ids

    async def setup_hook(self) -> None:
        self.add_view(Again())

        @self.tree.command()
        async def ask(interaction: discord.Interaction, question: app_commands.Range[str, 1, 500]) -> None:
            """A fixed answer."""
            await interaction.response.send_message(embed=EMBED, view=Again(), allowed_mentions=NO_MENTIONS)

        @self.tree.command()
        async def stats(interaction: discord.Interaction, topic: app_commands.Range[str, 1, 200]) -> None:
            """A fixed answer."""
            await interaction.response.send_message(embed=EMBED, view=Again(), allowed_mentions=NO_MENTIONS)

        @stats.autocomplete("topic")
        async def topics(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            return CHOICES

        for guild_id in self.guild_ids:
            self.tree.copy_global_to(guild=discord.Object(guild_id))
            await self.tree.sync(guild=discord.Object(guild_id))

    async def on_ready(self) -> None:
        log.info("Logged in as %s", self.user)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


async def main(config: Path) -> None:
    settings = load_settings(config)
    point_discord_at(settings.discord)
    bot = FixedBot(settings.discord.guild_ids, settings.discord.guild_ready_timeout)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with bot:
        running = asyncio.create_task(bot.start(os.environ["DISCORD_TOKEN"]))
        await stop.wait()
        await bot.close()
        await running


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, required=True)
    discord.utils.setup_logging(level=logging.INFO)
    asyncio.run(main(parser.parse_args().config))
