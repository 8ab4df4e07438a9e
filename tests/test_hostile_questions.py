"""Hostile questions (issue 11): `medbot ask --batch` answers every line on its own, whatever its bytes or length,
and no front end hands the matcher more than a Discord-sized question."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.search import Matcher
from tests.helpers import REPO_KNOWLEDGE, write_config

DISCORD_LIMIT = 500  # characters of a slash-command option: the most of a question the matcher may read
TOOLS = b"which tools were used most"
SPEAKERS = b"what % of speakers used LinkedIn"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "settings", REPO_KNOWLEDGE)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question the matcher is handed."""
    handed: list[str] = []
    match = Matcher.match

    def recording(self: Matcher, question: str):  # noqa: ANN202 - whatever Matcher.match returns
        handed.append(question)
        return match(self, question)

    monkeypatch.setattr(Matcher, "match", recording)
    return handed


def batch(config: Path, stdin: bytes) -> list[dict]:
    result = CliRunner().invoke(main, ["ask", "--batch", "--config", str(config)], input=stdin)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_invalid_utf8_spoils_only_its_own_line(config: Path) -> None:
    answers = batch(config, TOOLS + b"\n\xff\xfe\xc3( nonsense \x80\n" + SPEAKERS + b"\n")
    assert len(answers) == 3
    assert answers[0]["answered"] and "71%" in answers[0]["text"]
    assert answers[1]["answered"] is False
    assert answers[2]["answered"] and "41.5%" in answers[2]["text"]


def test_a_good_question_after_bad_bytes_in_the_same_line_still_counts(config: Path) -> None:
    [answer] = batch(config, b"\xff " + TOOLS + b"\n")
    assert answer["answered"] and "71%" in answer["text"]


def test_a_last_line_without_a_newline_and_crlf_lines_are_answered(config: Path) -> None:
    answers = batch(config, TOOLS + b"\r\n" + SPEAKERS)
    assert [a["answered"] for a in answers] == [True, True]


def test_megabyte_lines_reach_the_matcher_cut_to_the_discord_limit(config: Path, seen: list[str]) -> None:
    huge = b"x" * (1 << 20)
    answers = batch(config, TOOLS + b" " + huge + b"\n" + huge + b"\n" + SPEAKERS + b"\n")
    assert len(answers) == 3 and answers[2]["answered"] and "41.5%" in answers[2]["text"]
    assert seen and max(len(q) for q in seen) <= DISCORD_LIMIT
    assert seen[0].startswith(TOOLS.decode())


def test_a_long_question_on_the_command_line_is_cut_too(config: Path, seen: list[str]) -> None:
    result = CliRunner().invoke(main, ["ask", "--config", str(config), TOOLS.decode() + " " + "y" * 100_000])
    assert result.exit_code == 0, result.output
    assert seen and max(len(q) for q in seen) <= DISCORD_LIMIT
