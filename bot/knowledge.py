"""Load a knowledge folder (or chosen files) into validated records, reporting every problem at once."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.schema import ID_PATTERN, Source, Vocabulary, source_from_yaml, vocabulary_from_yaml
from bot.yaml_source import LoadedYaml, Problem, YamlFileError, load_yaml_bytes, load_yaml_file

log = logging.getLogger(__name__)

VOCABULARY_KIND = "vocabulary"
LINK_OUT = "is a link to a file outside its folder, so it was not read; put the file itself in the folder"
MAX_SHOWN_PROBLEMS = 50  # a hostile file can hold 90,000 problems; nobody reads past the first screenful


class KnowledgeError(Exception):
    """The knowledge base has problems; ``problems`` lists every one, located; the message shows the first few."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{self.count} in the knowledge base:\n{self.listing}")

    @property
    def count(self) -> str:
        """'1 problem', '3 problems'."""
        return f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"

    @property
    def listing(self) -> str:
        """The :attr:`shown` problems, one an indented line, and how many more there are."""
        lines = [f"  {p}" for p in self.shown]
        if self.hidden:
            lines.append(f"  ... and {self.hidden:,} more")
        return "\n".join(lines)

    @property
    def shown(self) -> list[Problem]:
        """The problems worth printing: the first :data:`MAX_SHOWN_PROBLEMS`."""
        return self.problems[:MAX_SHOWN_PROBLEMS]

    @property
    def hidden(self) -> int:
        """How many problems :attr:`shown` leaves out."""
        return max(0, len(self.problems) - MAX_SHOWN_PROBLEMS)


@dataclass(frozen=True)
class KnowledgeBase:
    """Every source, the matcher's vocabulary, and a fingerprint of the files they came from."""

    sources: tuple[Source, ...]
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    version: str = ""

    def source(self, source_id: str) -> Source | None:
        """The source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def studies(self) -> tuple[Source, ...]:
        """The sources that are studies (not posts)."""
        return tuple(s for s in self.sources if s.kind == "study")

    @property
    def studies_first(self) -> tuple[Source, ...]:
        """The studies, then the posts that summarise them: the order answers name and search them in."""
        return tuple(sorted(self.sources, key=lambda source: source.kind != "study"))


def folder_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The ``*.yaml`` files of ``folder`` that are regular files inside it; a link that leads out is a problem.

    A link such as ``shadow.yaml -> /etc/shadow`` would otherwise be read, and its lines echoed back as "unknown
    fields". A link to another file of the same folder is fine.
    """
    root = folder.resolve()
    files: list[Path] = []
    problems: list[Problem] = []
    for file in sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml"))):
        target = file.resolve()
        if not target.is_relative_to(root):
            problems.append(Problem(str(file), None, "", LINK_OUT))
        elif not target.is_file():
            problems.append(Problem(str(file), None, "", "not a regular file"))
        else:
            files.append(file)
    return files, problems


def knowledge_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their ``*.yaml`` files, in a stable order, each file once; missing paths become problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found, refused = folder_files(path)
            problems.extend(refused)
            if not found and not refused:
                problems.append(Problem(str(path), None, "", "this folder holds no .yaml files"))
            files.extend(found)
        elif path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
            problems.append(Problem(str(path), None, "", LINK_OUT))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, "", "no such file or folder"))
    named: dict[Path, Path] = {}
    for file in sorted(files, key=Path.is_symlink):  # a file named twice is read under its own name, not a link's
        named.setdefault(file.resolve(), file)
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), named[file.resolve()])
    return list(unique.values()), problems


def knowledge_version(files: list[Path], replaced: Mapping[Path, bytes] | None = None) -> str:
    """A fingerprint of the files' names and bytes: the version of the knowledge base they hold."""
    replaced = replaced or {}
    digest = hashlib.sha256()
    for file in files:
        with contextlib.suppress(OSError):
            digest.update(file.name.encode() + (replaced[file] if file in replaced else file.read_bytes()))
    return digest.hexdigest()[:12]


def declared_ids(folder: Path, skip: list[Path]) -> set[str]:
    """The source ids the files of ``folder`` declare (except ``skip``), whether or not those files are valid."""
    files, _ = folder_files(folder) if folder.is_dir() else ([], [])
    skipped = {file.resolve() for file in skip}
    ids = set()
    for file in files:
        if file.resolve() in skipped:
            continue
        try:
            data = load_yaml_file(file).data
        except YamlFileError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids.add(data["id"])
    return ids


def load_knowledge(paths: list[Path] | Path, replaced: Mapping[Path, bytes] | None = None,
                   references: Path | None = None) -> KnowledgeBase:
    """Validate and load; raise :class:`KnowledgeError` listing every problem found in every file.

    ``replaced`` gives the content a file would have after an edit (a file not yet written is added): the edit is
    checked against the whole knowledge base before anything is written. ``references`` is a knowledge folder whose
    sources the loaded files may cite without loading it: checking one file (``medbot kb validate FILE``) resolves
    its citations against the configured knowledge folder.
    """
    started = time.perf_counter()
    replaced = replaced or {}
    files, problems = knowledge_files([paths] if isinstance(paths, Path) else list(paths))
    added = [path for path in replaced if path not in files]
    if added:  # a new file takes its place in the folder's order, as it will once written
        files = sorted(files + added)
    sources: list[tuple[Source, LoadedYaml]] = []
    declared: set[str] = declared_ids(references, files) if references is not None else set()
    vocabulary: Vocabulary | None = None
    for file in files:
        try:
            loaded = load_yaml_bytes(replaced[file], str(file)) if file in replaced else load_yaml_file(file)
        except YamlFileError as exc:
            problems.append(exc.problem)
            continue
        if isinstance(loaded.data, dict) and loaded.data.get("kind") == VOCABULARY_KIND:
            parsed_vocabulary, found = vocabulary_from_yaml(loaded)
            problems.extend(found)
            if vocabulary is not None and parsed_vocabulary is not None:
                problems.append(Problem(loaded.file, loaded.line_of(("kind",)), "kind",
                                        f"a second vocabulary file (the first is {vocabulary.file}); merge them"))
            vocabulary = vocabulary or parsed_vocabulary
            continue
        source, found = source_from_yaml(loaded)
        problems.extend(found)
        declared_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
        if isinstance(declared_id, str) and ID_PATTERN.match(declared_id):
            declared.add(declared_id)
            if file.stem != declared_id:
                problems.append(Problem(loaded.file, loaded.line_of(("id",)), "id",
                                        f"the id '{declared_id}' must match the file name ('{file.stem}')"))
        if source is not None:
            sources.append((source, loaded))
    problems.extend(_cross_file_problems(sources, declared))
    if problems:
        log.debug("knowledge refused: %d problems in %d files, read in %.3f s", len(problems), len(files),
                  time.perf_counter() - started)
        raise KnowledgeError(problems)
    kb = KnowledgeBase(tuple(source for source, _ in sources), vocabulary or Vocabulary(),
                       knowledge_version(files, replaced))
    if log.isEnabledFor(logging.DEBUG):
        findings = [finding for source in kb.sources for finding in source.findings]
        log.debug("knowledge loaded from %d YAML files: %d sources, %d findings, %d statistics in %.3f s", len(files),
                  len(kb.sources), len(findings), sum(len(f.stats) for f in findings), time.perf_counter() - started)
    return kb


def _cross_file_problems(sources: list[tuple[Source, LoadedYaml]], declared: set[str]) -> list[Problem]:
    """Ids used by two files, and citations of a source no file declares (a file with errors still declares its id)."""
    problems = []
    seen: dict[str, str] = {}
    for source, loaded in sources:
        if source.id in seen:
            problems.append(Problem(source.file, loaded.line_of(("id",)), "id",
                                    f"duplicate source id '{source.id}' (also in {seen[source.id]})"))
        seen.setdefault(source.id, source.file)
    for source, loaded in sources:
        for index, cited in enumerate(source.cites):
            if cited not in declared:
                problems.append(Problem(source.file, loaded.line_of(("cites", index)), f"cites[{index}]",
                                        f"cites '{cited}', which no knowledge file defines"))
    return problems
