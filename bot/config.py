"""Settings from config.yaml (non-secret) and the environment (the Discord token, and nothing else).

Relative paths in the file resolve against the file's own folder, so `medbot --config /etc/medbot/config.yaml` works
from any working directory. Without a config file the bot answers from the knowledge base it ships with.

Each setting is one line of a dataclass below: its type (``bool``, ``int``, ``float``, ``str``, ``Path``,
``int | None``, ``tuple[int, ...]``) and, through :func:`setting`, its range or its own check. :func:`load_settings`
reads the file with the same hardened YAML reader as the knowledge files and checks every value against its line,
so a wrong type or range is a sentence naming the file, line and key, never a traceback at start-up.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
import types
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, get_type_hints
from urllib.parse import urlsplit

from bot.control_chars import excerpt, first_control
from bot.yaml_source import FieldPath, LoadedYaml, YamlFileError, format_path, load_yaml_file

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGED_KNOWLEDGE = Path(__file__).resolve().parent / "default_knowledge"  # where a wheel puts knowledge/
DEFAULT_CONFIG = Path("config.yaml")
TOKEN_VARIABLE = "DISCORD_TOKEN"
# A bot token: the bot's id in base64, a timestamp, an HMAC, joined by dots.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{18,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SNOWFLAKE_MAX = 2**64 - 1


class ConfigError(Exception):
    """The settings file is wrong; the message says where and how."""


class Invalid(ValueError):
    """One value that is wrong, said as a sentence; the reader adds the file, line and key."""


def default_knowledge_dir() -> Path:
    """The knowledge base the bot ships with: package data in a wheel, ``knowledge/`` in a checkout."""
    return PACKAGED_KNOWLEDGE if PACKAGED_KNOWLEDGE.is_dir() else PROJECT_ROOT / "knowledge"


def default_data_dir() -> Path:
    """Where the index lives without a config file: ``data/`` in a checkout, the user's data folder otherwise."""
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / "data"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "medbot"


def setting(default: Any = MISSING, *, default_factory: Callable[[], Any] | None = None, minimum: float | None = None,
            above: float | None = None, maximum: float | None = None, choices: tuple[str, ...] = (),
            check: Callable[[Any], None] | None = None, parse: Callable[[Any], Any] | None = None,
            relative: str | None = None) -> Any:
    """A dataclass field for one setting.

    ``minimum``/``above``/``maximum`` bound a number; ``choices`` lists the allowed words (case-insensitive, stored
    as written here); ``check`` raises :class:`Invalid` for a converted value that is still wrong; ``parse`` replaces
    the type-driven conversion altogether; ``relative`` is a Path's value when a config file leaves it out (resolved
    against the file's folder).
    """
    metadata = {"minimum": minimum, "above": above, "maximum": maximum, "choices": choices, "check": check,
                "parse": parse, "relative": relative}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def https_or_loopback(secure: str, plain: str) -> Callable[[str], None]:
    """A check that an address uses ``secure`` (https, wss), or ``plain`` only on this machine (for tests)."""

    def check(address: str) -> None:
        parts = urlsplit(address)
        if parts.scheme == secure and parts.hostname:
            return
        if parts.scheme == plain and parts.hostname and is_loopback(parts.hostname):
            return
        raise Invalid(f"'{excerpt(address)}' must be a {secure}:// address ({plain}:// only for a loopback address "
                      "such as 127.0.0.1, for tests): the bot token is sent there")

    return check


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Shards:
    """How this process shares the gateway: ``count`` shards in all, of which this process runs ``ids``.

    ``count`` None means discord.py asks Discord how many (``discord.shards: auto``) and runs them all here.
    """

    count: int | None = None
    ids: tuple[int, ...] | None = None


def parse_shards(value: Any) -> Shards | None:
    """``auto``, a count (this process runs every shard), or ``{count: 4, ids: [0, 1]}``."""
    if value is None or value is False:
        return None
    if value == "auto":
        return Shards()
    if isinstance(value, int) and not isinstance(value, bool):
        value = {"count": value}
    if not isinstance(value, dict) or set(value) - {"count", "ids"} or "count" not in value:
        raise Invalid("expected auto, a number of shards, or {count: 4, ids: [0, 1]} (the shards this process runs)")
    count = read_int(value["count"], minimum=1, maximum=10_000)
    ids = value.get("ids")
    if ids is None:
        return Shards(count, tuple(range(count)))
    if not isinstance(ids, list) or not ids:
        raise Invalid("ids must list the shard numbers this process runs, such as [0, 1]")
    shard_ids = tuple(read_int(shard, minimum=0, maximum=count - 1) for shard in ids)
    if len(set(shard_ids)) != len(shard_ids):
        raise Invalid("ids lists a shard twice")
    return Shards(count, shard_ids)


def read_int(value: Any, minimum: float | None = None, maximum: float | None = None) -> int:
    """A whole number within bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, found {describe(value)}")
    within(value, minimum, None, maximum)
    return value


def within(value: float, minimum: float | None, above: float | None, maximum: float | None) -> None:
    """Raise Invalid when ``value`` is out of its bounds."""
    if minimum is not None and value < minimum:
        raise Invalid(f"{value} is too small: it must be at least {minimum}")
    if above is not None and value <= above:
        raise Invalid(f"{value} is too small: it must be more than {above}")
    if maximum is not None and value > maximum:
        raise Invalid(f"{value} is too large: it must be at most {maximum}")


def describe(value: Any) -> str:
    """How a wrong value is named in a message: its kind, and a short excerpt of it."""
    kind = {type(None): "nothing", bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)
    return kind if value is None or isinstance(value, list | dict) else f"{kind} ('{excerpt(value, 40)}')"


@dataclass(frozen=True)
class DiscordSettings:
    """The ``discord:`` section of config.yaml."""

    api_base: str = setting("https://discord.com/api/v10", check=https_or_loopback("https", "http"))
    gateway_url: str = setting("wss://gateway.discord.gg/", check=https_or_loopback("wss", "ws"))
    guild_ids: tuple[int, ...] = ()
    sync_on_start: bool = False
    moderator_role: str = "Moderator"
    cooldown_rate: int = setting(5, minimum=1, maximum=10_000)
    cooldown_seconds: float = setting(30.0, above=0, maximum=86_400)
    guild_ready_timeout: float = setting(2.0, minimum=0, maximum=600)
    connect_timeout: float = setting(20.0, above=0, maximum=600)  # seconds to wait for Discord at login
    shards: Shards | None = setting(None, parse=parse_shards)


@dataclass(frozen=True)
class ModerationSettings:
    """Members' reports of wrong answers and the log of unanswered questions (``moderation:`` in config.yaml)."""

    reports: bool = True  # log unanswered questions and offer the "Wrong answer?" button
    retention_days: int = setting(90, minimum=1)  # logged questions older than this are deleted
    log_channel_id: int | None = setting(None, minimum=1, maximum=SNOWFLAKE_MAX)  # receives reports and edits
    reload_seconds: float = setting(5.0, above=0)  # how often a running bot looks for edits made from the shell


@dataclass(frozen=True)
class Settings:
    """Everything config.yaml sets, with paths resolved against its folder."""

    knowledge_dir: Path = setting(default_factory=default_knowledge_dir)
    index_path: Path = setting(default_factory=lambda: default_data_dir() / "medbot.db", relative="data/medbot.db")
    state_path: Path = setting(default_factory=lambda: default_data_dir() / "medbot-state.db",
                               relative="data/medbot-state.db")
    log_level: str = setting("INFO", choices=LOG_LEVELS)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    moderation: ModerationSettings = field(default_factory=ModerationSettings)
    config_file: Path | None = field(default=None, metadata={"internal": True})


def load_settings(path: Path | None = None) -> Settings:
    """Read ``path`` (default ./config.yaml, optional); raise ConfigError naming every wrong setting."""
    explicit = path is not None
    path = path or DEFAULT_CONFIG
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file not found: {path}")
        return Settings()
    try:
        loaded = load_yaml_file(path, allow_trailing_comments=True)
    except YamlFileError as exc:
        if exc.problem.message != "file is empty":
            # the reader's limits are the knowledge files'; say them of this file
            raise ConfigError(f"not valid YAML: {str(exc).replace('knowledge file', 'config file')}") from None
        loaded = LoadedYaml(str(path), {}, {})
    reader = _SettingsReader(loaded, path.resolve().parent)
    reader.refuse_tokens(loaded.data, ())
    settings = reader.section(Settings, loaded.data, ())
    if reader.problems or settings is None:
        raise ConfigError("\n".join(reader.problems))
    return replace(settings, config_file=path)


class _SettingsReader:
    """Checks a config file's data against the settings dataclasses, collecting a located sentence per problem."""

    def __init__(self, loaded: LoadedYaml, base: Path) -> None:
        self.loaded = loaded
        self.base = base
        self.problems = [str(problem) for problem in loaded.problems]

    def problem(self, path: FieldPath, message: str) -> None:
        line = self.loaded.line_of(path)
        where = f"{self.loaded.file}:{line}" if line else self.loaded.file
        self.problems.append(f"{where}: {format_path(path)}: {message}")

    def refuse_tokens(self, data: Any, path: FieldPath) -> None:
        """A key named like a token, or a value shaped like one (or equal to DISCORD_TOKEN), is refused."""
        secret = os.environ.get(TOKEN_VARIABLE, "").strip()
        if isinstance(data, dict):
            for key, value in data.items():
                if "token" in str(key).lower():
                    self.problem(path + (key,), "the Discord token never goes in a file; set the "
                                                f"{TOKEN_VARIABLE} environment variable")
                else:
                    self.refuse_tokens(value, path + (key,))
        elif isinstance(data, list):
            for index, item in enumerate(data):
                self.refuse_tokens(item, path + (index,))
        elif isinstance(data, str) and (TOKEN_SHAPE.search(data) or (secret and secret in data)):
            self.problem(path, "this looks like a Discord bot token, which never goes in a file; set the "
                               f"{TOKEN_VARIABLE} environment variable (and reset the token if this file was shared)")

    def section(self, kind: type, data: Any, path: FieldPath) -> Any:
        """An instance of the dataclass ``kind`` from a mapping, or None when it is not one."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.problem(path, f"expected a mapping of settings, found {describe(data)}")
            return None
        hints = get_type_hints(kind)
        known = [f for f in fields(kind) if not f.metadata.get("internal")]
        names = [f.name for f in known]
        for key in data:
            if key not in names and "token" not in str(key).lower():
                close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(names)}"
                self.problem(path + (key,), f"unknown setting '{excerpt(key)}' ({hint})")
        values = {}
        for spec in known:
            if spec.name in data:
                value = self.value(spec, hints[spec.name], data[spec.name], path + (spec.name,))
            elif spec.metadata.get("relative"):
                value = self.base / spec.metadata["relative"]
            else:
                continue
            if value is not MISSING:
                values[spec.name] = value
        return kind(**values)

    def value(self, spec: Field, kind: Any, raw: Any, path: FieldPath) -> Any:
        """One setting converted to its type and checked, or MISSING (and a problem) when it is wrong."""
        if is_dataclass(kind):
            built = self.section(kind, raw, path)
            return MISSING if built is None else built
        try:
            meta = spec.metadata
            value = meta["parse"](raw) if meta.get("parse") else self.convert(kind, raw, meta)
            if meta.get("check"):
                meta["check"](value)
            return value
        except Invalid as exc:
            self.problem(path, str(exc))
            return MISSING

    def convert(self, kind: Any, raw: Any, meta: Any) -> Any:
        """``raw`` as ``kind``, within the bounds in ``meta``; raise Invalid with a sentence otherwise."""
        bounds = (meta.get("minimum"), meta.get("above"), meta.get("maximum"))
        if isinstance(kind, types.UnionType):
            if raw is None:
                return None
            kind = next(option for option in kind.__args__ if option is not type(None))
        if kind is bool:
            if not isinstance(raw, bool):
                raise Invalid(f"expected true or false, found {describe(raw)}")
            return raw
        if kind is int:
            value = read_int(raw)
            within(value, *bounds)
            return value
        if kind is float:
            if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
                raise Invalid(f"expected a number of seconds such as 2.5, found {describe(raw)}")
            within(raw, *bounds)
            return float(raw)
        if kind is str:
            return self.text(raw, meta.get("choices", ()))
        if kind is Path:
            if not isinstance(raw, str) or not raw.strip():
                raise Invalid(f"expected a path, such as knowledge or data/medbot.db, found {describe(raw)}")
            return self.base / Path(self.text(raw, ())).expanduser()
        if kind == tuple[int, ...]:
            if raw is None:
                return ()
            if not isinstance(raw, list):
                raise Invalid(f"expected a list of ids such as [123456789012345678], found {describe(raw)}")
            return tuple(snowflake(item) for item in raw)
        raise TypeError(f"settings of type {kind} need a parse function")

    @staticmethod
    def text(raw: Any, choices: tuple[str, ...]) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise Invalid(f"expected text, found {describe(raw)}")
        control = first_control(raw)
        if control or "\x00" in raw:
            raise Invalid(f"holds the control character {control or 'U+0000'}; write plain text")
        if choices:
            chosen = next((choice for choice in choices if choice.lower() == raw.strip().lower()), None)
            if chosen is None:
                raise Invalid(f"'{excerpt(raw, 40)}' is not one of: {', '.join(choices)}")
            return chosen
        return raw.strip()


def snowflake(value: Any) -> int:
    """A Discord id: a positive whole number (written plain or quoted)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= SNOWFLAKE_MAX:
        raise Invalid(f"expected a Discord id such as 123456789012345678, found {describe(value)}")
    return value


def discord_token() -> str | None:
    """The bot token, from the environment only."""
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    return token or None
