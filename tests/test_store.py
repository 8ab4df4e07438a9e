"""The SQLite index: plain sqlite-utils tables with foreign keys and FTS5, built atomically, keeping other tables."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.db import ForeignKey

import bot.store
from bot.knowledge import KnowledgeBase
from bot.store import INDEX_TABLES, IndexFileError, build_index, open_index
from tests.helpers import load_ok, write_source


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    return load_ok(write_source(tmp_path / "knowledge"))


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return tmp_path / "data" / "medbot.db"


def folder_listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def add_kept_tables(path: Path) -> None:
    """Tables the YAML cannot rebuild: a revisions log with an index and a trigger, and an FTS-indexed question log."""
    db = sqlite_utils.Database(path)
    db["revisions"].insert_all(
        [
            {"id": 1, "source_id": "demo-2020", "change": "fixed a typo"},
            {"id": 2, "source_id": "demo-2020", "change": "x"},
        ],
        pk="id", foreign_keys=[("source_id", "sources", "id")],
    )
    db["revisions"].create_index(["source_id"], index_name="idx_revisions_source")
    db["unanswered"].insert_all([{"question": "what about instagram"}, {"question": "podcasts in residency"}])
    db["unanswered"].enable_fts(["question"], fts_version="FTS5", create_triggers=True)
    db.execute("create view recent_revisions as select * from revisions order by id desc")
    db.close()


def test_build_writes_plain_tables_with_counts(kb: KnowledgeBase, index: Path) -> None:
    counts = build_index(kb, index)
    assert counts == {"sources": 1, "findings": 1, "stats": 2, "limitations": 1, "vocabulary": 1, "kb_meta": 3}
    db = sqlite_utils.Database(index)
    assert set(INDEX_TABLES) <= set(db.table_names())
    blogs = db["stats"].get("demo-2020/tools/0")
    assert (blogs["label"], blogs["value"], blogs["count"], blogs["derived"], blogs["denominator"]) == (
        "Blogs", "71%", 10, 1, "14 studies")
    wikis = db["stats"].get("demo-2020/tools/1")
    assert (wikis["value"], wikis["count"], wikis["derived"], wikis["is_percent"]) == ("21%", None, 0, 1)
    source = db["sources"].get("demo-2020")
    assert json.loads(source["authors"]) == ["Doe JA", "Roe R"]
    assert (source["file"], source["year"], source["pages"]) == ("demo-2020.yaml", 2020, "10-20")
    assert dict(db.execute("select key, value from kb_meta").fetchall())["version"] == kb.version


def test_foreign_keys_are_declared_and_hold(kb: KnowledgeBase, index: Path) -> None:
    build_index(kb, index)
    db = sqlite_utils.Database(index)
    assert set(db["stats"].foreign_keys) == {
        ForeignKey("stats", "finding_id", "findings", "id"),
        ForeignKey("stats", "source_id", "sources", "id"),
    }
    assert db["findings"].foreign_keys == [ForeignKey("findings", "source_id", "sources", "id")]
    assert db["limitations"].foreign_keys == [ForeignKey("limitations", "source_id", "sources", "id")]
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_full_text_search_works_as_sqlite_utils_opens_it(kb: KnowledgeBase, index: Path) -> None:
    build_index(kb, index)
    db = sqlite_utils.Database(index)
    assert db["stats"].detect_fts() == "stats_fts"
    assert [row["label"] for row in db["stats"].search("wikis")] == ["Wikis"]
    assert [row["topic"] for row in db["findings"].search("tools")] == ["Tools used"]
    assert [row["text"] for row in db["limitations"].search("sample")] == ["Small sample"]
    assert "fts5" in db.execute("select sql from sqlite_master where name = 'stats_fts'").fetchone()[0].lower()


def test_an_empty_knowledge_base_still_gets_the_whole_schema(tmp_path: Path, index: Path) -> None:
    post = "id: only-post\nkind: post\ntitle: A post\nauthors:\n- Poe P\nbottom_line: Nothing measured.\n"
    (tmp_path / "only-post.yaml").write_text(post, encoding="utf-8")
    counts = build_index(load_ok(tmp_path / "only-post.yaml"), index)
    assert counts["stats"] == 0 and counts["sources"] == 1
    db = sqlite_utils.Database(index)
    assert {"label", "value", "count", "derived"} <= set(db["stats"].columns_dict)
    assert list(db["stats"].search("anything")) == []
    assert db["sources"].get("only-post")["bottom_line"] == "Nothing measured."


def test_rebuild_replaces_the_index_rows(tmp_path: Path, kb: KnowledgeBase, index: Path) -> None:
    build_index(kb, index)
    changed = load_ok(write_source(tmp_path / "knowledge", ("  - label: Wikis\n    value: 21%\n", "")))
    assert build_index(changed, index)["stats"] == 1
    db = sqlite_utils.Database(index)
    assert [row["label"] for row in db["stats"].rows] == ["Blogs"]
    assert list(db["stats"].search("wikis")) == []


def test_rebuild_keeps_tables_the_yaml_cannot_rebuild(tmp_path: Path, kb: KnowledgeBase, index: Path) -> None:
    build_index(kb, index)
    add_kept_tables(index)
    messages: list[str] = []
    changed = load_ok(write_source(tmp_path / "knowledge", ("Small sample", "Tiny sample")))
    build_index(changed, index, messages.append)

    db = sqlite_utils.Database(index)
    assert [row["change"] for row in db["revisions"].rows] == ["fixed a typo", "x"]
    assert [i.name for i in db["revisions"].indexes] == ["idx_revisions_source"]
    assert db["revisions"].foreign_keys == [ForeignKey("revisions", "source_id", "sources", "id")]
    assert [row["question"] for row in db["unanswered"].search("instagram")] == ["what about instagram"]
    db["unanswered"].insert({"question": "youtube lectures"})  # its triggers came along too
    assert [row["question"] for row in db["unanswered"].search("youtube")] == ["youtube lectures"]
    assert [row["id"] for row in db["recent_revisions"].rows] == [2, 1]
    assert [row["text"] for row in db["limitations"].rows] == ["Tiny sample"]
    assert "keeping table revisions" in messages and "keeping table unanswered" in messages


def test_crash_mid_build_leaves_the_old_index_byte_identical(tmp_path: Path, kb: KnowledgeBase, index: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(kb, index)
    add_kept_tables(index)
    before = index.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(sqlite_utils.db.Table, "enable_fts", crash)
    changed = load_ok(write_source(tmp_path / "knowledge", ("Small sample", "Tiny sample")))
    with pytest.raises(RuntimeError, match="power cut"):
        build_index(changed, index)

    assert index.read_bytes() == before
    assert folder_listing(index) == ["medbot.db"]
    db = sqlite_utils.Database(index)
    assert [row["text"] for row in db["limitations"].rows] == ["Small sample"]
    assert db["revisions"].count == 2


def test_crash_while_writing_rows_leaves_no_temporary_file(kb: KnowledgeBase, index: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(kb, index)
    before = index.read_bytes()
    original = sqlite_utils.db.Table.insert_all

    def insert_then_crash(self: sqlite_utils.db.Table, *args: object, **kwargs: object) -> object:
        if self.name == "stats":
            raise sqlite3.OperationalError("disk I/O error")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(sqlite_utils.db.Table, "insert_all", insert_then_crash)
    with pytest.raises(IndexFileError, match="disk I/O error: the disk may be full"):
        build_index(kb, index)
    assert index.read_bytes() == before
    assert folder_listing(index) == ["medbot.db"]


def test_crash_at_the_rename_leaves_the_old_index(kb: KnowledgeBase, index: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(kb, index)
    before = index.read_bytes()

    def refuse(*args: object) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr(bot.store.os, "replace", refuse)
    with pytest.raises(OSError, match="rename failed"):
        build_index(kb, index)
    assert index.read_bytes() == before
    assert folder_listing(index) == ["medbot.db"]


def test_crash_on_the_first_build_leaves_nothing(kb: KnowledgeBase, index: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.store, "_write_tables", crash)
    with pytest.raises(RuntimeError):
        build_index(kb, index)
    assert folder_listing(index) == []


def test_an_old_index_that_is_not_sqlite_is_left_alone(kb: KnowledgeBase, index: Path) -> None:
    index.parent.mkdir(parents=True)
    index.write_bytes(b"this is not a database, it is a note somebody saved here\n" * 20)
    before = index.read_bytes()
    with pytest.raises(IndexFileError, match="is not a readable SQLite index"):
        build_index(kb, index)
    assert index.read_bytes() == before
    assert folder_listing(index) == ["medbot.db"]


def test_open_index(kb: KnowledgeBase, index: Path) -> None:
    with pytest.raises(IndexFileError, match="no index at .*; run `medbot kb build` first"):
        open_index(index)
    build_index(kb, index)
    assert open_index(index)["sources"].count == 1
