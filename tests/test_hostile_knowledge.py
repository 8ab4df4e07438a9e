"""Hostile knowledge folders and files (issue 11): links out of the folder, floods of problems, control characters,
and one file checked against the folder it belongs to. Each test drives the real `medbot kb validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.config import Settings
from tests.helpers import REPO_KNOWLEDGE, find_problem, problems, write_config, write_source

SHOWN = 50  # problems printed before "... and M more"
SECRET = "shadowuser:$6$saltsalt$hashedpasswordhashedpasswordhashedpassword:19000:0:99999:7:::"


def validate(*args: str) -> Result:
    return CliRunner().invoke(main, ["kb", "validate", *args])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A knowledge folder with one valid study, and its config.yaml."""
    write_source(tmp_path / "site" / "kb")
    write_config(tmp_path / "site", "kb")
    return tmp_path / "site"


def test_a_link_out_of_the_folder_is_not_read(tmp_path: Path, site: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET + "\n" + SECRET.replace("root", "daemon") + "\n", encoding="utf-8")
    (site / "kb" / "shadow.yaml").symlink_to(secret)
    result = validate("--config", str(site / "config.yaml"))
    assert result.exit_code == 1
    assert "shadow.yaml: is a link to a file outside its folder, so it was not read" in result.stderr
    assert "hashedpassword" not in result.output and "shadowuser" not in result.output


def test_a_link_to_a_folder_outside_is_not_read(tmp_path: Path, site: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (site / "kb" / "sub.yaml").symlink_to(tmp_path / "elsewhere")
    assert "outside its folder" in validate("--config", str(site / "config.yaml")).stderr


def test_a_named_link_out_of_its_folder_is_not_read(tmp_path: Path, site: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (site / "kb" / "shadow.yaml").symlink_to(secret)
    result = validate(str(site / "kb" / "shadow.yaml"), "--config", str(site / "config.yaml"))
    assert result.exit_code == 1 and "outside its folder" in result.stderr
    assert "hashedpassword" not in result.output


def test_a_link_within_the_folder_is_read_once(site: Path) -> None:
    (site / "kb" / "alias.yaml").symlink_to(site / "kb" / "demo-2020.yaml")
    result = validate("--config", str(site / "config.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 1 sources")


def test_an_unparsable_key_is_echoed_only_as_a_short_excerpt(tmp_path: Path) -> None:
    key = "hashedpassword" * 70
    path = write_source(tmp_path, ("conclusion: More", f"{key}: 1\nconclusion: More"))
    [problem] = [p for p in problems(path) if "unknown field" in p.message]
    assert "…" in problem.message and str(problem).count("hashedpassword") <= 10


def test_ninety_thousand_problems_are_capped(tmp_path: Path, site: Path) -> None:
    flood = tmp_path / "flood.yaml"
    flood.write_text("".join(f"k{n:05}: 1\n" for n in range(90_000)), encoding="utf-8")
    result = validate(str(flood), "--config", str(site / "config.yaml"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "90004 problems in the knowledge base:"
    assert len(lines) == SHOWN + 2 and len(result.stderr) < 30_000
    hidden = int(lines[0].split()[0].replace(",", "")) - SHOWN
    assert lines[-1] == f"  ... and {hidden:,} more"
    data = json.loads(validate(str(flood), "--json", "--config", str(site / "config.yaml")).stdout)
    assert len(data["problems"]) == SHOWN and data["more"] == hidden


def test_one_shipped_file_is_checked_against_its_folder(settings: Settings) -> None:
    result = validate(str(REPO_KNOWLEDGE / "aliem-rezaie.yaml"), "--config", str(settings.config_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 1 sources")


def test_a_draft_outside_the_folder_may_cite_the_folder_but_not_unknown_ids(tmp_path: Path, site: Path) -> None:
    draft = write_source(tmp_path / "drafts", ("conclusion: More research is needed.\n",
                                               "conclusion: More research is needed.\ncites:\n- demo-2020\n"),
                         ("id: demo-2020", "id: draft-2021"), name="draft-2021.yaml")
    assert validate(str(draft), "--config", str(site / "config.yaml")).exit_code == 0
    wrong = write_source(tmp_path / "drafts", ("conclusion: More research is needed.\n",
                                               "conclusion: More research is needed.\ncites:\n- nobody-1999\n"),
                         ("id: demo-2020", "id: wrong-2021"), name="wrong-2021.yaml")
    result = validate(str(wrong), "--config", str(site / "config.yaml"))
    assert result.exit_code == 1 and "cites 'nobody-1999', which no knowledge file defines" in result.stderr


@pytest.mark.parametrize(("field", "written", "control"), [
    ("title", r'"\e]0;owned\a A demo study"', "U+001B"),
    ("title", '"A demo \u202eyduts"', "U+202E"),
    ("limitations[0]", r'"Small \x07sample"', "U+0007"),
    ("conclusion", r'"Done.\x9b2J"', "U+009B"),
])
def test_control_characters_in_knowledge_text_are_refused(tmp_path: Path, site: Path, field: str, written: str,
                                                          control: str) -> None:
    changes = {"title": ("title: 'A demo study: tools used'", f"title: {written}"),
               "limitations[0]": ("- Small sample", f"- {written}"),
               "conclusion": ("conclusion: More research is needed.", f"conclusion: {written}")}
    path = write_source(tmp_path / "hostile", changes[field])
    find_problem(problems(path), field, f"holds the control character {control}; write plain text")
    result = validate(str(path), "--config", str(site / "config.yaml"))
    assert result.exit_code == 1
    assert not any(ch in result.output for ch in "\x1b\x07\u202e\x9b")


def test_a_file_name_with_control_characters_is_escaped_in_messages(tmp_path: Path, site: Path) -> None:
    path = tmp_path / "\x1b]0;owned\x07.yaml"
    path.write_text("not: [valid\n", encoding="utf-8")
    result = validate(str(path), "--config", str(site / "config.yaml"))
    assert result.exit_code == 1 and "\x1b" not in result.output and "\\x1b]0;owned\\x07.yaml" in result.output


@pytest.mark.parametrize("as_json", [False, True])
def test_terminal_output_never_carries_control_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          as_json: bool) -> None:
    from bot.answers import Answer
    from bot.evidence import Evidence

    hostile = Answer(True, "\x1b]0;owned\x07Tools \u202eslooT", "intro \x9b2J text")
    monkeypatch.setattr(Evidence, "study", lambda self, source_id: hostile)
    config = write_config(tmp_path / "settings", REPO_KNOWLEDGE)
    result = CliRunner().invoke(main, ["study", "neill-2014", "--config", str(config), *(["--json"] if as_json else [])])
    assert result.exit_code == 0, result.output
    assert not any(ch in result.stdout for ch in "\x1b\x07\u202e\x9b")
    assert "]0;ownedTools slooT" in result.stdout
