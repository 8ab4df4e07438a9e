"""Loading a knowledge folder: files found, every file's problems reported together, and the cross-file checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, KnowledgeError, knowledge_files, load_knowledge
from tests.helpers import LINE, load_ok, only_problem, problems, write_source

POST = """\
id: demo-post
kind: post
title: A post about the demo study
authors:
- Poe P
author_display: Pat Poe, MD
cites:
- demo-2020
advantages:
- Fast
bottom_line: Read the demo study.
"""


def write_post(folder: Path, *changes: tuple[str, str]) -> Path:
    return write_source(folder, *changes, name="demo-post.yaml", text=POST)


def test_folder_loads_every_source(tmp_path: Path) -> None:
    write_source(tmp_path)
    write_post(tmp_path)
    kb = load_ok(tmp_path)
    assert [s.id for s in kb.sources] == ["demo-2020", "demo-post"]
    assert [s.id for s in kb.studies] == ["demo-2020"]
    assert kb.source("demo-post").cites == ("demo-2020",)
    assert kb.source("nope") is None
    assert len(kb.version) == 12


def test_version_changes_when_a_file_changes(tmp_path: Path) -> None:
    write_source(tmp_path)
    before = load_ok(tmp_path).version
    assert load_ok(tmp_path).version == before
    write_source(tmp_path, ("Small sample", "Tiny sample"))
    assert load_ok(tmp_path).version != before


def test_yml_files_are_found_and_other_files_ignored(tmp_path: Path) -> None:
    write_source(tmp_path, name="demo-2020.yml")
    (tmp_path / "README.md").write_text("# not knowledge\n", encoding="utf-8")
    files, found = knowledge_files([tmp_path])
    assert (files, found) == ([tmp_path / "demo-2020.yml"], [])


def test_missing_folder(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "nowhere")
    assert (problem.file, problem.message) == (str(tmp_path / "nowhere"), "no such file or folder")


def test_folder_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    assert str(only_problem(tmp_path)) == f"{tmp_path}: this folder holds no .yaml files"


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = write_source(tmp_path, name="other-name.yaml")
    assert str(only_problem(path)) == f"{path}:1: id: the id 'demo-2020' must match the file name ('other-name')"


def test_same_source_id_in_two_files(tmp_path: Path) -> None:
    first = write_source(tmp_path / "a")
    second = write_source(tmp_path / "b")
    assert str(only_problem(first, second)) == f"{second}:1: id: duplicate source id 'demo-2020' (also in {first})"


def test_the_same_file_named_twice_is_loaded_once(tmp_path: Path) -> None:
    path = write_source(tmp_path)
    kb = load_ok(tmp_path, path, tmp_path / "." / "demo-2020.yaml")
    assert [s.id for s in kb.sources] == ["demo-2020"]


def test_citing_a_source_no_file_defines(tmp_path: Path) -> None:
    write_source(tmp_path)
    path = write_post(tmp_path, ("- demo-2020\n", "- demo-2020\n- ghost-2019\n"))
    problem = only_problem(tmp_path)
    assert str(problem) == f"{path}:9: cites[1]: cites 'ghost-2019', which no knowledge file defines"


def test_citing_a_source_with_errors_reports_only_its_errors(tmp_path: Path) -> None:
    broken = write_source(tmp_path, ("year: 2020", "year: soon"))
    write_post(tmp_path)
    problem = only_problem(tmp_path)
    assert (problem.file, problem.line, problem.field) == (str(broken), LINE["year"], "year")


def test_problems_of_every_file_are_reported_together(tmp_path: Path) -> None:
    study = write_source(tmp_path, ("    value: 71%", "    vaule: 71%"))
    post = write_post(tmp_path, ("bottom_line:", "botom_line:"))
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    found = problems(tmp_path)
    assert [(p.file, p.line, p.field) for p in found] == [
        (str(study), LINE["value0"], "findings[0].stats[0].vaule"),
        (str(study), LINE["stats[0]"], "findings[0].stats[0].value"),
        (str(post), 11, "botom_line"),
        (str(empty), None, ""),
    ]
    assert found[2].message == "unknown field 'botom_line' (did you mean 'bottom_line'?)"
    assert found[3].message == "file is empty"


def test_knowledge_error_lists_every_problem(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("year: 2020", "year: 1"), ("kind: study", "kind: paper"))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == "2 problems in the knowledge base:"
    assert lines[1:] == [
        f"  {path}:2: kind: 'paper' is not a kind of source (use one of: study, post)",
        f"  {path}:8: year: 1 is out of range (1800 to 2200)",
    ]


def test_a_single_path_is_accepted(tmp_path: Path) -> None:
    assert load_knowledge(write_source(tmp_path)).sources[0].id == "demo-2020"


def test_two_vocabulary_files(tmp_path: Path) -> None:
    write_source(tmp_path)
    for name in ("a-vocabulary.yaml", "b-vocabulary.yaml"):
        (tmp_path / name).write_text("kind: vocabulary\nsynonyms:\n  twitter: [x]\n", encoding="utf-8")
    problem = only_problem(tmp_path)
    assert str(problem) == (f"{tmp_path / 'b-vocabulary.yaml'}:1: kind: a second vocabulary file "
                            f"(the first is {tmp_path / 'a-vocabulary.yaml'}); merge them")


def test_binary_and_huge_files_in_a_folder_do_not_hide_the_others(tmp_path: Path) -> None:
    write_source(tmp_path, ("year: 2020", "year: x"))
    (tmp_path / "image.yaml").write_bytes(b"\x89PNG\x00\x00")
    with open(tmp_path / "huge.yaml", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    messages = [(Path(p.file).name, p.message) for p in problems(tmp_path)]
    assert messages == [
        ("demo-2020.yaml", "expected a whole number, found text"),
        ("huge.yaml", "file is too large (52,428,800 bytes; a knowledge file may be at most 1,000,000 bytes)"),
        ("image.yaml", "this is a binary file, not YAML text"),
    ]


def test_repository_knowledge_base_is_valid(kb: KnowledgeBase) -> None:
    assert {s.id for s in kb.sources} == {"aliem-rezaie", "cheston-2013", "neill-2014"}
    assert {s.id for s in kb.studies} == {"cheston-2013", "neill-2014"}
