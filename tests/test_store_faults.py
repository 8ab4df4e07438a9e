"""Index faults (issue 11): each ends in a sentence naming the path and what to do, exit status 1, and no traceback;
a lock held by another process is waited for a bounded time and its holder named; killed builds leave no litter."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import bot.store
from bot.cli import main
from bot.knowledge import KnowledgeBase
from bot.store import build_index
from tests.helpers import REPO_KNOWLEDGE, write_config

MEDBOT = str(Path(sys.executable).with_name("medbot"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_config(tmp_path, REPO_KNOWLEDGE)
    return tmp_path


def build(site: Path) -> Result:
    return CliRunner().invoke(main, ["kb", "build", "--config", str(site / "config.yaml")])


def plain_failure(result: Result, *phrases: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only for this process: a read-only bind mount as root (who ignores modes), else chmod."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("running as root without the right to mount: cannot make a folder read-only")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_data_folder_is_a_sentence(site: Path) -> None:
    (site / "data").mkdir()
    with read_only(site / "data"):
        result = build(site)
    plain_failure(result, f"cannot write in {site / 'data'}", "index_path in config.yaml")


def test_data_being_a_file_is_a_sentence(site: Path) -> None:
    (site / "data").write_text("notes\n")
    plain_failure(build(site), f"{site / 'data'} is a file, not a folder", "move that file aside")
    assert (site / "data").read_text() == "notes\n"


def test_corrupt_pages_behind_a_valid_header_are_a_sentence(site: Path) -> None:
    assert build(site).exit_code == 0
    index = site / "data" / "medbot.db"
    data = bytearray(index.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[2 * page:] = b"\xa5" * (len(data) - 2 * page)  # the header and first page stay valid
    index.write_bytes(bytes(data))
    before = index.read_bytes()
    plain_failure(build(site), f"{index} is not a readable SQLite index", f"mv {index} {index}.damaged")
    assert index.read_bytes() == before
    assert sorted(p.name for p in index.parent.iterdir()) == ["medbot.db"]


def test_a_view_named_like_an_index_table_is_a_sentence(site: Path) -> None:
    assert build(site).exit_code == 0
    index = site / "data" / "medbot.db"
    connection = sqlite3.connect(index)
    connection.executescript("drop table kb_meta; create view kb_meta as select 'version' as key, 'x' as value;")
    connection.close()
    plain_failure(build(site), f"{index} has a view named 'kb_meta'", "drop view [kb_meta]")


def test_a_full_disk_is_a_sentence(site: Path) -> None:
    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    result = subprocess.run([MEDBOT, "kb", "build", "--config", str(site / "config.yaml")], preexec_fn=small_disk,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"could not write the index in {site / 'data'}" in result.stderr and "df -h" in result.stderr
    assert list((site / "data").iterdir()) == []


@contextlib.contextmanager
def exclusive_lock(index: Path) -> Iterator[subprocess.Popen]:
    """Another process holding BEGIN EXCLUSIVE on the index until the block ends."""
    code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('begin exclusive'); print('locked', flush=True); sys.stdin.read()")
    holder = subprocess.Popen([sys.executable, "-c", code, str(index)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_locked_index_is_waited_for_a_bounded_time_then_its_holder_named(site: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert build(site).exit_code == 0
    monkeypatch.setattr(bot.store, "LOCK_WAIT", 0.5)
    index = site / "data" / "medbot.db"
    with exclusive_lock(index) as holder:
        started = time.monotonic()
        result = build(site)
        waited = time.monotonic() - started
    plain_failure(result, f"{index} is locked by process {holder.pid}", "waited 0.5 s")
    assert waited < 5
    assert build(site).exit_code == 0


def test_later_builds_remove_what_killed_builds_left(site: Path) -> None:
    assert build(site).exit_code == 0
    data = site / "data"
    for name in (".medbot.db.4242.tmp", ".medbot.db.4242.tmp-journal", ".medbot.db.77.tmp"):
        (data / name).write_bytes(b"x" * 1000)
    result = build(site)
    assert result.exit_code == 0
    assert sorted(p.name for p in data.iterdir()) == ["medbot.db"]
    assert "removed .medbot.db.77.tmp (1,000 bytes), left by a build that was killed" in result.stderr


def test_sigterm_during_a_build_removes_its_temporary_file(tmp_path: Path, kb: KnowledgeBase) -> None:
    index = tmp_path / "data" / "medbot.db"
    build_index(kb, index)
    before = index.read_bytes()
    code = (
        "import sys, time; from pathlib import Path; from bot.knowledge import load_knowledge; "
        "from bot.store import build_index\n"
        "def slow(message):\n"
        "    if message.startswith('building the full-text'):\n"
        "        print('building', flush=True); time.sleep(30)\n"
        f"build_index(load_knowledge(Path({str(REPO_KNOWLEDGE)!r})), Path({str(index)!r}), slow)\n"
    )
    builder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parent.parent)
    assert builder.stdout.readline().strip() == "building"
    assert any(p.name.endswith(".tmp") for p in index.parent.iterdir())
    builder.send_signal(signal.SIGTERM)
    assert builder.wait(timeout=10) == 128 + signal.SIGTERM
    assert sorted(p.name for p in index.parent.iterdir()) == ["medbot.db"]
    assert index.read_bytes() == before
