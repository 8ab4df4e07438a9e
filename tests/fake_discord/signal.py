"""A broadcast "something changed" signal, and waiting for a condition with a timeout."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable


class Signal:
    """Wakes every waiter whenever :meth:`notify` is called; waiters re-check their predicate."""

    POLL_INTERVAL = 0.01

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float, what: str, details: Callable[[], str] | None = None
    ) -> None:
        """Return once ``predicate()`` is true; raise TimeoutError (with ``what``/``details``) after ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                extra = f"\n{details()}" if details else ""
                raise TimeoutError(f"timed out after {timeout:.2f}s waiting for {what}{extra}")
            event = self._event
            # Also poll: predicates may depend on state outside the fake (e.g. the bot's own).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, self.POLL_INTERVAL))
