"""Reading one YAML file safely: every hostile or broken input gives one clear, located problem and no crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.yaml_source import (
    MAX_DEPTH,
    LoadedYaml,
    Problem,
    YamlFileError,
    format_path,
    load_yaml_file,
    parse_yaml_text,
)
from tests.helpers import LINE, MINIMAL_SOURCE, problems, write_source


def failure(path: Path) -> Problem:
    """The problem that stops ``path`` from being read at all."""
    with pytest.raises(YamlFileError) as caught:
        load_yaml_file(path)
    assert str(caught.value) == str(caught.value.problem)
    return caught.value.problem


def write_bytes(tmp_path: Path, data: bytes, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("path", "expected"), [
    ((), "(top level)"),
    (("title",), "title"),
    (("findings", 0, "stats", 1, "value"), "findings[0].stats[1].value"),
    (("authors", 2), "authors[2]"),
])
def test_format_path(path: tuple, expected: str) -> None:
    assert format_path(path) == expected


def test_problem_names_file_line_and_field() -> None:
    assert str(Problem("k/a.yaml", 7, "findings[0].id", "bad id")) == "k/a.yaml:7: findings[0].id: bad id"
    assert str(Problem("k/a.yaml", None, "", "file is empty")) == "k/a.yaml: file is empty"


def test_lines_of_every_field_are_recorded(tmp_path: Path) -> None:
    loaded = load_yaml_file(write_source(tmp_path))
    assert loaded.data["findings"][0]["stats"][1]["value"] == "21%"
    assert loaded.lines[("id",)] == LINE["id"]
    assert loaded.lines[("authors", 0)] == LINE["authors[0]"]
    assert loaded.lines[("findings", 0, "denominator", "n")] == LINE["n"]
    assert loaded.lines[("findings", 0, "stats", 1, "value")] == LINE["value1"]
    assert loaded.lines[("conclusion",)] == LINE["conclusion"]
    assert loaded.problems == []


def test_line_of_a_missing_field_is_its_nearest_ancestor(tmp_path: Path) -> None:
    loaded = load_yaml_file(write_source(tmp_path))
    assert loaded.line_of(("findings", 0, "stats", 0, "note")) == LINE["stats[0]"]
    assert loaded.line_of(("nowhere",)) == 1
    assert LoadedYaml("x", {}, {}).line_of(("a",)) == 1


# --- files that cannot be read at all -------------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    problem = failure(tmp_path / "absent.yaml")
    assert problem.message == "no such file"
    assert problem.file == str(tmp_path / "absent.yaml")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert failure(tmp_path).message == "not a regular file"


def test_named_pipe_is_refused_without_reading_it(tmp_path: Path) -> None:
    # Reading a FIFO with no writer would block forever; the loader must refuse it before opening it.
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert failure(fifo).message == "not a regular file"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", b"# only a comment\n\n# another\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    problem = failure(write_bytes(tmp_path, content))
    assert problem.message == "file is empty"
    assert str(problem) == f"{tmp_path / 'bad.yaml'}: file is empty"


def test_binary_file(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    assert failure(write_bytes(tmp_path, png)).message == "this is a binary file, not YAML text"


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    problem = failure(write_bytes(tmp_path, "id: demo\ntitle: caf\u00e9\n".encode("latin-1")))
    assert (problem.line, problem.message) == (2, "not valid UTF-8 text")


def test_fifty_megabyte_file_is_refused_by_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:  # sparse: no 50 MB are written
        handle.truncate(50 * 1024 * 1024)
    problem = failure(huge)
    assert problem.message == (
        "file is too large (52,428,800 bytes; a knowledge file may be at most 1,000,000 bytes)"
    )


# --- YAML syntax ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "column", "phrase"), [
    ("id: demo\nauthors: [Doe J\n", 3, 1, "while parsing a flow sequence"),
    ("id: demo\nauthors:\n\t- Doe J\n", 3, 1, "cannot start any token"),
    # `>` starts a folded block in YAML: a qualifier must be quoted ('>400').
    ("id: demo\nvalue: >400\n", 2, 10, "while scanning a block scalar"),
    ("id: demo\n---\nid: other\n", 2, 1, "expected a single document in the stream, but found another document"),
    ("title: 'unclosed\n", 2, 1, "while scanning a quoted scalar, found unexpected end of stream"),
    ("id: demo\ntitle: {a: 1\n", 3, 1, "while parsing a flow mapping"),
    ("id: demo\n  kind: study\n", 2, 7, "mapping values are not allowed"),
])
def test_syntax_errors_give_line_and_column(tmp_path: Path, text: str, line: int, column: int, phrase: str) -> None:
    # The wording comes from the YAML parser (PyYAML or libyaml); the location and the frame are ours.
    problem = failure(write_bytes(tmp_path, text.encode()))
    assert problem.line == line
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.message.endswith(f" (line {line}, column {column})")
    assert phrase in problem.message


def test_syntax_error_is_reported_through_the_knowledge_loader(tmp_path: Path) -> None:
    path = write_source(tmp_path, ("  - label: Wikis\n", "  - label: [Wikis\n"))
    [problem] = problems(path)
    assert problem.file == str(path)
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.line is not None and problem.line > LINE["stats[1]"]


# --- hostile YAML ---------------------------------------------------------------------------------------------------

def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path: Path) -> None:
    levels = ['lol0: &lol0 ["lol"]']
    levels += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)]
    problem = failure(write_bytes(tmp_path, "\n".join(levels).encode()))
    assert (problem.line, problem.message) == (1, "anchors and aliases (& and *) are not allowed in knowledge files")


def test_an_alias_alone_is_refused(tmp_path: Path) -> None:
    problem = failure(write_bytes(tmp_path, b"id: demo\ntitle: *name\n"))
    assert (problem.line, problem.message) == (2, "anchors and aliases (& and *) are not allowed in knowledge files")


def test_deep_flow_nesting_is_refused(tmp_path: Path) -> None:
    depth = 500
    problem = failure(write_bytes(tmp_path, b"id: " + b"[" * depth + b"]" * depth + b"\n"))
    assert (problem.line, problem.message) == (1, f"nesting is deeper than {MAX_DEPTH} levels")


def test_very_deep_flow_nesting_is_refused_without_recursion(tmp_path: Path) -> None:
    # libyaml stops at its own limit (1,000 levels) before our check sees the events; either way, a clear error.
    depth = 300_000
    problem = failure(write_bytes(tmp_path, b"id: " + b"[" * depth + b"]" * depth + b"\n"))
    assert problem.line == 1
    assert "nesting" in problem.message


def test_deep_block_nesting_names_the_line(tmp_path: Path) -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(30)) + "  " * 30 + "leaf\n"
    problem = failure(write_bytes(tmp_path, text.encode()))
    assert (problem.line, problem.message) == (MAX_DEPTH + 1, f"nesting is deeper than {MAX_DEPTH} levels")


def test_nesting_at_the_limit_is_fine(tmp_path: Path) -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(MAX_DEPTH - 1)) + "  " * (MAX_DEPTH - 1) + "x: 1\n"
    loaded = load_yaml_file(write_bytes(tmp_path, text.encode()))
    assert loaded.lines[tuple(f"k{level}" for level in range(MAX_DEPTH - 1)) + ("x",)] == MAX_DEPTH


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"id: demo\ntitle: !!python/object/apply:os.system ['touch {marker}']\n"
    problem = failure(write_bytes(tmp_path, text.encode()))
    assert problem.line == 2
    assert problem.message == (
        "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain values"
    )
    assert not marker.exists()


@pytest.mark.parametrize(("value", "tag"), [
    ("!!python/name:os.system", "tag:yaml.org,2002:python/name:os.system"),
    ("!!python/object/new:collections.OrderedDict [[]]", "tag:yaml.org,2002:python/object/new:collections.OrderedDict"),
    ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
    ("!!set {a, b}", "tag:yaml.org,2002:set"),
    ("!custom thing", "!custom"),
])
def test_foreign_tags_are_refused(tmp_path: Path, value: str, tag: str) -> None:
    problem = failure(write_bytes(tmp_path, f"id: demo\nnote: {value}\n".encode()))
    assert (problem.line, problem.message) == (2, f"the tag '{tag}' is not allowed; write plain values")


# --- readable files with unreadable parts: located problems, the rest still checked --------------------------------

def test_field_written_twice(tmp_path: Path) -> None:
    loaded = parse_yaml_text("id: demo\ntitle: One\nyear: 2020\ntitle: Two\n", "f.yaml")
    assert loaded.data["title"] == "One"
    [problem] = loaded.problems
    assert str(problem) == "f.yaml:4: title: this field is written twice (first on line 2)"


def test_merge_key_is_a_problem_not_a_crash() -> None:
    loaded = parse_yaml_text("id: demo\n<<: {title: x}\n", "f.yaml")
    assert [str(p) for p in loaded.problems] == [
        "f.yaml:2: (top level): merge keys (<<) are not allowed; write each field out"
    ]
    assert loaded.data == {"id": "demo"}


@pytest.mark.parametrize("key", ["yes", "=", "1.5", "~", "[a, b]", "2020-01-01"])
def test_field_names_must_be_plain_text(key: str) -> None:
    loaded = parse_yaml_text(f"findings:\n- id: tools\n  {key}: 1\n", "f.yaml")
    assert [str(p) for p in loaded.problems] == ["f.yaml:3: findings[0]: a field name must be plain text"]


def test_number_too_long_to_convert_is_a_problem_not_a_crash() -> None:
    loaded = parse_yaml_text("id: demo\nyear: " + "9" * 5000 + "\n", "f.yaml")
    [problem] = loaded.problems
    assert (problem.line, problem.field) == (2, "year")
    assert problem.message.startswith("this value cannot be read (Exceeds the limit (4300 digits)")
    assert loaded.data["year"] is None


def test_impossible_date_is_a_problem_not_a_crash() -> None:
    loaded = parse_yaml_text("id: demo\nnote: 2013-02-30\n", "f.yaml")
    assert [str(p) for p in loaded.problems] == [
        "f.yaml:2: note: this value cannot be read (day is out of range for month); write it as plain text"
    ]


def test_value_tag_as_a_value_is_a_problem_not_a_crash() -> None:
    loaded = parse_yaml_text("id: demo\nnote: =\n", "f.yaml")
    [problem] = loaded.problems
    assert (problem.line, problem.field) == (2, "note")
    assert "could not determine a constructor for the tag 'tag:yaml.org,2002:value'" in problem.message


def test_the_minimal_template_is_clean() -> None:
    assert parse_yaml_text(MINIMAL_SOURCE, "f.yaml").problems == []
