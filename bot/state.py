"""Moderators' state: what cannot be rebuilt from YAML, in its own SQLite file that an index rebuild never replaces.

``revisions`` (who changed which file, when, why, and the file before and after), ``reports`` (a member's "Wrong
answer?" with the question and the answer given), ``gaps`` (questions the bot could not answer), and
``quiz_scores`` (kept here for the quiz, which is built separately). The file uses WAL and a busy timeout, so the
bot, `medbot kb set` and Datasette can use it at once. Reports and gaps keep the question, the answer, the time and the
server, never who asked.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

#: Seconds a write waits for another writer before it gives up with a sentence.
BUSY_WAIT = 10.0


class StateError(Exception):
    """The state database cannot be opened or written; the message names the path and what to do."""


@dataclass(frozen=True)
class Revision:
    """One change to one knowledge file, with the whole file before and after (None: the file did not exist)."""

    id: int
    at: str
    who: str
    action: str
    file: str
    source_id: str
    reason: str
    summary: str
    before: str | None
    after: str | None
    status: str
    undoes: int | None


def now() -> str:
    """The time as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class State:
    """The state database at ``path`` (created with its tables on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=BUSY_WAIT, isolation_level=None, check_same_thread=False)
            self.db = sqlite_utils.Database(connection)
            self.db.execute("pragma journal_mode=wal")
            self._create_tables()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise StateError(f"cannot open the moderators' database {path} ({exc}): check that its folder is "
                             "writable, or set state_path in config.yaml") from None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction that takes the write lock first (BEGIN IMMEDIATE), so it waits for another writer
        instead of failing when it would have to upgrade a read (a deferred BEGIN gets 'database is locked')."""
        self.db.execute("begin immediate")
        try:
            yield
        except BaseException:
            self.db.execute("rollback")
            raise
        self.db.execute("commit")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def _create_tables(self) -> None:
        self.db["revisions"].create({
            "id": int, "at": str, "who": str, "action": str, "file": str, "source_id": str, "reason": str,
            "summary": str, "before": str, "after": str, "status": str, "undoes": int,
        }, pk="id", if_not_exists=True)
        self.db["revisions"].create_index(["file", "id"], if_not_exists=True)
        self.db["reports"].create({
            "id": int, "at": str, "guild_id": str, "kind": str, "question": str, "answer": str, "note": str,
        }, pk="id", if_not_exists=True)
        self.db["reports"].create_index(["at"], if_not_exists=True)
        self.db["quiz_scores"].create({
            "guild_id": str, "user_id": str, "answered": int, "correct": int, "updated_at": str,
        }, pk=("guild_id", "user_id"), if_not_exists=True)

    # -- revisions --------------------------------------------------------------------------------------------------

    def begin_revision(self, *, who: str, action: str, file: str, source_id: str, reason: str, summary: str,
                       before: str | None, after: str | None, undoes: int | None = None) -> int:
        """Record a revision as pending, before its file is written (see :meth:`settle`)."""
        with self._writing():
            table = self.db["revisions"]
            table.insert({"at": now(), "who": who, "action": action, "file": file, "source_id": source_id,
                          "reason": reason, "summary": summary, "before": before, "after": after,
                          "status": "pending", "undoes": undoes})
            return int(table.last_pk)

    def mark(self, revision_id: int, status: str) -> None:
        """Set a revision's status: ``applied`` once its file is written, ``abandoned`` if it never was."""
        with self._writing():
            self.db.execute("update revisions set status = ? where id = ?", [status, revision_id])

    def pending(self) -> list[Revision]:
        """Revisions begun but not settled: a writer died between recording and finishing."""
        return [self._revision(row) for row in self.db.query("select * from revisions where status = 'pending'")]

    def revision(self, revision_id: int) -> Revision | None:
        """One revision by id."""
        rows = list(self.db.query("select * from revisions where id = ?", [revision_id]))
        return self._revision(rows[0]) if rows else None

    def revisions(self, source_id: str | None = None, limit: int = 10, offset: int = 0) -> list[Revision]:
        """Applied revisions, newest first, optionally of one source."""
        where, params = "status = 'applied'", []
        if source_id:
            where, params = where + " and source_id = ?", [source_id]
        rows = self.db.query(f"select * from revisions where {where} order by id desc limit ? offset ?",
                             [*params, limit, offset])
        return [self._revision(row) for row in rows]

    def count_revisions(self, source_id: str | None = None) -> int:
        """How many applied revisions there are (of one source)."""
        if source_id:
            sql, params = "select count(*) from revisions where status = 'applied' and source_id = ?", [source_id]
        else:
            sql, params = "select count(*) from revisions where status = 'applied'", []
        return int(self.db.execute(sql, params).fetchone()[0])

    def last_change(self, file: str) -> Revision | None:
        """The newest applied revision of ``file``."""
        rows = list(self.db.query("select * from revisions where file = ? and status = 'applied' order by id desc "
                                  "limit 1", [file]))
        return self._revision(rows[0]) if rows else None

    @staticmethod
    def _revision(row: dict[str, Any]) -> Revision:
        return Revision(**row)

    # -- reports and gaps -------------------------------------------------------------------------------------------

    def log(self, kind: str, question: str, answer: str = "", note: str = "", guild_id: int | None = None) -> int:
        """Log an unanswered question (``kind='unanswered'``) or a member's report (``'reported'``); no user id."""
        with self._writing():
            table = self.db["reports"]
            table.insert({"at": now(), "guild_id": str(guild_id or ""), "kind": kind, "question": question[:2000],
                          "answer": answer[:4000], "note": note[:1000]})
            return int(table.last_pk)

    def logged(self, since: str | None = None) -> list[dict[str, Any]]:
        """Every logged question since ``since`` (ISO time), oldest first."""
        if since:
            return list(self.db.query("select * from reports where at >= ? order by id", [since]))
        return list(self.db.query("select * from reports order by id"))

    def prune(self, retention_days: int) -> int:
        """Delete logged questions older than ``retention_days``; return how many went."""
        cutoff = (datetime.now(UTC) - timedelta(days=retention_days)).isoformat(timespec="seconds")
        with self._writing():
            return self.db.execute("delete from reports where at < ?", [cutoff]).rowcount
