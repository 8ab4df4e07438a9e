"""The moderators' database: revisions and logs survive index rebuilds, written by another process mid-build."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.state import State
from bot.store import build_index

ROOT = Path(__file__).resolve().parent.parent


def test_a_write_made_while_the_index_is_rebuilt_is_not_lost(tmp_path: Path, kb: KnowledgeBase) -> None:
    index, state_path = tmp_path / "data" / "medbot.db", tmp_path / "data" / "medbot-state.db"
    build_index(kb, index)
    State(state_path).close()
    writer = (
        "import sys; from pathlib import Path; from bot.state import State\n"
        "state = State(Path(sys.argv[1]))\n"
        "for i in range(200): state.log('unanswered', f'question {i}')\n"
    )
    process = subprocess.Popen([sys.executable, "-c", writer, str(state_path)], cwd=ROOT)
    builds = 0
    while process.poll() is None or builds < 3:
        build_index(kb, index)
        builds += 1
        time.sleep(0.01)
    assert process.wait() == 0
    state = State(state_path)
    assert [row["question"] for row in state.logged()] == [f"question {i}" for i in range(200)]
    assert builds >= 3 and state_path.exists()


def test_logs_keep_no_user_and_are_pruned_by_age(tmp_path: Path) -> None:
    state = State(tmp_path / "state.db")
    state.log("reported", "what % used blogs", "71%", note="should be 70", guild_id=42)
    state.db.execute("insert into reports (at, guild_id, kind, question, answer, note) values "
                     "('2000-01-01T00:00:00+00:00', '42', 'unanswered', 'old', '', '')")
    assert set(state.db["reports"].columns_dict) == {"id", "at", "guild_id", "kind", "question", "answer", "note"}
    assert state.prune(30) == 1
    assert [row["question"] for row in state.logged()] == ["what % used blogs"]


def test_the_quiz_table_exists_for_the_quiz(tmp_path: Path) -> None:
    state = State(tmp_path / "state.db")
    assert state.db["quiz_scores"].pks == ["guild_id", "user_id"]


def test_writers_on_separate_connections_wait_for_each_other(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "state.db"
    State(path).close()
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        state = State(path)
        try:
            for i in range(50):
                state.log("unanswered", f"question {worker}-{i}")
        except BaseException as exc:  # collected, so the assertion below names it
            errors.append(exc)
        finally:
            state.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(State(path).logged()) == 200
