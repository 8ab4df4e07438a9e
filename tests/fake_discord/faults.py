"""Faults a test asks the stand-in to inject: an error status, a 429 with ``retry_after``, or no answer at all.

Each fault matches requests by method and a piece of the path, and is used up after ``times`` matches (None: for
ever). An injected answer is what Discord sends in that case, so discord.py reacts as it would in production.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .rest import json_response


@dataclass
class Fault:
    """One injected failure: ``status`` with ``body`` and ``headers``, or (``hang``) never answering."""

    method: str
    path_contains: str
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    times: int | None = 1
    used: int = 0

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and self.path_contains in path and (self.times is None or self.used < self.times)


class Faults:
    """The faults still waiting for a request to match them."""

    def __init__(self) -> None:
        self.pending: list[Fault] = []
        self.never = asyncio.Event()  # what a hanging request waits for: nothing sets it

    def add(self, fault: Fault) -> Fault:
        self.pending.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault that matches this request, counted as used."""
        for fault in self.pending:
            if fault.matches(method, path):
                fault.used += 1
                return fault
        return None

    async def answer(self, fault: Fault) -> web.Response:
        """Discord's answer for ``fault`` (waits for ever when it hangs; the server's shutdown cancels it)."""
        if fault.hang:
            await self.never.wait()
        body = fault.body if fault.body is not None else {"message": "500: Internal Server Error", "code": 0}
        response = json_response(fault.status, body)
        response.headers.update(fault.headers)
        return response


def rate_limited(method: str, path_contains: str, retry_after: float, times: int = 1) -> Fault:
    """A 429 as Discord sends it: JSON ``retry_after`` and a ``Via`` header (without it discord.py assumes a
    Cloudflare ban and gives up)."""
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
    headers = {"Via": "1.1 google", "Retry-After": str(max(1, round(retry_after))), "X-RateLimit-Scope": "user"}
    return Fault(method, path_contains, 429, body, headers, times=times)
