"""Settings from config.yaml (non-secret) and the environment (the Discord token, and nothing else).

Relative paths in the file resolve against the file's own folder, so `medbot --config /etc/medbot/config.yaml` works
from any working directory. Without a config file the defaults point at the knowledge folder of this checkout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = Path("config.yaml")
TOKEN_VARIABLE = "DISCORD_TOKEN"


class ConfigError(Exception):
    """The settings file is wrong; the message says where and how."""


@dataclass(frozen=True)
class DiscordSettings:
    """The ``discord:`` section of config.yaml."""

    api_base: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg/"
    guild_ids: tuple[int, ...] = ()
    sync_on_start: bool = False
    moderator_role: str = "Moderator"
    cooldown_rate: int = 5
    cooldown_seconds: float = 30.0
    guild_ready_timeout: float = 2.0


@dataclass(frozen=True)
class ModerationSettings:
    """Members' reports of wrong answers and the log of unanswered questions (``moderation:`` in config.yaml)."""

    reports: bool = True  # log unanswered questions and offer the "Wrong answer?" button
    retention_days: int = 90  # logged questions older than this are deleted
    log_channel_id: int | None = None  # a channel that receives reports and edits as they happen
    reload_seconds: float = 5.0  # how often a running bot looks for edits made from the shell


@dataclass(frozen=True)
class Settings:
    """Everything config.yaml sets, with paths resolved against its folder."""

    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    index_path: Path = PROJECT_ROOT / "data" / "medbot.db"
    state_path: Path = PROJECT_ROOT / "data" / "medbot-state.db"
    log_level: str = "INFO"
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    moderation: ModerationSettings = field(default_factory=ModerationSettings)
    config_file: Path | None = None


def load_settings(path: Path | None = None) -> Settings:
    """Read ``path`` (default ./config.yaml, optional); raise ConfigError with a plain sentence if it is wrong."""
    explicit = path is not None
    path = path or DEFAULT_CONFIG
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file not found: {path}")
        return Settings()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    base = path.resolve().parent
    known = {"knowledge_dir", "index_path", "state_path", "log_level", "discord", "moderation"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}")
    if any(key in str(raw.get("discord", "")).lower() for key in ("token",)):
        raise ConfigError(f"{path}: the Discord token never goes in a file; set the {TOKEN_VARIABLE} environment variable")
    for key in ("knowledge_dir", "index_path", "state_path"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            raise ConfigError(f"{path}: '{key}' must be a path, such as knowledge or data/medbot.db")
    return Settings(
        knowledge_dir=base / raw.get("knowledge_dir", "knowledge"),
        index_path=base / raw.get("index_path", "data/medbot.db"),
        state_path=base / raw.get("state_path", "data/medbot-state.db"),
        log_level=str(raw.get("log_level", "INFO")).upper(),
        discord=_discord_settings(raw.get("discord") or {}, path),
        moderation=_moderation_settings(raw.get("moderation") or {}, path),
        config_file=path,
    )


def _discord_settings(raw: Any, path: Path) -> DiscordSettings:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: 'discord' must be a mapping of settings")
    allowed = {f.name for f in fields(DiscordSettings)}
    unknown = set(raw) - allowed
    if unknown:
        raise ConfigError(f"{path}: unknown discord setting(s): {', '.join(sorted(unknown))}")
    values = dict(raw)
    try:
        if "guild_ids" in values:
            values["guild_ids"] = tuple(int(g) for g in values["guild_ids"] or ())
        return DiscordSettings(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: bad discord setting: {exc}") from None


def _moderation_settings(raw: Any, path: Path) -> ModerationSettings:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: 'moderation' must be a mapping of settings")
    types = {"reports": (bool,), "retention_days": (int,), "log_channel_id": (int, type(None)),
             "reload_seconds": (int, float)}
    for key, value in raw.items():
        if key not in types:
            raise ConfigError(f"{path}: unknown moderation setting: {key} (known: {', '.join(types)})")
        if isinstance(value, bool) is not (types[key] == (bool,)) or not isinstance(value, types[key]):
            raise ConfigError(f"{path}: moderation.{key} has the wrong type ({value!r})")
        if key in ("retention_days", "reload_seconds") and value <= 0:
            raise ConfigError(f"{path}: moderation.{key} must be more than 0")
    return ModerationSettings(**raw)


def discord_token() -> str | None:
    """The bot token, from the environment only."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    return token or None
