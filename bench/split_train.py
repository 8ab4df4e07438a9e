"""Split the team's train set into the part to develop on and the held-out third, by a stable hash of each question.

    .venv/bin/python -m bench.split_train ../shared/eval/train_questions.yaml OUT_FOLDER

A question is held out when ``sha1(question) % 3 == 0`` (101 of the 320), so the split is the same on any machine and
in any session. Develop on ``tune.yaml``; read only the score of ``heldout.yaml``, never its failures.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml


def held_out(question: str) -> bool:
    """Whether a question belongs to the held-out third."""
    return int(hashlib.sha1(question.encode()).hexdigest(), 16) % 3 == 0


def main() -> None:
    source, folder = Path(sys.argv[1]), Path(sys.argv[2])
    questions = yaml.safe_load(source.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    for name, keep in (("tune.yaml", False), ("heldout.yaml", True)):
        chosen = [item for item in questions if held_out(item["q"]) == keep]
        (folder / name).write_text(yaml.safe_dump(chosen, sort_keys=False, allow_unicode=True, width=1000))
        print(f"{folder / name}: {len(chosen)} questions")


if __name__ == "__main__":
    main()
