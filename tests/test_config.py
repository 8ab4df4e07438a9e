"""config.yaml (issue 11): every key typed and ranged, a located sentence for each wrong one, the hardened YAML
reader, a token guard that refuses tokens and nothing else, and addresses the token may be sent to."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.config import PROJECT_ROOT, ConfigError, Settings, load_settings

LOCAL = "discord:\n  api_base: http://127.0.0.1:9/api/v10\n  gateway_url: ws://127.0.0.1:9/\n"
TOKEN_LIKE = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDe.abcdefghijklmnopqrstuvwxyz012345"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text))
    return str(caught.value)


@pytest.mark.parametrize(("text", "message"), [
    ("log_level: VERBOSE\n", "config.yaml:1: log_level: 'VERBOSE' is not one of: DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("discord:\n  api_base: 123\n", "config.yaml:2: discord.api_base: expected text, found a number ('123')"),
    ("discord:\n  cooldown_rate: abc\n", "config.yaml:2: discord.cooldown_rate: expected a whole number, found text"),
    ("discord:\n  guild_ready_timeout: soon\n", "discord.guild_ready_timeout: expected a number of seconds"),
    ("discord:\n  cooldown_seconds: -30\n", "discord.cooldown_seconds: -30 is too small: it must be more than 0"),
    ("discord:\n  cooldown_rate: -1\n", "discord.cooldown_rate: -1 is too small: it must be at least 1"),
    ("discord:\n  guild_ready_timeout: .inf\n", "discord.guild_ready_timeout: inf is too large"),
    ("discord:\n  sync_on_start: 'yes please'\n", "discord.sync_on_start: expected true or false, found text ('yes please')"),
    ("discord:\n  sync_on_start: 1\n", "discord.sync_on_start: expected true or false"),
    ("discord:\n  guild_ids: [12, -3]\n", "discord.guild_ids: expected a Discord id"),
    ("discord:\n  guild_ids: 12\n", "discord.guild_ids: expected a list of ids"),
    ("discord:\n  moderator_role: ''\n", "discord.moderator_role: expected text"),
    ("discord: [1, 2]\n", "config.yaml:1: discord: expected a mapping of settings, found a list"),
    ("1: 2\n", "config.yaml:1: [1]: unknown setting '1'"),
    ("discord:\n  2: x\n", "discord[2]: unknown setting '2'"),
    ("discord:\n  cooldown_rte: 5\n", "discord.cooldown_rte: unknown setting 'cooldown_rte' (did you mean 'cooldown_rate'?)"),
    ("moderation:\n  retention_days: 0\n", "moderation.retention_days: 0 is too small"),
    ("log_level: \"\\e]0;x\\a\"\n", "log_level: holds the control character U+001B"),
    ("- a\n- b\n", "config.yaml:1: (top level): expected a mapping of settings, found a list"),
])
def test_a_wrong_setting_is_a_located_sentence(tmp_path: Path, text: str, message: str) -> None:
    assert message in refused(tmp_path, text)


def test_every_wrong_setting_is_named_at_once(tmp_path: Path) -> None:
    message = refused(tmp_path, "log_level: LOUD\ndiscord:\n  cooldown_rate: x\n  sync_on_start: maybe\n")
    assert sorted(line.split(": ")[1] for line in message.splitlines()) == [
        "discord.cooldown_rate", "discord.sync_on_start", "log_level"]


@pytest.mark.parametrize("text", [
    "log_level: VERBOSE\n" + LOCAL,
    LOCAL.replace("http://127.0.0.1:9/api/v10", "123"),
    LOCAL + "  cooldown_rate: abc\n",
    LOCAL + "  guild_ready_timeout: soon\n",
    "1: 2\n" + LOCAL,
])
def test_medbot_run_with_a_wrong_setting_exits_1_without_a_traceback(tmp_path: Path, text: str) -> None:
    result = CliRunner().invoke(main, ["run", "--config", str(write(tmp_path, text))],
                                env={"DISCORD_TOKEN": "not-a-real-token"})
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit) and "config.yaml:" in result.stderr


def test_an_innocent_value_with_the_word_token_is_accepted(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "discord:\n  moderator_role: Token Keeper\n"
                                             "  gateway_url: wss://token.gateway.example/token/\n"))
    assert settings.discord.moderator_role == "Token Keeper"
    assert settings.discord.gateway_url == "wss://token.gateway.example/token/"


def test_cooldown_rate_five_in_words_is_refused(tmp_path: Path) -> None:
    assert "discord.cooldown_rate: expected a whole number, found text ('five')" in refused(
        tmp_path, "discord:\n  cooldown_rate: five\n")


@pytest.mark.parametrize("text", [
    "discord:\n  token: abc\n",
    "discord:\n  bot_token: abc\n",
    f"discord:\n  moderator_role: {TOKEN_LIKE}\n",
    f"log_level: INFO  # {TOKEN_LIKE}\nknowledge_dir: '{TOKEN_LIKE}'\n",
])
def test_a_token_in_the_file_is_refused(tmp_path: Path, text: str) -> None:
    message = refused(tmp_path, text)
    assert "never goes in a file" in message and TOKEN_LIKE not in message


def test_the_configured_token_itself_is_refused_wherever_it_is(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "short-secret-42")
    assert "never goes in a file" in refused(tmp_path, "discord:\n  moderator_role: short-secret-42\n")


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['discord:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  {b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    started = time.perf_counter()
    message = refused(tmp_path, "\n".join(lines) + "\n")
    assert "anchors and aliases (& and *) are not allowed in config files" in message
    assert time.perf_counter() - started < 5


def test_a_huge_config_file_is_refused_by_its_size(tmp_path: Path) -> None:
    assert "a config file may be at most 1,000,000 bytes" in refused(tmp_path, "log_level: INFO\n" + "# padding\n" * 200_000)


@pytest.mark.parametrize(("key", "address", "ok"), [
    ("api_base", "https://discord.com/api/v10", True),
    ("api_base", "https://proxy.example.org:8443/api/v10", True),
    ("api_base", "http://127.0.0.1:8080/api/v10", True),
    ("api_base", "http://localhost:8080/api/v10", True),
    ("api_base", "http://[::1]:8080/api/v10", True),
    ("api_base", "http://discord.com/api/v10", False),
    ("api_base", "http://10.0.0.5/api/v10", False),
    ("api_base", "ftp://127.0.0.1/", False),
    ("api_base", "https:///nohost", False),
    ("api_base", "discord.com/api", False),
    ("gateway_url", "wss://gateway.discord.gg/", True),
    ("gateway_url", "ws://127.0.0.1:9/", True),
    ("gateway_url", "ws://gateway.discord.gg/", False),
    ("gateway_url", "https://gateway.discord.gg/", False),
])
def test_the_token_is_only_sent_over_tls_or_to_this_machine(tmp_path: Path, key: str, address: str, ok: bool) -> None:
    text = f"discord:\n  {key}: '{address}'\n"
    if ok:
        assert getattr(load_settings(write(tmp_path, text)).discord, key) == address
    else:
        assert f"discord.{key}: '{address}' must be a" in refused(tmp_path, text)


@pytest.mark.parametrize(("written", "expected"), [
    ("auto", (None, None)),
    ("2", (2, (0, 1))),
    ("{count: 4, ids: [2, 3]}", (4, (2, 3))),
    ("null", None),
])
def test_shards(tmp_path: Path, written: str, expected: tuple | None) -> None:
    shards = load_settings(write(tmp_path, f"discord:\n  shards: {written}\n")).discord.shards
    assert (shards.count, shards.ids) == expected if expected else shards is None


@pytest.mark.parametrize(("written", "message"), [
    ("many", "expected auto, a number of shards"),
    ("0", "0 is too small"),
    ("{count: 2, ids: [2]}", "2 is too large: it must be at most 1"),
    ("{count: 2, ids: [0, 0]}", "ids lists a shard twice"),
    ("{count: 2, ids: []}", "ids must list the shard numbers"),
    ("{ids: [0]}", "expected auto, a number of shards"),
])
def test_wrong_shards(tmp_path: Path, written: str, message: str) -> None:
    assert f"discord.shards: {message}" in refused(tmp_path, f"discord:\n  shards: {written}\n")


def test_types_and_paths_of_the_shipped_config() -> None:
    settings = load_settings(PROJECT_ROOT / "config.yaml")
    assert settings.knowledge_dir == PROJECT_ROOT / "knowledge" and settings.index_path == PROJECT_ROOT / "data" / "medbot.db"
    assert isinstance(settings.discord.cooldown_seconds, float) and settings.discord.cooldown_seconds == 30.0
    assert settings.discord.guild_ids == () and settings.discord.shards is None and settings.log_level == "INFO"


def test_paths_left_out_resolve_against_the_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "log_level: debug\n"))
    assert settings.index_path == tmp_path / "data" / "medbot.db" and settings.log_level == "DEBUG"
    assert settings.knowledge_dir == Settings().knowledge_dir and settings.knowledge_dir.is_dir()


def test_an_empty_file_is_all_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "# nothing set\n")).discord == Settings().discord


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["auto", "INFO", "https://x.org", "ws://127.0.0.1:1/"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                             max_size=3), max_leaves=8)
DISCORD_KEYS = ["api_base", "gateway_url", "guild_ids", "sync_on_start", "moderator_role", "cooldown_rate",
                "cooldown_seconds", "guild_ready_timeout", "connect_timeout", "shards", "nonsense"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(top=st.dictionaries(st.sampled_from(["knowledge_dir", "index_path", "log_level", "moderation", "x"]), values,
                           max_size=3),
       discord=st.dictionaries(st.sampled_from(DISCORD_KEYS), values, max_size=4))
def test_any_config_loads_or_is_refused_with_a_sentence(tmp_path: Path, top: dict, discord: dict) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({**top, "discord": discord}), encoding="utf-8")
    try:
        settings = load_settings(path)
    except ConfigError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert isinstance(settings.discord.cooldown_rate, int) and settings.discord.cooldown_rate >= 1
    assert isinstance(settings.discord.sync_on_start, bool) and settings.discord.cooldown_seconds > 0
    assert settings.discord.api_base.startswith(("https://", "http://"))
    assert os.fspath(settings.knowledge_dir)
