"""Moderators' edits: validate against the whole knowledge base, preview as a YAML diff, write atomically, keep a
revision with the file before and after, undo byte for byte. Discord and the shell share this one code path.

An edit is made against the version of the file it was opened on (a hash of its bytes). Under the edit lock (a lock
on the knowledge folder) the file is hashed again; if it changed, the edit is refused with who changed it and when,
and nothing is written. A revision is recorded as *pending* before the file is renamed into place and marked
*applied* after, so a writer killed at any instant leaves the file as it was or as it was meant to be, and the next
editor settles the pending revision by comparing the file with both. Files are written in canonical form
(:func:`canonical_yaml`), so an edit changes only the lines it means to.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import KnowledgeBase, KnowledgeError, knowledge_files, knowledge_version, load_knowledge
from bot.schema import ID_PATTERN, parse_value
from bot.state import Revision, State
from bot.store import IndexFileError, build_index, folder_lock
from bot.yaml_source import YamlFileError, load_yaml_bytes

log = logging.getLogger(__name__)

#: Seconds an edit waits for another edit to finish before it gives up.
EDIT_LOCK_WAIT = 10.0
ABSENT = "absent"


class EditError(Exception):
    """An edit that cannot be made; the message says why, and nothing was written."""


class Conflict(EditError):
    """The file changed after the edit was opened."""


class _CanonicalDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with multi-line text as literal blocks and lists in block style."""

    flow_lists = False


class _VocabularyDumper(_CanonicalDumper):
    """The vocabulary writes each term's words as one list on its line: ``facebook: [fb, face book]``."""

    flow_lists = True


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: _CanonicalDumper, items: list) -> yaml.SequenceNode:
    flow = dumper.flow_lists and all(isinstance(item, str) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_CanonicalDumper.add_representer(str, _represent_text)
_CanonicalDumper.add_representer(list, _represent_list)

#: PyYAML's folding width for long text: the one closest to how the shipped files were first written.
WIDTH = 112


def canonical_yaml(data: Any) -> str:
    """The one way the bot writes a knowledge file: fields in their order, long text folded, UTF-8."""
    vocabulary = isinstance(data, dict) and data.get("kind") == "vocabulary"
    return yaml.dump(data, Dumper=_VocabularyDumper if vocabulary else _CanonicalDumper, sort_keys=False,
                     allow_unicode=True, width=WIDTH, default_flow_style=False)


def version_of(text: str | bytes | None) -> str:
    """The version of a file's content, as edits are checked against it."""
    if text is None:
        return ABSENT
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(raw).hexdigest()[:16]


def read_text(path: Path) -> str | None:
    """A knowledge file's text, or None if it does not exist."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Proposal:
    """A validated change to one file, not yet written: what the preview shows and Confirm applies."""

    file: Path
    source_id: str
    action: str
    summary: str
    before: str | None
    after: str | None
    base: str
    kb: KnowledgeBase = field(repr=False, compare=False)
    undoes: int | None = None

    def diff(self, context: int = 2) -> str:
        """The change as a unified diff of the YAML."""
        lines = difflib.unified_diff((self.before or "").splitlines(keepends=True),
                                     (self.after or "").splitlines(keepends=True),
                                     f"a/{self.file.name}", f"b/{self.file.name}", n=context)
        return "".join(lines)


@dataclass(frozen=True)
class Applied:
    """An applied edit: its revision, and the knowledge base as it now is."""

    revision: Revision
    kb: KnowledgeBase
    diff: str
    warning: str = ""


class Editor:
    """Edits to the knowledge files in ``knowledge_dir``, recorded in ``state``, reflected in the index."""

    def __init__(self, knowledge_dir: Path, index_path: Path, state: State, lock_wait: float = EDIT_LOCK_WAIT) -> None:
        self.knowledge_dir = knowledge_dir
        self.index_path = index_path
        self.state = state
        self.lock_wait = lock_wait

    # -- opening and proposing -------------------------------------------------------------------------------------

    def file_of(self, source_id: str) -> Path:
        """The file of a source id (or ``vocabulary``); an EditError names the ids there are."""
        return knowledge_file(self.knowledge_dir, source_id)

    def open(self, source_id: str) -> tuple[Path, dict[str, Any], str]:
        """A file's data to change, and the version it was opened on."""
        path = self.file_of(source_id)
        raw = path.read_bytes()
        return path, file_data(raw, str(path)), version_of(raw)

    def propose(self, path: Path, after: str | None, action: str, summary: str, base: str | None = None) -> Proposal:
        """Validate ``after`` (None: remove the file) against the whole knowledge base; nothing is written."""
        before = read_text(path)
        base = version_of(before) if base is None else base
        if version_of(before) != base:
            raise Conflict(self._changed_since(path, before))
        if after is not None and before is not None and after == before:
            raise EditError(f"that changes nothing in {path.name}")
        files, _ = knowledge_files([self.knowledge_dir])
        if after is None:
            files = [f for f in files if f.resolve() != path.resolve()]
        replaced = {path: after.encode("utf-8")} if after is not None else {}
        try:
            kb = load_knowledge(files, replaced)
        except KnowledgeError as exc:
            raise EditError(f"the edit was not made, because the knowledge base would then have {exc}") from None
        return Proposal(path, path.stem, action, summary, before, after, base, kb)

    def change(self, source_id: str, mutate: Callable[[dict[str, Any]], str], action: str = "edit") -> Proposal:
        """Open a file, let ``mutate`` change its data (returning a one-line summary), and propose the result."""
        path, data, base = self.open(source_id)
        changed = copy.deepcopy(data)
        summary = mutate(changed)
        return self.propose(path, canonical_yaml(changed), action, summary, base)

    # -- writing ----------------------------------------------------------------------------------------------------

    def apply(self, proposal: Proposal, who: str, reason: str) -> Applied:
        """Write a proposal if its file is still the version it was opened on; record the revision; update the index."""
        with self._lock():
            self._settle()
            current = read_text(proposal.file)
            if version_of(current) != proposal.base:
                raise Conflict(self._changed_since(proposal.file, current))
            try:
                revision_id = self.state.begin_revision(
                    who=who, action=proposal.action, file=proposal.file.name, source_id=proposal.source_id,
                    reason=reason, summary=proposal.summary, before=proposal.before, after=proposal.after,
                    undoes=proposal.undoes)
            except sqlite3.Error as exc:
                raise EditError(f"could not record the revision in {self.state.path} ({exc}); nothing was "
                                "written") from None
            try:
                write_atomically(proposal.file, proposal.after)
            except OSError as exc:
                if read_text(proposal.file) != proposal.after:
                    self.state.mark(revision_id, "abandoned")
                    raise EditError(f"could not write {proposal.file} ({exc.strerror or exc}); the file is as it "
                                    "was") from None
            self.state.mark(revision_id, "applied")
            kb = replace(proposal.kb, version=knowledge_version(knowledge_files([self.knowledge_dir])[0]))
            warning = ""
            try:
                build_index(kb, self.index_path)
            except IndexFileError as exc:
                warning = f"the YAML was written, but the index was not updated ({exc}); it is rebuilt when next read"
                log.warning("%s", warning)
        revision = self.state.revision(revision_id)
        assert revision is not None
        return Applied(revision, kb, proposal.diff(), warning)

    def undo(self, revision_id: int, who: str, reason: str = "") -> Applied:
        """Restore the file as it was before revision ``revision_id``, as a new revision."""
        return self.apply(self.propose_undo(revision_id), who, reason or f"undo of revision {revision_id}")

    def propose_undo(self, revision_id: int) -> Proposal:
        """The change that restores the file as it was before revision ``revision_id`` (not yet written)."""
        revision = self.state.revision(revision_id)
        if revision is None or revision.status != "applied":
            raise EditError(f"no revision {revision_id} (see `medbot kb history`)")
        path = self.knowledge_dir / revision.file
        current = read_text(path)
        if current == revision.before:
            raise EditError(f"{revision.file} is already as it was before revision {revision_id}")
        proposal = self.propose(path, revision.before, "undo", f"undo revision {revision_id}: {revision.summary}",
                                version_of(current))
        return replace(proposal, undoes=revision_id)

    def _changed_since(self, path: Path, current: str | None) -> str:
        last = self.state.last_change(path.name)
        if last is not None and version_of(last.after) == version_of(current):
            who = f"{last.who} at {last.at.replace('T', ' ').replace('+00:00', ' UTC')}"
            return (f"{path.name} was changed by {who} (revision {last.id}: {last.summary}) after you opened it; "
                    "nothing was written. Open it again and redo your edit on the new version.")
        try:
            when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(path.stat().st_mtime))
        except FileNotFoundError:
            return f"{path.name} was removed after you opened it; nothing was written."
        return (f"{path.name} was changed outside the bot (the file was modified at {when}) after you opened it; "
                "nothing was written. Open it again and redo your edit.")

    def _settle(self) -> None:
        """Settle revisions a killed writer left pending, and remove its temporary files (under the lock)."""
        for revision in self.state.pending():
            current = read_text(self.knowledge_dir / revision.file)
            self.state.mark(revision.id, "applied" if current == revision.after and current != revision.before
                            else "abandoned")
        for leftover in self.knowledge_dir.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)

    def settle(self) -> None:
        """Settle what a killed writer left (the crash test and `medbot kb history` call this)."""
        with self._lock():
            self._settle()

    def _lock(self) -> contextlib.AbstractContextManager[None]:
        """One edit of the knowledge folder at a time."""
        return folder_lock(self.knowledge_dir, self.lock_wait, 0.02, lambda: EditError(
            f"another edit of {self.knowledge_dir} is still being written; waited {self.lock_wait:g} s, try again"))


def knowledge_file(knowledge_dir: Path, source_id: str) -> Path:
    """The file of a source id (or ``vocabulary``) in ``knowledge_dir``; an EditError names the ids there are."""
    source_id = source_id.strip().lower()
    path = knowledge_dir / f"{source_id}.yaml"
    if not ID_PATTERN.match(source_id) or not path.is_file() or path.is_symlink():
        known = ", ".join(sorted(p.stem for p in knowledge_dir.glob("*.yaml")))
        raise EditError(f"no knowledge file '{source_id}' (known: {known})")
    return path


def write_atomically(path: Path, text: str | None) -> None:
    """Replace ``path`` with ``text`` (temporary file, fsync, rename, fsync the folder); None removes it."""
    if text is None:
        path.unlink(missing_ok=True)
    else:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as out:
                out.write(text.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    descriptor = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# -- what an edit does to a file's data -----------------------------------------------------------------------------

def split_address(address: str) -> tuple[str, str, str]:
    """'cheston-2013/tools/Blogs' -> ('cheston-2013', 'tools', 'Blogs'); a label may hold a slash."""
    parts = address.strip().split("/", 2)
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise EditError(f"'{address}' is not SOURCE/FINDING/LABEL, e.g. cheston-2013/tools/Blogs")
    return parts[0].strip().lower(), parts[1].strip(), parts[2].strip()


def find_finding(data: dict[str, Any], finding_id: str) -> dict[str, Any]:
    """The finding ``finding_id`` in a file's data."""
    findings = data.get("findings") or []
    for finding in findings:
        if isinstance(finding, dict) and finding.get("id") == finding_id:
            return finding
    known = ", ".join(str(f.get("id")) for f in findings if isinstance(f, dict))
    raise EditError(f"no finding '{finding_id}' in {data.get('id')} (findings: {known or 'none'})")


def find_stat(finding: dict[str, Any], label: str) -> dict[str, Any]:
    """The figure labelled ``label`` (exactly, else ignoring case)."""
    stats = [s for s in finding.get("stats") or [] if isinstance(s, dict)]
    for same in (lambda a, b: a == b, lambda a, b: a.casefold() == b.casefold()):
        for stat in stats:
            if same(str(stat.get("label")), label):
                return stat
    known = ", ".join(str(s.get("label")) for s in stats)
    raise EditError(f"no figure '{label}' in finding '{finding.get('id')}' (figures: {known})")


def set_figure(data: dict[str, Any], finding_id: str, label: str, value: str) -> str:
    """Set a figure's value as written; a derived count is recomputed, or dropped when no whole count agrees."""
    finding = find_finding(data, finding_id)
    stat = find_stat(finding, label)
    parsed = parse_value(value)
    if parsed is None:
        raise EditError(f"'{value}' is not a figure this bot can keep exactly; write it like 71%, 41.5%, <1%, >400 "
                        "or 4,500")
    old = stat.get("value")
    stat["value"] = parsed.text
    summary = f"{data.get('id')}/{finding_id}/{stat.get('label')}: {old} -> {parsed.text}"
    if stat.get("derived") and stat.get("count") is not None:
        count = _derived_count(parsed.text, stat.get("denominator") or finding.get("denominator"))
        if count is None:
            del stat["count"], stat["derived"]
            summary += " (its derived count was removed: no whole count agrees with the new figure)"
        elif count != stat["count"]:
            summary += f" (derived count {stat['count']} -> {count})"
            stat["count"] = count
    return summary


def _derived_count(value: str, denominator: Any) -> int | None:
    """The one whole count whose share of an exact denominator rounds to ``value``, if there is exactly one."""
    parsed = parse_value(value)
    n = parse_value(str(denominator.get("n"))) if isinstance(denominator, dict) else None
    if parsed is None or n is None or not parsed.is_percent or parsed.qualifier or n.qualifier or n.decimals:
        return None
    half = Decimal(5).scaleb(-parsed.decimals - 1)
    total = int(n.number)
    fits = [c for c in range(total + 1) if abs(Decimal(c) * 100 / n.number - parsed.number) <= half]
    return fits[0] if len(fits) == 1 else None


def file_data(raw: bytes, name: str) -> Any:
    """A knowledge file's data, to be changed and written back in canonical form.

    A file the reader had to read around (a value cut short by a comment, a field written twice, a value that cannot
    be read) is refused with its problems: writing its data back would silently erase what was lost.
    """
    try:
        loaded = load_yaml_bytes(raw, name)
    except YamlFileError as exc:
        raise EditError(str(exc)) from None
    if loaded.problems:
        found = KnowledgeError(loaded.problems)
        raise EditError(f"nothing was changed, because {Path(name).name} has {found.count} to fix first:\n"
                        f"{found.listing}")
    return loaded.data


def format_file(path: Path, write: bool = True) -> bool:
    """Whether ``path`` was not in canonical form; with ``write``, rewrite it (atomically) so that it is.

    The data read back from the new text must equal the data read from the old, so no value can change.
    """
    raw = path.read_bytes()
    data = file_data(raw, str(path))
    text = canonical_yaml(data)
    if text.encode("utf-8") == raw:
        return False
    if load_yaml_bytes(text.encode("utf-8"), str(path)).data != data:
        raise EditError(f"{path}: canonical form would change a value; left as it is")
    if write:
        write_atomically(path, text)
    return True


def import_file(editor: Editor, raw: bytes, name: str) -> Proposal:
    """An uploaded source file (new, or replacing the file of its id), checked like any knowledge file."""
    data = file_data(raw, name)
    source_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(source_id, str) or not ID_PATTERN.match(source_id):
        raise EditError(f"{name}: a source file needs an id (lowercase letters, digits and hyphens) on its first line")
    if data.get("kind") == "vocabulary":
        raise EditError(f"{name}: the vocabulary is edited entry by entry, not imported")
    path = editor.knowledge_dir / f"{source_id}.yaml"
    exists = path.exists()
    action = "replace" if exists else "import"
    return editor.propose(path, canonical_yaml(data), action, f"{action} {source_id} from {name}")


def remove_source(editor: Editor, source_id: str) -> Proposal:
    """Remove a whole source file (validated: nothing may still cite it)."""
    path = editor.file_of(source_id)
    if path.stem == "vocabulary":
        raise EditError("the vocabulary cannot be removed; remove its entries instead")
    return editor.propose(path, None, "remove", f"remove source {path.stem}")


def edit_stat(data: dict[str, Any], finding_id: str, index: int, label: str, value: str, note: str) -> str:
    """Change a figure's label, value and note (the value as in :func:`set_figure`)."""
    finding = find_finding(data, finding_id)
    stats = finding.get("stats") or []
    if not 0 <= index < len(stats):
        raise EditError(f"finding '{finding_id}' has no figure {index + 1}")
    stat = stats[index]
    address = f"{data.get('id')}/{finding_id}/{stat.get('label')}"
    parts = []
    if value.strip() != str(stat.get("value")):
        parts.append(set_figure(data, finding_id, str(stat.get("label")), value.strip()))
    if label.strip() and label.strip() != stat.get("label"):
        parts.append(f"{address}: label -> {label.strip()}")
        stat["label"] = label.strip()
    if note.strip() != str(stat.get("note") or ""):
        parts.append(f"{address}: note")
        _set_or_drop(stat, "note", note.strip())
    return "; ".join(parts) or f"{address}: no change"


def add_stat(data: dict[str, Any], finding_id: str, label: str, value: str) -> str:
    """Add a figure to a finding."""
    finding = find_finding(data, finding_id)
    if any(str(s.get("label")).casefold() == label.strip().casefold() for s in finding.get("stats") or []):
        raise EditError(f"finding '{finding_id}' already has a figure '{label.strip()}'")
    finding.setdefault("stats", []).append({"label": label.strip(), "value": value.strip()})
    return f"add figure {data.get('id')}/{finding_id}/{label.strip()}: {value.strip()}"


def remove_stat(data: dict[str, Any], finding_id: str, index: int) -> str:
    """Remove one figure (a finding keeps at least one; remove the finding instead)."""
    finding = find_finding(data, finding_id)
    stats = finding.get("stats") or []
    if not 0 <= index < len(stats):
        raise EditError(f"finding '{finding_id}' has no figure {index + 1}")
    removed = stats.pop(index)
    return f"remove figure {data.get('id')}/{finding_id}/{removed.get('label')}: {removed.get('value')}"


def edit_finding(data: dict[str, Any], finding_id: str, topic: str, aliases: str) -> str:
    """Change a finding's topic and aliases (comma-separated)."""
    finding = find_finding(data, finding_id)
    finding["topic"] = topic.strip()
    _set_or_drop(finding, "aliases", words(aliases))
    return f"edit finding {data.get('id')}/{finding_id}"


def add_finding(data: dict[str, Any], finding_id: str, topic: str, label: str, value: str) -> str:
    """Add a finding with its first figure."""
    if any(isinstance(f, dict) and f.get("id") == finding_id.strip() for f in data.get("findings") or []):
        raise EditError(f"{data.get('id')} already has a finding '{finding_id.strip()}'")
    data.setdefault("findings", []).append({"id": finding_id.strip(), "topic": topic.strip(),
                                            "stats": [{"label": label.strip(), "value": value.strip()}]})
    return f"add finding {data.get('id')}/{finding_id.strip()}"


def remove_finding(data: dict[str, Any], finding_id: str) -> str:
    """Remove a finding and its figures."""
    finding = find_finding(data, finding_id)
    data["findings"].remove(finding)
    if not data["findings"]:
        del data["findings"]
    return f"remove finding {data.get('id')}/{finding_id}"


def edit_limitation(data: dict[str, Any], index: int, text: str) -> str:
    """Change, add (``index`` None) or remove (empty ``text``) one limitation."""
    limitations = data.setdefault("limitations", [])
    if index is not None and not 0 <= index < len(limitations):
        raise EditError(f"{data.get('id')} has no limitation {index + 1}")
    if index is None:
        limitations.append(text.strip())
        summary = f"add a limitation to {data.get('id')}"
    elif text.strip():
        limitations[index] = text.strip()
        summary = f"edit limitation {index + 1} of {data.get('id')}"
    else:
        limitations.pop(index)
        summary = f"remove limitation {index + 1} of {data.get('id')}"
    if not limitations:
        del data["limitations"]
    return summary


def edit_synonym(data: dict[str, Any], term: str, variants: str) -> str:
    """Set (or, with no variants, remove) the words members use for ``term`` in the vocabulary."""
    synonyms = data.setdefault("synonyms", {})
    term = term.strip().lower()
    listed = words(variants)
    if not term:
        raise EditError("name the term the variants stand for")
    if listed:
        action = "edit" if term in synonyms else "add"
        synonyms[term] = listed
        return f"{action} synonym {term}: {', '.join(listed)}"
    if term not in synonyms:
        raise EditError(f"the vocabulary has no synonym '{term}'")
    del synonyms[term]
    return f"remove synonym {term}"


def words(text: str) -> list[str]:
    """'fb, face book' -> ['fb', 'face book']."""
    return [word.strip() for word in text.replace("\n", ",").split(",") if word.strip()]


def _set_or_drop(mapping: dict[str, Any], key: str, value: Any) -> None:
    if value:
        mapping[key] = value
    else:
        mapping.pop(key, None)
