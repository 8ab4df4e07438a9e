"""The SQLite index of the knowledge base, built with sqlite-utils.

The index is rebuilt from YAML into a temporary file that is renamed over the old one, so a crash mid-build leaves the
old index. The temporary file starts as a copy of the old index with only the index tables (:data:`INDEX_TABLES` and
their full-text tables) dropped, so everything the YAML cannot rebuild (revisions, the unanswered-questions log, their
indexes, triggers and views) is carried over exactly: a rebuild never drops it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from bot.knowledge import KnowledgeBase

INDEX_TABLES = ("sources", "findings", "stats", "limitations", "kb_meta")
FTS_COLUMNS = {"findings": ["topic", "aliases"], "stats": ["label", "aliases"], "limitations": ["text"]}

SOURCE_COLUMNS = {
    "id": str, "kind": str, "title": str, "aliases": str, "authors": str, "author_display": str, "author_roles": str,
    "publisher": str, "journal": str, "journal_full": str, "year": int, "volume": str, "issue": str, "pages": str, "doi": str,
    "pmid": str, "url": str, "cited_as": str, "design": str, "design_type": str, "design_n": int, "design_unit": str,
    "question": str, "questions_asked": str, "methods": str, "objective": str, "summary": str,
    "advantages_intro": str, "advantages": str, "bottom_line": str, "conclusion": str, "cites": str, "note": str,
    "file": str,
}
FINDING_COLUMNS = {
    "id": str, "source_id": str, "finding_id": str, "position": int, "topic": str, "aliases": str, "denominator": str,
    "note": str,
}
STAT_COLUMNS = {
    "id": str, "finding_id": str, "source_id": str, "position": int, "label": str, "value": str, "qualifier": str,
    "number": str, "is_percent": int, "unit": str, "count": int, "derived": int, "denominator": str, "aliases": str,
    "note": str,
}
LIMITATION_COLUMNS = {"id": str, "source_id": str, "position": int, "text": str}


class IndexFileError(Exception):
    """The existing index file cannot be read."""


def build_index(kb: KnowledgeBase, path: Path, progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Write the index for ``kb`` to ``path`` atomically; return the row count of each index table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(temporary)
        try:
            if path.exists():
                _start_from_old_index(db, path, progress)
            _write_tables(db, kb, progress)
            counts = {name: db[name].count for name in INDEX_TABLES}
        finally:
            db.close()
        _fsync(temporary)
        os.replace(temporary, path)
        _fsync(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return counts


def _fsync(path: Path) -> None:
    """Flush a file (or a folder, so a rename in it is durable) to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _start_from_old_index(db: sqlite_utils.Database, old_path: Path, progress: Callable[[str], None]) -> None:
    """Copy the old index into ``db`` and drop its index tables, keeping everything the YAML cannot rebuild."""
    try:
        old = sqlite3.connect(f"file:{old_path}?mode=ro", uri=True)
        try:
            old.backup(db.conn)
        finally:
            old.close()
    except sqlite3.DatabaseError as exc:
        raise IndexFileError(
            f"{old_path} is not a readable SQLite index ({exc}); move it aside and build again"
        ) from None
    for name in [f"{table}_fts" for table in INDEX_TABLES] + list(INDEX_TABLES):
        db.execute(f"drop table if exists [{name}]")
    for name in db.table_names():
        progress(f"keeping table {name}")


def _json(items: tuple[str, ...]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


def _write_tables(db: sqlite_utils.Database, kb: KnowledgeBase, progress: Callable[[str], None]) -> None:
    """Create the index tables with their foreign keys, fill them, and build their FTS5 indexes."""
    db["sources"].create(SOURCE_COLUMNS, pk="id")
    db["findings"].create(FINDING_COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["stats"].create(STAT_COLUMNS, pk="id",
                       foreign_keys=[("finding_id", "findings", "id"), ("source_id", "sources", "id")])
    db["limitations"].create(LIMITATION_COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["kb_meta"].create({"key": str, "value": str}, pk="key")

    progress(f"writing {len(kb.sources)} sources")
    db["sources"].insert_all(
        {
            "id": s.id, "kind": s.kind, "title": s.title, "aliases": " ".join(s.aliases), "authors": _json(s.authors),
            "author_display": s.author_display, "author_roles": _json(s.author_roles), "publisher": s.publisher,
            "journal": s.journal, "journal_full": s.journal_full, "year": s.year, "volume": s.volume,
            "issue": s.issue, "pages": s.pages, "doi": s.doi, "pmid": s.pmid, "url": s.url, "cited_as": s.cited_as,
            "design": s.design.description if s.design else "", "design_type": s.design.type if s.design else "",
            "design_n": s.design.n if s.design else None, "design_unit": s.design.unit if s.design else "",
            "question": s.question, "questions_asked": _json(s.questions_asked), "methods": _json(s.methods),
            "objective": s.objective, "summary": s.summary, "advantages_intro": s.advantages_intro,
            "advantages": _json(s.advantages), "bottom_line": s.bottom_line, "conclusion": s.conclusion,
            "cites": _json(s.cites), "note": s.note, "file": Path(s.file).name,
        }
        for s in kb.sources
    )
    findings, stats, limitations = [], [], []
    for source in kb.sources:
        for position, finding in enumerate(source.findings):
            key = f"{source.id}/{finding.id}"
            findings.append({
                "id": key, "source_id": source.id, "finding_id": finding.id, "position": position,
                "topic": finding.topic, "aliases": " ".join(finding.aliases),
                "denominator": str(finding.denominator or ""), "note": finding.note,
            })
            for index, stat in enumerate(finding.stats):
                stats.append({
                    "id": f"{key}/{index}", "finding_id": key, "source_id": source.id, "position": index,
                    "label": stat.label, "value": stat.value.text, "qualifier": stat.value.qualifier,
                    "number": str(stat.value.number), "is_percent": stat.value.is_percent, "unit": stat.unit,
                    "count": stat.count, "derived": stat.derived,
                    "denominator": str(finding.denominator_of(stat) or ""), "aliases": " ".join(stat.aliases),
                    "note": stat.note,
                })
        limitations.extend(
            {"id": f"{source.id}/{i}", "source_id": source.id, "position": i, "text": text}
            for i, text in enumerate(source.limitations)
        )
    progress(f"writing {len(findings)} findings, {len(stats)} statistics, {len(limitations)} limitations")
    db["findings"].insert_all(findings)
    db["stats"].insert_all(stats)
    db["limitations"].insert_all(limitations)
    db["kb_meta"].insert_all([
        {"key": "version", "value": kb.version},
        {"key": "built_at", "value": datetime.now(UTC).isoformat(timespec="seconds")},
    ])
    progress("building the full-text index")
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, fts_version="FTS5")


def open_index(path: Path) -> sqlite_utils.Database:
    """Open an existing index for reading and the later editing tables."""
    if not path.exists():
        raise IndexFileError(f"no index at {path}; run `medbot kb build` first")
    return sqlite_utils.Database(path)
