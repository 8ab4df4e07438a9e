"""Point discord.py at a FakeDiscord (and restore it), and run a bot against it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import FakeDiscord


@contextlib.contextmanager
def patch_discord(fake: FakeDiscord) -> Iterator[None]:
    """Set ``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``; restore on exit."""
    import discord.gateway
    import discord.http
    import yarl

    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def running_bot(bot: Any, token: str, *, ready_timeout: float = 5.0) -> AsyncIterator[Any]:
    """Start ``bot.start(token)`` in a task and wait for on_ready (startup errors such as LoginFailure
    are re-raised); on exit close the bot and re-raise anything its task died of."""
    task = asyncio.create_task(bot.start(token), name="bot-under-test")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ready_timeout
    try:
        while not bot.is_ready():
            if task.done():
                task.result()  # raises the bot's startup error
                raise RuntimeError("bot.start() returned before the bot was ready")
            if loop.time() > deadline:
                raise TimeoutError(f"bot not ready after {ready_timeout}s")
            await asyncio.sleep(0.005)
    except BaseException:
        await _stop(bot, task, reraise=False)
        raise
    try:
        yield bot
    except BaseException:
        await _stop(bot, task, reraise=False)
        raise
    await _stop(bot, task, reraise=True)


async def _stop(bot: Any, task: asyncio.Task[Any], *, reraise: bool) -> None:
    if not bot.is_closed():
        await bot.close()
    try:
        await asyncio.wait_for(task, 5.0)
    except Exception:
        if reraise:
            raise
