"""Moderators' edits from the shell: canonical files, kb set/history/undo byte for byte, conflicts, races, gaps."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.editing import Conflict, EditError, Editor, format_file, set_figure
from bot.state import State
from bot.store import load_index
from bot.yaml_source import load_yaml_file
from tests.helpers import REPO_KNOWLEDGE, write_config


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(REPO_KNOWLEDGE, tmp_path / "knowledge")
    write_config(tmp_path, "knowledge")
    return tmp_path


def medbot(site: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--config", str(site / "config.yaml")])


def editor(site: Path) -> Editor:
    return Editor(site / "knowledge", site / "data" / "medbot.db", State(site / "data" / "medbot-state.db"))


def test_the_shipped_files_are_canonical() -> None:
    for path in sorted(REPO_KNOWLEDGE.glob("*.yaml")):
        assert not format_file(path, write=False), f"{path.name} is not canonical: run `medbot kb format`"


def test_format_changes_layout_never_a_value(site: Path) -> None:
    path = site / "knowledge" / "neill-2014.yaml"
    data = load_yaml_file(path).data
    path.write_text(path.read_text(encoding="utf-8").replace("value: 41.5%", 'value: "41.5%"'), encoding="utf-8")
    check = medbot(site, "kb", "format", "--check")
    assert check.exit_code == 1 and f"not canonical: {path}" in check.stdout
    assert medbot(site, "kb", "format").exit_code == 0
    assert load_yaml_file(path).data == data
    assert path.read_bytes() == (REPO_KNOWLEDGE / "neill-2014.yaml").read_bytes()


def test_kb_set_changes_one_line_then_undo_restores_the_file_byte_for_byte(site: Path) -> None:
    path = site / "knowledge" / "neill-2014.yaml"
    original = path.read_bytes()
    result = medbot(site, "kb", "set", "neill-2014/speakers/Google Plus", "<2%", "--reason", "typo", "--json")
    assert result.exit_code == 0, result.output
    change = json.loads(result.stdout)
    assert change["diff"].count("\n-    value:") == 1 and "+    value: <2%" in change["diff"]
    changed_lines = [a for a, b in zip(original.decode().splitlines(), path.read_text().splitlines(), strict=True)
                     if a != b]
    assert changed_lines == ["    value: <1%"]
    index = site / "data" / "medbot.db"
    assert load_index(index).source("neill-2014").finding("speakers").stats[3].value.text == "<2%"

    history = json.loads(medbot(site, "kb", "history", "--json").stdout)["revisions"]
    assert [(r["id"], r["reason"], r["file"]) for r in history] == [(change["id"], "typo", "neill-2014.yaml")]
    assert "(shell)" in history[0]["who"]

    assert medbot(site, "kb", "undo", str(change["id"])).exit_code == 0
    assert path.read_bytes() == original
    assert load_index(index).source("neill-2014").finding("speakers").stats[3].value.text == "<1%"
    history = json.loads(medbot(site, "kb", "history", "--json").stdout)["revisions"]
    assert history[0]["undoes"] == change["id"] and history[0]["action"] == "undo"


def test_a_derived_count_follows_the_figure_or_goes(site: Path) -> None:
    result = medbot(site, "kb", "set", "cheston-2013/tools/Blogs", "64%", "--reason", "check")
    assert result.exit_code == 0 and "derived count 10 -> 9" in result.stdout
    result = medbot(site, "kb", "set", "cheston-2013/tools/Blogs", "70%", "--reason", "typo")
    assert result.exit_code == 0 and "its derived count was removed" in result.stdout
    blogs = load_index(site / "data" / "medbot.db").source("cheston-2013").finding("tools").stats[0]
    assert (blogs.value.text, blogs.count, blogs.derived) == ("70%", None, False)


@pytest.mark.parametrize(("address", "value", "message"), [
    ("cheston-2013/tools/Podcasts", "5%", "no figure 'Podcasts' in finding 'tools' (figures: Blogs, Wikis"),
    ("cheston-2013/nothing/Blogs", "5%", "no finding 'nothing' in cheston-2013"),
    ("nobody-1999/tools/Blogs", "5%", "no knowledge file 'nobody-1999'"),
    ("cheston-2013/tools", "5%", "is not SOURCE/FINDING/LABEL"),
    ("cheston-2013/tools/Blogs", "about 70", "is not a figure this bot can keep exactly"),
    ("cheston-2013/tools/Blogs", "170%", "170% is not a percentage between 0 and 100"),
])
def test_a_refused_edit_is_a_sentence_and_changes_nothing(site: Path, address: str, value: str, message: str) -> None:
    before = {p.name: p.read_bytes() for p in (site / "knowledge").iterdir()}
    result = medbot(site, "kb", "set", address, value, "--reason", "x")
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in (site / "knowledge").iterdir()} == before


def test_an_edit_opened_on_an_old_version_is_refused_with_who_and_when(site: Path) -> None:
    first, second = editor(site), editor(site)
    mine = first.change("cheston-2013", lambda data: set_figure(data, "tools", "Wikis", "22%"))
    theirs = second.change("cheston-2013", lambda data: set_figure(data, "tools", "Twitter", "15%"))
    landed = second.apply(theirs, "Dr Who (discord 42)", "their reason")
    path = site / "knowledge" / "cheston-2013.yaml"
    after_theirs = path.read_bytes()
    with pytest.raises(Conflict, match=r"was changed by Dr Who \(discord 42\) at 20\d\d-.* UTC \(revision "
                                       rf"{landed.revision.id}: .*Twitter.*\) after you opened it; nothing was written"):
        first.apply(mine, "Someone", "my reason")
    assert path.read_bytes() == after_theirs
    assert [r.who for r in first.state.revisions()] == ["Dr Who (discord 42)"]


def test_an_edit_of_a_file_changed_outside_the_bot_is_refused(site: Path) -> None:
    ed = editor(site)
    mine = ed.change("cheston-2013", lambda data: set_figure(data, "tools", "Wikis", "22%"))
    path = site / "knowledge" / "cheston-2013.yaml"
    path.write_text(path.read_text() + "note: hand edit\n")
    with pytest.raises(Conflict, match="changed outside the bot"):
        ed.apply(mine, "x", "y")


def confirm_at_once(eds: list[Editor], proposals: list) -> list:
    """Both moderators press Confirm at the same instant; each gets a revision or a Conflict."""
    barrier, outcomes = threading.Barrier(2), [None, None]

    def confirm(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = eds[i].apply(proposals[i], f"mod{i}", "race")
        except Conflict as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_race_two_edits_on_one_file_exactly_one_lands(site: Path) -> None:
    """Two moderators open the same file, then both press Confirm at once, many times over."""
    path = site / "knowledge" / "cheston-2013.yaml"
    rounds = 20
    for round_ in range(rounds):
        eds = [editor(site), editor(site)]
        wikis = eds[0].change("cheston-2013", lambda d, v=f"{30 + round_}%": set_figure(d, "tools", "Wikis", v))
        twitter = eds[1].change("cheston-2013", lambda d, v=f"{60 + round_}%": set_figure(d, "tools", "Twitter", v))
        outcomes = confirm_at_once(eds, [wikis, twitter])
        won = [i for i in range(2) if not isinstance(outcomes[i], Conflict)]
        assert len(won) == 1, outcomes
        assert "nothing was written" in str(outcomes[1 - won[0]])
        assert path.read_text() == [wikis, twitter][won[0]].after
        assert eds[0].state.revisions(limit=1)[0].after == path.read_text()
    assert editor(site).state.count_revisions() == rounds


def test_undo_of_an_unknown_revision_is_a_sentence(site: Path) -> None:
    result = medbot(site, "kb", "undo", "99")
    assert result.exit_code == 1 and "no revision 99" in result.stderr


def test_gaps_groups_near_duplicates_most_frequent_first(site: Path) -> None:
    state = State(site / "data" / "medbot-state.db")
    for question in ("what % used instagram", "What % used Instagram?", "what percent used instagram",
                     "podcasts in residency"):
        state.log("unanswered", question, guild_id=1)
    state.log("reported", "how many used blogs", answer="71%", note="should be 70", guild_id=1)
    gaps = json.loads(medbot(site, "kb", "gaps", "--json").stdout)["gaps"]
    assert gaps[0]["question"] == "what % used instagram" and gaps[0]["count"] == 3
    assert {g["question"] for g in gaps[1:]} == {"podcasts in residency", "how many used blogs"}
    reported = next(g for g in gaps if g["reported"])
    assert reported["notes"] == ["should be 70"] and reported["answer"] == "71%"


def test_edit_error_is_raised_for_a_no_op(site: Path) -> None:
    with pytest.raises(EditError, match="changes nothing"):
        editor(site).change("cheston-2013", lambda data: set_figure(data, "tools", "Wikis", "21%"))


def test_a_write_that_fails_leaves_the_file_and_no_applied_revision(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.editing

    path = site / "knowledge" / "cheston-2013.yaml"
    before = path.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bot.editing.os, "replace", full_disk)
    result = medbot(site, "kb", "set", "cheston-2013/tools/Wikis", "22%", "--reason", "x")
    assert result.exit_code == 1 and "could not write" in result.stderr and "No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert not list((site / "knowledge").glob(".*.tmp"))
    state = State(site / "data" / "medbot-state.db")
    assert state.count_revisions() == 0 and state.pending() == []
