"""The SQLite index of the knowledge base, built with sqlite-utils.

The index is rebuilt from YAML into a temporary file that is renamed over the old one, so a crash mid-build leaves the
old index. Tables that cannot be rebuilt from YAML (anything not in :data:`INDEX_TABLES`, e.g. revisions or the
unanswered-questions log) are copied from the old file into the new one before the rename: a rebuild never drops them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import sqlite_utils

from bot.answers import design_phrase
from bot.knowledge import KnowledgeBase

INDEX_TABLES = ("sources", "findings", "stats", "limitations", "kb_meta")


def _is_index_table(name: str) -> bool:
    return name in INDEX_TABLES or any(name.startswith(f"{table}_fts") for table in INDEX_TABLES)


def build_index(kb: KnowledgeBase, path: Path, progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Write the index for ``kb`` to ``path`` atomically; return the row count of each table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(temporary)
        _write_tables(db, kb, progress)
        if path.exists():
            _carry_over(db, path, progress)
        counts = {name: db[name].count for name in INDEX_TABLES}
        db.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return counts


def _write_tables(db: sqlite_utils.Database, kb: KnowledgeBase, progress: Callable[[str], None]) -> None:
    progress(f"writing {len(kb.sources)} sources")
    db["sources"].insert_all(
        (
            {
                "id": s.id, "kind": s.kind, "title": s.title, "authors": json.dumps(list(s.authors)),
                "journal": s.journal, "journal_full": s.journal_full, "year": s.year, "volume": s.volume,
                "issue": s.issue, "pages": s.pages, "doi": s.doi, "pmid": s.pmid, "url": s.url, "design": design_phrase(s),
                "question": s.question, "objective": s.objective, "conclusion": s.conclusion or s.bottom_line,
                "note": s.note, "file": Path(s.file).name,
            }
            for s in kb.sources
        ),
        pk="id",
    )
    findings, stats, limitations = [], [], []
    for source in kb.sources:
        for finding in source.findings:
            key = f"{source.id}/{finding.id}"
            findings.append({
                "id": key, "source_id": source.id, "finding_id": finding.id, "topic": finding.topic,
                "aliases": " ".join(finding.aliases), "denominator": str(finding.denominator or ""),
            })
            for position, stat in enumerate(finding.stats):
                denominator = finding.denominator_of(stat)
                stats.append({
                    "id": f"{key}/{position}", "finding_id": key, "source_id": source.id, "position": position,
                    "label": stat.label, "value": stat.value.text, "qualifier": stat.value.qualifier,
                    "number": str(stat.value.number), "is_percent": stat.value.is_percent, "unit": stat.unit,
                    "count": stat.count, "derived": stat.derived, "denominator": str(denominator or ""),
                })
        limitations.extend(
            {"id": f"{source.id}/{i}", "source_id": source.id, "position": i, "text": text}
            for i, text in enumerate(source.limitations)
        )
    progress(f"writing {len(findings)} findings, {len(stats)} statistics, {len(limitations)} limitations")
    db["findings"].insert_all(findings, pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["stats"].insert_all(stats, pk="id", foreign_keys=[("finding_id", "findings", "id"), ("source_id", "sources", "id")])
    db["limitations"].insert_all(limitations, pk="id", foreign_keys=[("source_id", "sources", "id")])
    for table in ("findings", "stats", "limitations"):
        if not db[table].exists():
            db[table].create({"id": str}, pk="id")
    db["kb_meta"].insert_all(
        [
            {"key": "version", "value": kb.version},
            {"key": "built_at", "value": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        ],
        pk="key",
    )
    progress("building the full-text index")
    if findings:
        db["findings"].enable_fts(["topic", "aliases"], fts_version="FTS5")
    if stats:
        db["stats"].enable_fts(["label"], fts_version="FTS5")
    if limitations:
        db["limitations"].enable_fts(["text"], fts_version="FTS5")


def _carry_over(db: sqlite_utils.Database, old_path: Path, progress: Callable[[str], None]) -> None:
    """Copy every table the YAML cannot rebuild from the old index, with its schema, indexes and triggers."""
    try:
        old = sqlite_utils.Database(sqlite3.connect(f"file:{old_path}?mode=ro", uri=True))
        kept = [name for name in old.table_names() if not _is_index_table(name)]
    except sqlite3.DatabaseError as exc:
        raise IndexFileError(f"{old_path} is not a readable SQLite index ({exc}); move it aside and build again") from None
    for name in kept:
        progress(f"keeping table {name}")
        schema = old.execute("select sql from sqlite_master where type = 'table' and name = ?", [name]).fetchone()[0]
        db.execute(schema)
        db.conn.execute("attach database ? as old", [f"file:{old_path}?mode=ro"])
        try:
            with db.conn:
                db.conn.execute(f"insert into main.[{name}] select * from old.[{name}]")
        finally:
            db.conn.execute("detach database old")
        for (sql,) in old.execute(
            "select sql from sqlite_master where tbl_name = ? and type in ('index', 'trigger') and sql is not null", [name]
        ).fetchall():
            db.execute(sql)
    old.close()


class IndexFileError(Exception):
    """The existing index file cannot be read ."""


def open_index(path: Path) -> sqlite_utils.Database:
    """Open an existing index for reading and the later editing tables."""
    if not path.exists():
        raise IndexFileError(f"no index at {path}; run `medbot kb build` first")
    return sqlite_utils.Database(path)
