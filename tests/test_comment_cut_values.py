"""An unquoted value followed by ' #' loses the rest of its line to a YAML comment: in a knowledge file that is a
located problem, whether the file is loaded, imported, edited or formatted, and nothing is written; the config file
keeps its trailing comments.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.config import load_settings
from bot.editing import EditError, Editor, edit_stat, format_file, import_file
from bot.knowledge import load_knowledge
from bot.state import State
from bot.yaml_source import load_yaml_file, parse_yaml_text
from tests.helpers import LINE, MINIMAL_SOURCE, REPO_KNOWLEDGE, mutate, problems, write_config, write_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ADVICE = "put the whole value in quotes (a remark goes on a line of its own)"
CUT = "the text after ' #' was read as a YAML comment, so the value is"
TOPIC = ("  topic: Tools used\n", "  topic: Reach of the #IMJClub Twitter discussions\n")
LABEL = ("  - label: Blogs\n", "  - label: Total tweets using the #IMJClub hashtag over the 6 sessions\n")
QUOTED_TOPIC = ("  topic: Tools used\n", "  topic: 'Reach of the #IMJClub Twitter discussions'\n")
QUOTED_LABEL = ("  - label: Blogs\n", '  - label: "Total tweets using the #IMJClub hashtag over the 6 sessions"\n')


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both of PyYAML's parsers: libyaml's (used when installed) and the pure-Python one, whose marks differ."""
    if request.param == "pyyaml":
        monkeypatch.setattr("bot.yaml_source.LOADER", yaml.SafeLoader)
    return request.param


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (hidden ones too), byte for byte."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


# -- loading ---------------------------------------------------------------------------------------------------------

def test_an_unquoted_hashtag_in_a_study_is_refused_with_file_line_and_field(tmp_path: Path, parser: str) -> None:
    path = write_source(tmp_path, TOPIC, LABEL)
    found = {(p.file, p.line, p.field): p.message for p in problems(path)}
    assert found == {
        (str(path), LINE["topic"], "findings[0].topic"): f"{CUT} cut to 'Reach of the'; {ADVICE}",
        (str(path), LINE["stats[0]"], "findings[0].stats[0].label"): f"{CUT} cut to 'Total tweets using the'; {ADVICE}",
    }


def test_the_quoted_form_loads_with_the_whole_text(tmp_path: Path, parser: str) -> None:
    kb = load_knowledge(write_source(tmp_path, QUOTED_TOPIC, QUOTED_LABEL))
    [finding] = kb.sources[0].findings
    assert finding.topic == "Reach of the #IMJClub Twitter discussions"
    assert finding.stats[0].label == "Total tweets using the #IMJClub hashtag over the 6 sessions"


@pytest.mark.parametrize("changes", [
    [("  stats:\n", "  stats:  # the figures, as the source states them\n")],  # after a key with a block value
    [("  stats:\n", "  # the figures, as the source states them\n  stats:\n")],  # a comment on its own line
    [("  - label: Blogs\n", "  - label: 'Blogs #1'  # a remark after a quoted value\n")],
    [("authors:\n- Doe JA\n- Roe R\n", "authors: [Doe JA,  # a remark after a comma in a list\n  Roe R]\n")],
    [("conclusion: More research is needed.\n", "conclusion: |  # a block of lines\n  More research #is needed.\n")],
    [("  - label: Wikis\n", "  - label: Wikis#2\n")],  # '#' without a space before it is part of the value
])
def test_comments_that_cut_nothing_stay_allowed(tmp_path: Path, parser: str, changes: list[tuple[str, str]]) -> None:
    assert load_knowledge(write_source(tmp_path, *changes)).sources[0].id == "demo-2020"


@pytest.mark.parametrize(("changes", "line", "field", "cut"), [
    ([("    value: 71%\n", "    value: 71%          # exactly as the source writes it\n")], LINE["value0"],
     "findings[0].stats[0].value", "cut to '71%'"),
    ([("conclusion: More research is needed.\n", "conclusion: More research is\n  needed #MedEd\n")],
     LINE["conclusion"] + 1, "conclusion", "cut to 'More research is needed'"),
    ([("- Small sample\n", "- #IMJClub sessions only\n")], LINE["limitations"] + 1, "limitations[0]", "empty"),
    ([("pages: 10-20\n", "pages: 10-20\nnote:   #IMJClub was the hashtag\n")], LINE["pages"] + 1, "note", "empty"),
    ([("authors:\n- Doe JA\n- Roe R\n", "authors: [Doe JA, Roe R #2\n  ]\n")], LINE["authors"], "authors[1]",
     "cut to 'Roe R'"),
])
def test_every_value_a_comment_cuts_is_refused(tmp_path: Path, parser: str, changes: list[tuple[str, str]], line: int,
                                               field: str, cut: str) -> None:
    found = problems(write_source(tmp_path, *changes))
    assert [(p.line, p.field, p.message) for p in found if CUT in p.message] == [(line, field, f"{CUT} {cut}; {ADVICE}")]


def test_a_byte_order_mark_does_not_shift_the_check(parser: str) -> None:
    loaded = parse_yaml_text("\ufefftopic: Réach é #IMJClub\n", "x.yaml")
    assert [(p.line, p.field) for p in loaded.problems] == [(1, "topic")]
    assert parse_yaml_text("\ufefftopic: 'Réach é #IMJClub'\n", "x.yaml").problems == []


def test_the_vocabulary_is_checked_too(tmp_path: Path) -> None:
    vocabulary = tmp_path / "vocabulary.yaml"
    vocabulary.write_text("kind: vocabulary\nsynonyms:  # the words members use\n  twitter:\n  - tweets\n"
                          "  - the #IMJClub chats\n", encoding="utf-8")
    found = problems(write_source(tmp_path), vocabulary)
    assert [(p.file, p.line, p.field, p.message) for p in found] == [
        (str(vocabulary), 5, "synonyms.twitter[1]", f"{CUT} cut to 'the'; {ADVICE}")]


def test_the_shipped_knowledge_and_fixtures_have_no_cut_value() -> None:
    for path in sorted([*REPO_KNOWLEDGE.glob("*.yaml"), FIXTURES / "okafor-2019.yaml"]):
        assert load_yaml_file(path).problems == [], path


def test_the_config_file_keeps_its_trailing_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("knowledge_dir: knowledge\n"
                    "index_path: data/medbot.db          # built from knowledge/; rebuilt when the YAML changes\n"
                    "log_level: DEBUG  # or INFO\n"
                    "discord:\n  moderator_role: Moderator  # the role that may edit\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.index_path == tmp_path / "data" / "medbot.db" and settings.log_level == "DEBUG"
    assert settings.discord.moderator_role == "Moderator"


# -- editing: import, edit, format, kb set ---------------------------------------------------------------------------

@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(REPO_KNOWLEDGE, tmp_path / "knowledge")
    write_config(tmp_path, "knowledge")
    return tmp_path


def editor(site: Path) -> Editor:
    return Editor(site / "knowledge", site / "data" / "medbot.db", State(site / "data" / "medbot-state.db"))


@pytest.mark.parametrize("source_id", ["demo-2020", "cheston-2013"])  # a new source, and one replacing a file
def test_an_import_with_a_cut_value_is_refused_and_writes_nothing(site: Path, source_id: str) -> None:
    before = snapshot(site / "knowledge")
    raw = mutate(MINIMAL_SOURCE, ("id: demo-2020", f"id: {source_id}"), TOPIC).encode("utf-8")
    with pytest.raises(EditError) as refused:
        import_file(editor(site), raw, "upload.yaml")
    message = str(refused.value)
    assert message.startswith("nothing was changed, because upload.yaml has 1 problem to fix first:")
    assert f"upload.yaml:{LINE['topic']}: findings[0].topic: {CUT} cut to 'Reach of the'; {ADVICE}" in message
    assert snapshot(site / "knowledge") == before


def test_an_import_of_the_quoted_form_lands_with_the_whole_text(site: Path) -> None:
    ed = editor(site)
    raw = mutate(MINIMAL_SOURCE, QUOTED_TOPIC, QUOTED_LABEL).encode("utf-8")
    applied = ed.apply(import_file(ed, raw, "upload.yaml"), "mod", "new study")
    [finding] = applied.kb.source("demo-2020").findings
    assert finding.topic == "Reach of the #IMJClub Twitter discussions"
    written = load_yaml_file(site / "knowledge" / "demo-2020.yaml")
    assert written.problems == [] and written.data["findings"][0]["topic"] == finding.topic


def test_a_label_typed_into_the_edit_form_keeps_its_hashtag(site: Path) -> None:
    label = "Total tweets using the #IMJClub hashtag over the 6 sessions"
    ed = editor(site)
    ed.apply(ed.change("cheston-2013", lambda data: edit_stat(data, "tools", 0, label, "71%", "")), "mod", "rename")
    assert load_knowledge(site / "knowledge").source("cheston-2013").findings[0].stats[0].label == label


def hand_edited(site: Path) -> Path:
    """cheston-2013.yaml with its first figure's label given a hashtag by hand, unquoted."""
    path = site / "knowledge" / "cheston-2013.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  - label: Blogs\n") == 1
    path.write_text(text.replace("  - label: Blogs\n", "  - label: Blogs #IMJClub and others\n"), encoding="utf-8")
    return path


def test_editing_a_file_with_a_cut_value_is_refused_so_the_hidden_text_is_not_erased(site: Path) -> None:
    path = hand_edited(site)
    line = path.read_text(encoding="utf-8").splitlines().index("  - label: Blogs #IMJClub and others") + 1
    before = snapshot(site / "knowledge")
    with pytest.raises(EditError) as refused:
        editor(site).change("cheston-2013", lambda data: edit_stat(data, "tools", 1, "", "21%", "a note"))
    assert f"{path}:{line}: findings[0].stats[0].label: {CUT} cut to 'Blogs'" in str(refused.value)
    with pytest.raises(EditError):
        format_file(path)
    assert snapshot(site / "knowledge") == before


def test_kb_set_and_validate_name_the_line_and_change_nothing(site: Path) -> None:
    path = hand_edited(site)
    line = path.read_text(encoding="utf-8").splitlines().index("  - label: Blogs #IMJClub and others") + 1
    before = snapshot(site / "knowledge")
    config = ["--config", str(site / "config.yaml")]
    result = CliRunner().invoke(main, ["kb", "set", "cheston-2013/tools/Blogs", "71%", "--reason", "x", *config])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cheston-2013.yaml:{line}: findings[0].stats[0].label: {CUT} cut to 'Blogs'" in result.stderr
    validate = CliRunner().invoke(main, ["kb", "validate", *config])
    assert validate.exit_code == 1 and f"cheston-2013.yaml:{line}: findings[0].stats[0].label" in validate.output
    assert snapshot(site / "knowledge") == before
