"""The SQLite index of the knowledge base: what the bot answers from, built from the YAML with sqlite-utils.

The index holds every record the bot serves (sources, findings, statistics, limitations, the vocabulary) with the
columns derived from the dataclasses in :mod:`bot.schema` (see :mod:`bot.records`), plus the fingerprint of the YAML
files it was built from. :func:`served_knowledge` loads the knowledge base from it, and rebuilds it first when the
YAML changed, so a large base starts without parsing YAML and several processes share one built file: what a user
browses in Datasette is exactly what the bot answers from.

A build writes a temporary file that is renamed over the old index, so a crash mid-build leaves the old index. The
temporary file starts as a copy of the old index with only the index tables dropped, so tables, views and triggers a
user added for browsing are kept. Nothing the bot cannot rebuild lives here: revisions, reports and logs are in the
state database (:mod:`bot.state`), which a rebuild never replaces, so no write is lost to a rebuild.

Faults end in :class:`IndexFileError`, a sentence naming the path and what to do: a folder that cannot be written,
``data`` being a file, a damaged old index, a view that takes an index table's name, a full disk, and a lock held by
another process (waited for a bounded time, then named). Builds are serialised with a lock on the folder; a build
removes the temporary files of builds that were killed, and one stopped with SIGTERM removes its own.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.knowledge import KnowledgeBase, knowledge_files, knowledge_version, load_knowledge
from bot.records import columns, reader, to_row
from bot.schema import Finding, Source, Stat, Vocabulary

log = logging.getLogger(__name__)

INDEX_TABLES = ("sources", "findings", "stats", "limitations", "vocabulary", "kb_meta")
FTS_COLUMNS = {"findings": ["topic", "aliases"], "stats": ["label", "aliases"], "limitations": ["text"]}
#: Bumped when the tables change shape, so an index written by older code is rebuilt rather than misread.
FORMAT = "2"
#: Seconds a build or a load waits for another process's lock before it names the holder and gives up.
LOCK_WAIT = 10.0

SOURCE_COLUMNS = {**columns(Source), "position": int}
FINDING_COLUMNS = {"id": str, "source_id": str, "position": int,
                   **{("finding_id" if name == "id" else name): kind for name, kind in columns(Finding).items()}}
#: Beside a stat's own fields, for browsing: the parts of its figure, and ``denominator`` is the one it is a share of
#: (its own, or its group's; ``own_denominator`` says which), as the bot states it.
STAT_COLUMNS = {"id": str, "finding_id": str, "source_id": str, "position": int, **columns(Stat),
                "own_denominator": int, "qualifier": str, "number": str, "is_percent": int}
LIMITATION_COLUMNS = {"id": str, "source_id": str, "position": int, "text": str}
VOCABULARY_COLUMNS = {"id": int, **columns(Vocabulary)}

Progress = Callable[[str], None]


class IndexFileError(Exception):
    """The index cannot be read or written; the message names the path and what to do."""


def build_index(kb: KnowledgeBase, path: Path, progress: Progress = lambda _: None, *,
                only_if_stale: bool = False, lock_wait: float | None = None) -> dict[str, int]:
    """Write the index for ``kb`` to ``path`` atomically; return the row count of each index table.

    With ``only_if_stale``, a build that finds (once it holds the lock) that another process already built this
    version does nothing and returns the counts of that index.
    """
    started = time.perf_counter()
    wait = LOCK_WAIT if lock_wait is None else lock_wait
    folder = _writable_folder(path)
    with _build_lock(folder, wait), _explained(path):
        if only_if_stale and index_version(path, wait) == kb.version:
            log.debug("index %s was built meanwhile by another process; waited %.3f s", path,
                      time.perf_counter() - started)
            return _counts(path)
        _remove_leftovers(path, progress)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with _removed_on_sigterm():
                db = sqlite_utils.Database(temporary)
                try:
                    if path.exists():
                        _start_from_old_index(db, path, progress, wait)
                    _write_tables(db, kb, progress)
                    counts = {name: db[name].count for name in INDEX_TABLES}
                finally:
                    db.close()
                _fsync(temporary)
                os.replace(temporary, path)
                _fsync(path.parent)
        finally:
            _unlink_with_journal(temporary)
    log.debug("index %s built (%s) in %.3f s", path, ", ".join(f"{count} {name}" for name, count in counts.items()),
              time.perf_counter() - started)
    return counts


def _counts(path: Path) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    try:
        return {name: db[name].count for name in INDEX_TABLES}
    finally:
        db.close()


def _writable_folder(path: Path) -> Path:
    """The index's folder, created if need be; an IndexFileError if it is a file or cannot be written."""
    folder = path.parent
    for parent in [folder, *folder.parents]:
        if parent.exists() and not parent.is_dir():
            raise IndexFileError(f"{parent} is a file, not a folder, so the index {path} cannot be written there: "
                                 f"move that file aside, or set index_path in config.yaml to another folder")
        if parent.exists():
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexFileError(f"cannot create the folder {folder} for the index ({exc.strerror}): create it, or set "
                             "index_path in config.yaml to a folder this user can write") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise IndexFileError(f"cannot write in {folder} (permission denied), so the index {path} cannot be built: "
                             "make the folder writable by this user, or set index_path in config.yaml to one that is")
    return folder


@contextlib.contextmanager
def _explained(path: Path) -> Iterator[None]:
    """Turn a full disk or a read-only file system into an IndexFileError; the old index is untouched."""
    unchanged = f"the old index {path} is unchanged" if path.exists() else "nothing was written"
    try:
        yield
    except sqlite3.OperationalError as exc:
        message = str(exc).lower()
        if "disk is full" in message:
            raise IndexFileError(f"the disk holding {path.parent} is full: free some space and run `medbot kb build` "
                                 f"again ({unchanged})") from None
        if "disk i/o error" in message:
            raise IndexFileError(f"could not write the index in {path.parent} (disk I/O error: the disk may be full, "
                                 f"over quota or failing): check free space with `df -h {path.parent}` and run "
                                 f"`medbot kb build` again ({unchanged})") from None
        if "readonly" in message or "read-only" in message:
            raise IndexFileError(f"cannot write in {path.parent} (read-only): make it writable, or set index_path in "
                                 f"config.yaml to a folder that is ({unchanged})") from None
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise IndexFileError(f"the disk holding {path.parent} is full ({exc.strerror}): free some space and run "
                                 f"`medbot kb build` again ({unchanged})") from None
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise IndexFileError(f"cannot write in {path.parent} ({exc.strerror}): make it writable, or set "
                                 f"index_path in config.yaml to a folder that is ({unchanged})") from None
        raise


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float, poll: float, timed_out: Callable[[], Exception]) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (flock on the folder itself, so no lock file is left behind), waiting at
    most ``wait`` seconds and then raising ``timed_out()``."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise timed_out() from None
                time.sleep(poll)
        yield
    finally:
        os.close(descriptor)


def _build_lock(folder: Path, wait: float) -> contextlib.AbstractContextManager[None]:
    """Hold the folder's build lock."""
    return folder_lock(folder, wait, 0.05, lambda: IndexFileError(
        f"another build of the index in {folder} is still running ({lock_holders(folder)}); waited {wait:g} s. "
        "Let it finish, or stop it, and build again"))


def lock_holders(path: Path) -> str:
    """Who holds a lock on ``path``, from /proc/locks: 'process 1234 (sqlite3 data/medbot.db)', or a plain 'unknown'."""
    try:
        info = path.stat()
        table = Path("/proc/locks").read_text()
    except OSError:
        return "a process this system cannot name"
    wanted = f":{info.st_ino}"
    pids = []
    for line in table.splitlines():
        parts = line.split()
        if "->" in parts:
            parts.remove("->")
        if len(parts) >= 6 and parts[5].endswith(wanted) and parts[4].isdigit() and int(parts[4]) != os.getpid():
            pids.append(int(parts[4]))
    names = []
    for pid in dict.fromkeys(pids):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            command = ""
        names.append(f"process {pid}" + (f" ({command[:120]})" if command else ""))
    return ", ".join(names) or "a process this system cannot name"


def _remove_leftovers(path: Path, progress: Progress) -> None:
    """Remove temporary files of builds that were killed (only ever called while holding the build lock)."""
    for leftover in sorted(path.parent.glob(f".{path.name}.*.tmp*")):
        with contextlib.suppress(FileNotFoundError):
            size = leftover.stat().st_size
            leftover.unlink()
            progress(f"removed {leftover.name} ({size:,} bytes), left by a build that was killed")


def _unlink_with_journal(temporary: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{temporary}{suffix}").unlink(missing_ok=True)


class Stopped(SystemExit):
    """SIGTERM arrived during a build: unwind (removing the temporary file), then exit 143 as if killed."""


@contextlib.contextmanager
def _removed_on_sigterm() -> Iterator[None]:
    """In the main thread, turn SIGTERM into :class:`Stopped` so the build's ``finally`` cleans up first."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Stopped(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fsync(path: Path) -> None:
    """Flush a file (or a folder, so a rename in it is durable) to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _connect_old(path: Path, wait: float) -> sqlite3.Connection:
    """A read-only connection to the old index holding a read transaction, so no writer can lock it mid-copy."""
    old = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=wait)
    try:
        old.execute("begin")
        old.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        old.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise IndexFileError(f"{path} is locked by {lock_holders(path)}; waited {wait:g} s. Let that process "
                                 "finish (or stop it) and try again") from None
        raise
    return old


def _start_from_old_index(db: sqlite_utils.Database, old_path: Path, progress: Progress, wait: float) -> None:
    """Copy the old index into ``db`` and drop its index tables, keeping what a user added to it."""
    try:
        old = _connect_old(old_path, wait)
        try:
            old.backup(db.conn)
        finally:
            old.close()
        names = [f"{table}_fts" for table in INDEX_TABLES] + list(INDEX_TABLES)
        taken = db.execute(
            f"select type, name from sqlite_master where type != 'table' and name in ({','.join('?' * len(names))})",
            names).fetchall()
        if taken:
            kind, name = taken[0]
            raise IndexFileError(f"{old_path} has a {kind} named '{name}', a name the index needs for its own table: "
                                 f"rename or drop it (sqlite3 {old_path} \"drop {kind} [{name}]\") and build again")
        for name in names:
            db.execute(f"drop table if exists [{name}]")
        kept = db.table_names()
        verdict = [row[0] for row in db.execute("pragma quick_check").fetchall()]
        if verdict != ["ok"]:
            raise sqlite3.DatabaseError(f"database disk image is malformed: {verdict[0]}")
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and ("disk is full" in str(exc) or "I/O" in str(exc)):
            raise
        raise IndexFileError(
            f"{old_path} is not a readable SQLite index ({exc}): move it aside (mv {old_path} {old_path}.damaged) "
            "and build again; the knowledge base itself is safe in the YAML files"
        ) from None
    for name in kept:
        progress(f"keeping table {name}")


def _write_tables(db: sqlite_utils.Database, kb: KnowledgeBase, progress: Progress) -> None:
    """Create the index tables with their foreign keys, fill them, and build their FTS5 indexes."""
    db["sources"].create(SOURCE_COLUMNS, pk="id")
    db["findings"].create(FINDING_COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["stats"].create(STAT_COLUMNS, pk="id",
                       foreign_keys=[("finding_id", "findings", "id"), ("source_id", "sources", "id")])
    db["limitations"].create(LIMITATION_COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
    db["vocabulary"].create(VOCABULARY_COLUMNS, pk="id")
    db["kb_meta"].create({"key": str, "value": str}, pk="key")

    progress(f"writing {len(kb.sources)} sources")
    db["sources"].insert_all({**to_row(source), "file": Path(source.file).name, "position": position}
                             for position, source in enumerate(kb.sources))
    findings, stats, limitations = [], [], []
    for source in kb.sources:
        for position, finding in enumerate(source.findings):
            key = f"{source.id}/{finding.id}"
            row = to_row(finding)
            row["finding_id"] = row.pop("id")
            findings.append({"id": key, "source_id": source.id, "position": position, **row})
            stats.extend(
                {"id": f"{key}/{index}", "finding_id": key, "source_id": source.id, "position": index, **_stat_row(
                    finding, stat)}
                for index, stat in enumerate(finding.stats)
            )
        limitations.extend(
            {"id": f"{source.id}/{i}", "source_id": source.id, "position": i, "text": text}
            for i, text in enumerate(source.limitations)
        )
    progress(f"writing {len(findings)} findings, {len(stats)} statistics, {len(limitations)} limitations")
    db["findings"].insert_all(findings)
    db["stats"].insert_all(stats)
    db["limitations"].insert_all(limitations)
    db["vocabulary"].insert({"id": 1, **to_row(kb.vocabulary)})
    db["kb_meta"].insert_all([
        {"key": "version", "value": kb.version},
        {"key": "format", "value": FORMAT},
        {"key": "built_at", "value": datetime.now(UTC).isoformat(timespec="seconds")},
    ])
    progress("building the full-text index")
    for table, fts_columns in FTS_COLUMNS.items():
        db[table].enable_fts(fts_columns, fts_version="FTS5")


def _stat_row(finding: Finding, stat: Stat) -> dict[str, Any]:
    shown = finding.denominator_of(stat)
    return {**to_row(stat), "denominator": None if shown is None else str(shown),
            "own_denominator": int(stat.denominator is not None), "qualifier": stat.value.qualifier,
            "number": str(stat.value.number), "is_percent": int(stat.value.is_percent)}


def _read_only(path: Path, wait: float) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=wait)
    connection.row_factory = _dict_row
    return connection


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> dict[str, Any]:
    return dict(zip([column[0] for column in cursor.description], row, strict=True))


def index_version(path: Path, wait: float = LOCK_WAIT) -> str | None:
    """The fingerprint of the YAML the index at ``path`` was built from; None if there is no usable index."""
    if not path.is_file():
        return None
    try:
        connection = _read_only(path, wait)
        try:
            meta = {row["key"]: row["value"] for row in connection.execute("select key, value from kb_meta")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return None
    return meta.get("version") if meta.get("format") == FORMAT else None


def load_index(path: Path, wait: float = LOCK_WAIT) -> KnowledgeBase:
    """Read the whole knowledge base back from the index (no YAML is parsed)."""
    started = time.perf_counter()
    try:
        connection = _read_only(path, wait)
    except sqlite3.OperationalError as exc:
        raise IndexFileError(f"cannot open the index {path} ({exc}): run `medbot kb build`") from None
    try:
        connection.execute("begin")  # one consistent snapshot across the tables
        kb = _read_tables(connection)
        log.debug("index %s read: %d sources in %.3f s", path, len(kb.sources), time.perf_counter() - started)
        return kb
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise IndexFileError(f"{path} is locked by {lock_holders(path)}; waited {wait:g} s") from None
        raise IndexFileError(f"cannot read the index {path} ({exc}): run `medbot kb build`") from None
    except sqlite3.DatabaseError as exc:
        raise IndexFileError(f"the index {path} is damaged ({exc}): move it aside and run `medbot kb build`") from None
    finally:
        connection.close()


def _read_tables(connection: sqlite3.Connection) -> KnowledgeBase:
    read_stat, read_finding, read_source = reader(Stat), reader(Finding), reader(Source)
    stats: dict[str, list[Stat]] = {}
    for row in connection.execute("select * from stats order by finding_id, position"):
        if not row["own_denominator"]:
            row["denominator"] = None
        stats.setdefault(row["finding_id"], []).append(read_stat(row))
    findings: dict[str, list[Finding]] = {}
    for row in connection.execute("select * from findings order by source_id, position"):
        key = row["id"]
        row["id"] = row.pop("finding_id")
        findings.setdefault(row["source_id"], []).append(read_finding(row, stats=tuple(stats.get(key, ()))))
    sources = tuple(
        read_source(row, findings=tuple(findings.get(row["id"], ())))
        for row in connection.execute("select * from sources order by position")
    )
    vocabulary_row = connection.execute("select * from vocabulary").fetchone()
    vocabulary = reader(Vocabulary)(vocabulary_row) if vocabulary_row else Vocabulary()
    meta = {row["key"]: row["value"] for row in connection.execute("select key, value from kb_meta")}
    return KnowledgeBase(sources, vocabulary, meta.get("version", ""))


def served_knowledge(knowledge_dir: Path, index_path: Path, progress: Progress = lambda _: None,
                     warn: Progress = lambda message: log.warning("%s", message)) -> KnowledgeBase:
    """The knowledge base as the bot serves it: from the index, rebuilt first if the YAML changed.

    Raises :class:`~bot.knowledge.KnowledgeError` when the YAML must be read and has problems. When the index cannot
    be written or read (a read-only folder, a lock held too long), ``warn`` says why and the YAML is served as loaded.
    """
    files, _ = knowledge_files([knowledge_dir])
    version = knowledge_version(files)
    built_from = index_version(index_path)
    if built_from == version:
        try:
            return _with_files(load_index(index_path), files)
        except IndexFileError as exc:
            warn(f"{exc}; reading the YAML files instead")
    elif built_from is None:
        log.debug("no usable index at %s: reading the YAML", index_path)
    else:
        log.debug("index %s was built from YAML version %s, the %d files are now version %s: reading the YAML",
                  index_path, built_from, len(files), version)
    kb = load_knowledge(knowledge_dir)
    progress(f"the knowledge files changed: rebuilding {index_path}")
    try:
        build_index(kb, index_path, progress, only_if_stale=True)
    except IndexFileError as exc:
        warn(f"{exc}; answering from the YAML files this time")
    return kb


def _with_files(kb: KnowledgeBase, files: list[Path]) -> KnowledgeBase:
    """Point each source's ``file`` at where its YAML is now (the index may have been built from another path)."""
    by_name = {file.name: str(file) for file in files}
    sources = tuple(replace(s, file=by_name.get(Path(s.file).name, s.file)) for s in kb.sources)
    vocabulary = replace(kb.vocabulary, file=by_name.get(Path(kb.vocabulary.file).name, kb.vocabulary.file))
    return replace(kb, sources=sources, vocabulary=vocabulary)


def open_index(path: Path) -> sqlite_utils.Database:
    """Open an existing index for browsing (what Datasette shows)."""
    if not path.exists():
        raise IndexFileError(f"no index at {path}; run `medbot kb build` first")
    return sqlite_utils.Database(path)
