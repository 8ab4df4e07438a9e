"""Fixtures any test may ask for by name, as in sqlite-utils' tests/conftest.py.

``kb``, ``evidence`` and ``settings`` are built once per session: the knowledge base that ships in ``knowledge/``
(read from its YAML through the real loader), the core every front end answers through, and settings for that
knowledge base with the index in a session folder. All three are frozen, so no test can change them for another (a
test that patches an attribute of ``evidence`` does it through ``monkeypatch``, which puts it back).

``fake`` is a fresh Discord stand-in for each test, which at the end checks that the bot mentioned no one. A module
may define a fixture of the same name to replace one of these (the Discord tests point ``settings`` at their
stand-in; the stand-in's own tests patch discord.py around ``fake``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings, load_settings
from bot.evidence import Evidence
from bot.knowledge import KnowledgeBase
from tests.e2e_bot import assert_mentions_no_one
from tests.fake_discord import FakeDiscord
from tests.helpers import REPO_KNOWLEDGE, load_ok, write_config


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded from its YAML files."""
    return load_ok(REPO_KNOWLEDGE)


@pytest.fixture(scope="session")
def evidence(kb: KnowledgeBase) -> Evidence:
    """The core on the shipped knowledge base: what `medbot ask` and the Discord commands answer through."""
    return Evidence(kb)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the shipped knowledge base, read from a config.yaml in a session folder that also holds the
    index (``settings.config_file`` is that file, for a ``--config`` option)."""
    return load_settings(write_config(tmp_path_factory.mktemp("settings"), REPO_KNOWLEDGE))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fresh Discord stand-in; when the test ends, every message the bot sent must have mentioned no one."""
    async with FakeDiscord() as stand_in:
        yield stand_in
        assert_mentions_no_one(stand_in)
