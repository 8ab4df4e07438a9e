"""Read one YAML file safely and remember the line of every field.

PyYAML's ``safe_load`` forgets where things were written, and a moderator needs "line 42" to fix a typo. So a file is
read in three guarded steps: raw bytes (size, binary, encoding), a streaming pass over the parser's events (depth,
aliases, tags: cheap, and it never builds the whole tree of a hostile file), then composition into nodes that are
converted to plain Python while recording ``path -> line``.

A knowledge file may not follow an unquoted value with a comment on the same line: YAML reads ``topic: Reach of the
#IMJClub chats`` as "Reach of the", and the bot would show the cut text with nobody noticing. The config file keeps
its trailing comments (``log_level: INFO  # or DEBUG``), so it reads with ``allow_trailing_comments``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.control_chars import escape_controls, excerpt

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

KEY_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int"}

FieldPath = tuple[str | int, ...]
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: several times faster
PLAIN_STYLES = (None, "")  # a plain (unquoted) scalar's style: None from PyYAML's parser, "" from libyaml's
LINE_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML counts lines by


def format_path(path: FieldPath) -> str:
    """``("findings", 0, "stats", 1, "value")`` -> ``findings[0].stats[1].value``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{excerpt(part)}" if out else excerpt(part)
    return out or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge file, located precisely enough to fix it."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return escape_controls(f"{where}:{field} {self.message}")


class YamlFileError(Exception):
    """A file that cannot be read as YAML at all; carries the single problem found."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class LoadedYaml:
    """A file's data as plain Python, with the line each field path was written on.

    ``problems`` holds what was wrong inside an otherwise readable file (a field written twice, a value that cannot be
    read); such entries are left out of ``data`` and the file is still checked field by field.
    """

    file: str
    data: Any
    lines: dict[FieldPath, int]
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: FieldPath) -> int | None:
        """The line of ``path``, or of its nearest written ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml_file(path: Path, display_name: str | None = None, *,
                   allow_trailing_comments: bool = False) -> LoadedYaml:
    """Read ``path``; raise :class:`YamlFileError` with a located, plain-English problem on any failure.

    ``allow_trailing_comments`` lets an unquoted value be followed by a comment (the config file); in a knowledge file
    that is a problem, since the comment may have cut the value short.
    """
    name = display_name or str(path)

    def fail(message: str, line: int | None = None) -> YamlFileError:
        return YamlFileError(Problem(name, line, "", message))

    if not path.exists():
        raise fail("no such file")
    if not path.is_file():
        raise fail("not a regular file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise fail(f"file is too large ({size:,} bytes; a knowledge file may be at most {MAX_FILE_BYTES:,} bytes)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    return load_yaml_bytes(raw, name, allow_trailing_comments=allow_trailing_comments)


def load_yaml_bytes(raw: bytes, name: str, *, allow_trailing_comments: bool = False) -> LoadedYaml:
    """Check and parse a file's bytes (read from disk, or an edit or upload not yet written)."""

    def fail(message: str, line: int | None = None) -> YamlFileError:
        return YamlFileError(Problem(name, line, "", message))

    if len(raw) > MAX_FILE_BYTES:
        raise fail(f"file is too large ({len(raw):,} bytes; a knowledge file may be at most {MAX_FILE_BYTES:,} bytes)")
    if b"\x00" in raw:
        raise fail("this is a binary file, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail("not valid UTF-8 text", line) from None
    return parse_yaml_text(text, name, allow_trailing_comments=allow_trailing_comments)


def parse_yaml_text(text: str, name: str, *, allow_trailing_comments: bool = False) -> LoadedYaml:
    """Parse YAML text (already size-checked) into data plus line numbers."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlFileError(Problem(name, None, "", "file is empty"))
    try:
        _check_events(text, name)
        loader = LOADER(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        what = ", ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        raise YamlFileError(Problem(name, mark.line + 1 if mark else None, "", f"YAML syntax error: {what}{where}")) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(Problem(name, None, "", f"YAML syntax error: {exc}")) from None
    if node is None:
        raise YamlFileError(Problem(name, None, "", "file is empty"))
    lines: dict[FieldPath, int] = {(): node.start_mark.line + 1}
    converter = _NodeConverter(lines, name, None if allow_trailing_comments else text)
    data = converter.convert(node, ())
    return LoadedYaml(name, data, lines, converter.problems)


def _check_events(text: str, name: str) -> None:
    """Reject aliases, anchors, foreign tags and deep nesting before any tree is built."""
    depth = 0
    for event in yaml.parse(text, Loader=LOADER):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlFileError(Problem(name, line, "", "anchors and aliases (& and *) are not allowed in knowledge files"))
        tag = getattr(event, "tag", None)
        if tag and tag not in ALLOWED_TAGS and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            raise YamlFileError(Problem(name, line, "", f"the tag {tag!r} is not allowed; write plain values"))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlFileError(Problem(name, line, "", f"nesting is deeper than {MAX_DEPTH} levels"))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


class _NodeConverter:
    """Turns composed nodes into Python values, noting the line of each field and collecting what cannot be read."""

    def __init__(self, lines: dict[FieldPath, int], name: str, text: str | None) -> None:
        """``text`` is the file's text when a comment after an unquoted value is a problem, else None."""
        self.lines = lines
        self.name = name
        self.problems: list[Problem] = []
        self.scalars = yaml.constructor.SafeConstructor()
        # both parsers count columns without a leading byte order mark
        self.text_lines = LINE_BREAKS.split(text.removeprefix("\ufeff")) if text is not None else None

    def problem(self, node: yaml.Node, path: FieldPath, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, format_path(path), message))

    def convert(self, node: yaml.Node, path: FieldPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, path, "merge keys (<<) are not allowed; write each field out")
                    continue
                if key_node.tag not in KEY_TAGS:
                    self.problem(key_node, path, "a field name must be plain text")
                    continue
                key = self.scalar(key_node, path)
                if key is None:
                    continue
                if key in out:
                    first = self.lines[path + (key,)]
                    self.problem(key_node, path + (key,), f"this field is written twice (first on line {first})")
                    continue
                self.lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = self.convert(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = item.start_mark.line + 1
                items.append(self.convert(item, path + (index,)))
            return items
        if self.text_lines is not None:
            self.check_not_cut_by_comment(node, path, self.text_lines)
        return self.scalar(node, path)

    def check_not_cut_by_comment(self, node: yaml.Node, path: FieldPath, text_lines: list[str]) -> None:
        """An unquoted value followed on its line by ``#`` lost the rest of that line to a comment: a problem.

        The value ends where the parser's end mark says; what follows on that line is looked at in the text, so a
        quoted value, a block of lines (``stats:  # the figures``) or a comment on a line of its own is not touched.
        """
        if node.style not in PLAIN_STYLES or node.end_mark.line >= len(text_lines):
            return
        rest = text_lines[node.end_mark.line][node.end_mark.column:]
        if rest[:1] not in (" ", "\t") or not rest.lstrip(" \t").startswith("#"):
            return
        cut = f"cut to '{excerpt(node.value)}'" if node.value else "empty"
        self.problems.append(Problem(
            self.name, node.end_mark.line + 1, format_path(path),
            f"the text after ' #' was read as a YAML comment, so the value is {cut}; put the whole value in quotes "
            "(a remark goes on a line of its own)"))

    def scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        """A plain value; None (and a problem) when it cannot be read, e.g. a number too long to convert."""
        try:
            return self.scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else str(exc).split(":")[0]
            self.problem(node, path, f"this value cannot be read ({reason}); write it as plain text")
            return None
