"""Crash loop: kill the writing process with SIGKILL at random instants during edits, imports, undos and reloads.

After every kill: every YAML file is valid and equals the state before or after the interrupted change; the revision
log agrees (a pending revision is settled as applied exactly when the file holds its result); and the index matches
the YAML, or is detectably stale (its fingerprint differs) and is rebuilt to match on the next load.

``MEDBOT_CRASH_RUNS`` sets the number of kills (default 30 in the suite; the closing note's figure is 200):
``MEDBOT_CRASH_RUNS=200 .venv/bin/python -m pytest -q tests/test_crash.py``. ``MEDBOT_CRASH_SECONDS`` bounds the loop.
"""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.editing import Editor, read_text
from bot.knowledge import knowledge_files, knowledge_version, load_knowledge
from bot.state import State
from bot.store import index_version, load_index, served_knowledge
from tests.helpers import REPO_KNOWLEDGE

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("MEDBOT_CRASH_RUNS", "30"))
BUDGET = float(os.environ.get("MEDBOT_CRASH_SECONDS", "600"))


def check_after_kill(site: Path) -> str:
    """Check one killed run's leftovers; return whether the index was current, stale (then healed)."""
    knowledge, index = site / "knowledge", site / "data" / "medbot.db"
    state = State(site / "data" / "medbot-state.db")
    try:
        kb = load_knowledge(knowledge)  # every file valid
        latest = {row["file"]: row for row in state.db.query(
            "select * from revisions where id in (select max(id) from revisions group by file)")}
        for name, revision in latest.items():
            text = read_text(knowledge / name)
            allowed = (revision["before"], revision["after"]) if revision["status"] == "pending" else (
                (revision["after"],) if revision["status"] == "applied" else (revision["before"], revision["after"]))
            assert text in allowed, f"{name} is neither before nor after revision {revision['id']}"
        Editor(knowledge, index, state).settle()
        assert state.pending() == []
        for name in latest:
            applied = state.last_change(name)
            if applied is not None:
                assert read_text(knowledge / name) == applied.after, f"{name} disagrees with revision {applied.id}"
        assert not list(knowledge.glob(".*.tmp"))
        fingerprint = knowledge_version(knowledge_files([knowledge])[0])
        verdict = "current" if index_version(index) == fingerprint else "stale"
        served_knowledge(knowledge, index)
        assert index_version(index) == fingerprint == kb.version
        loaded = load_index(index)
        assert [dataclasses.replace(s, file="") for s in loaded.sources] == [
            dataclasses.replace(s, file="") for s in kb.sources]
        return verdict
    finally:
        state.close()


def test_sigkill_at_random_instants_leaves_before_or_after(tmp_path: Path) -> None:
    shutil.copytree(REPO_KNOWLEDGE, tmp_path / "knowledge")
    pick = random.Random(8)
    started, verdicts = time.monotonic(), []
    for run in range(RUNS):
        if time.monotonic() - started > BUDGET:
            break
        writer = subprocess.Popen([sys.executable, "-m", "tests.crash_writer", str(tmp_path), str(run)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(pick.uniform(0.0, 0.5))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        verdicts.append(check_after_kill(tmp_path))
    state = State(tmp_path / "data" / "medbot-state.db")
    print(f"\ncrash loop: {len(verdicts)} kills, {state.count_revisions()} revisions applied, "
          f"{verdicts.count('stale')} left a stale index (rebuilt on the next load), "
          f"{time.monotonic() - started:.0f} s")
    assert len(verdicts) == RUNS, f"only {len(verdicts)} of {RUNS} runs within {BUDGET:g} s"
    assert state.count_revisions() > 0
