"""The index is what the bot serves from: records round-trip exactly, and a changed YAML file triggers a rebuild."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from bot.cli import main
from bot.knowledge import KnowledgeBase
from bot.records import columns
from bot.schema import Source
from bot.store import SOURCE_COLUMNS, build_index, index_version, load_index, served_knowledge
from tests.helpers import REPO_KNOWLEDGE, write_config


def copy_knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(REPO_KNOWLEDGE, folder)
    return folder


def test_the_index_gives_back_exactly_the_records_of_the_yaml(tmp_path: Path, kb: KnowledgeBase) -> None:
    build_index(kb, tmp_path / "medbot.db")
    loaded = load_index(tmp_path / "medbot.db")
    strip = [dataclasses.replace(s, file=Path(s.file).name) for s in kb.sources]
    assert list(loaded.sources) == strip
    assert dataclasses.replace(loaded.vocabulary, file="") == dataclasses.replace(kb.vocabulary, file="")
    assert loaded.version == kb.version
    blogs = loaded.source("cheston-2013").finding("tools").stats[0]
    assert (blogs.value.text, blogs.count, blogs.derived) == ("71%", 10, True)


def test_source_columns_come_from_the_dataclass() -> None:
    names = {field.name for field in dataclasses.fields(Source)} - {"findings", "design"}
    assert names <= set(SOURCE_COLUMNS)
    assert {"design_description", "design_n"} <= set(columns(Source))


def test_served_knowledge_builds_once_then_reads_the_index(tmp_path: Path) -> None:
    knowledge, index = copy_knowledge(tmp_path), tmp_path / "data" / "medbot.db"
    messages: list[str] = []
    first = served_knowledge(knowledge, index, messages.append)
    assert index.is_file() and any("rebuilding" in m for m in messages)
    assert index_version(index) == first.version
    messages.clear()
    again = served_knowledge(knowledge, index, messages.append)
    assert messages == [] and again.sources == first.sources


def test_a_changed_yaml_file_rebuilds_the_index(tmp_path: Path) -> None:
    knowledge, index = copy_knowledge(tmp_path), tmp_path / "data" / "medbot.db"
    old = served_knowledge(knowledge, index)
    path = knowledge / "cheston-2013.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: Blogs", "label: Web logs"), encoding="utf-8")
    new = served_knowledge(knowledge, index)
    assert new.version != old.version and index_version(index) == new.version
    assert load_index(index).source("cheston-2013").finding("tools").stats[0].label == "Web logs"


def test_medbot_ask_answers_from_the_index(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path)
    config = write_config(tmp_path / "site", knowledge)
    runner = CliRunner()
    assert runner.invoke(main, ["kb", "build", "--config", str(config)]).exit_code == 0
    index = tmp_path / "site" / "data" / "medbot.db"
    # Change a figure in the index only: if ask parsed the YAML it would still say 71%.
    db = sqlite_utils.Database(index)
    db.execute("update stats set value = '72%', count = null, derived = 0 where id = 'cheston-2013/tools/0'")
    db.conn.commit()
    db.close()
    result = runner.invoke(main, ["stats", "tools", "--config", str(config)])
    assert result.exit_code == 0 and "72%" in result.stdout and "71%" not in result.stdout
