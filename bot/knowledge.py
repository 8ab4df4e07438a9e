"""Load a knowledge folder (or chosen files) into validated records, reporting every problem at once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from bot.schema import Source, Vocabulary, source_from_yaml, vocabulary_from_yaml
from bot.yaml_source import Problem, YamlFileError, load_yaml_file

VOCABULARY_KIND = "vocabulary"


class KnowledgeError(Exception):
    """The knowledge base has problems; ``problems`` lists every one, located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} in the knowledge base:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class KnowledgeBase:
    """Every source, the matcher's vocabulary, and a fingerprint of the files they came from."""

    sources: tuple[Source, ...]
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    version: str = ""

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def studies(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.kind == "study")


def knowledge_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their ``*.yaml`` files, in a stable order; missing paths become problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(list(path.glob("*.yaml")) + list(path.glob("*.yml")))
            if not found:
                problems.append(Problem(str(path), None, "", "this folder holds no .yaml files"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, "", "no such file or folder"))
    return files, problems


def load_knowledge(paths: list[Path] | Path) -> KnowledgeBase:
    """Validate and load; raise :class:`KnowledgeError` listing every problem found in every file."""
    files, problems = knowledge_files([paths] if isinstance(paths, Path) else list(paths))
    sources: list[Source] = []
    vocabulary = Vocabulary()
    digest = hashlib.sha256()
    for file in files:
        try:
            loaded = load_yaml_file(file)
        except YamlFileError as exc:
            problems.append(exc.problem)
            continue
        digest.update(file.name.encode() + file.read_bytes())
        if isinstance(loaded.data, dict) and loaded.data.get("kind") == VOCABULARY_KIND:
            parsed_vocabulary, found = vocabulary_from_yaml(loaded)
            problems.extend(found)
            vocabulary = parsed_vocabulary or vocabulary
            continue
        source, found = source_from_yaml(loaded)
        problems.extend(found)
        if source is not None:
            if file.stem != source.id:
                problems.append(Problem(str(file), loaded.line_of(("id",)), "id",
                                        f"the id '{source.id}' must match the file name ('{file.stem}')"))
            sources.append(source)
    problems.extend(_cross_file_problems(sources))
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(tuple(sources), vocabulary, digest.hexdigest()[:12])


def _cross_file_problems(sources: list[Source]) -> list[Problem]:
    problems = []
    seen: dict[str, str] = {}
    for source in sources:
        if source.id in seen:
            problems.append(Problem(source.file, None, "id", f"duplicate source id '{source.id}' (also in {seen[source.id]})"))
        seen.setdefault(source.id, source.file)
    for source in sources:
        for cited in source.cites:
            if cited not in seen:
                problems.append(Problem(source.file, None, "cites", f"cites '{cited}', which no knowledge file defines"))
    return problems
