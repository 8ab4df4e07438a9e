"""A writer for the crash test: edits, imports, undoes and reloads in a loop until it is killed (SIGKILL).

Run as ``python -m tests.crash_writer SITE SEED``; prints ``ready`` once imported, then writes for ever.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from bot.editing import EditError, Editor, set_figure
from bot.state import State
from bot.store import served_knowledge

IMPORTED = """\
id: crash-2020
kind: study
title: A study imported during the crash test
authors: [Doe J]
year: 2020
findings:
- id: tools
  topic: Tools used
  stats:
  - label: Podcasts
    value: {value}
"""


def main() -> None:
    site, seed = Path(sys.argv[1]), int(sys.argv[2])
    pick = random.Random(seed)
    editor = Editor(site / "knowledge", site / "data" / "medbot.db", State(site / "data" / "medbot-state.db"))
    print("ready", flush=True)
    while True:
        action = pick.choice(["set", "set", "import", "undo", "reload"])
        try:
            if action == "set":
                label, value = pick.choice(["Wikis", "Twitter", "Facebook"]), f"{pick.randint(1, 99)}%"
                proposal = editor.change("cheston-2013", lambda d, label=label, value=value: set_figure(
                    d, "tools", label, value))
                editor.apply(proposal, "crash writer", "crash test")
            elif action == "import":
                path = site / "knowledge" / "crash-2020.yaml"
                proposal = editor.propose(path, IMPORTED.format(value=f"{pick.randint(1, 99)}%"), "import",
                                          "import crash-2020")
                editor.apply(proposal, "crash writer", "crash test")
            elif action == "undo":
                latest = editor.state.revisions(limit=1)
                if latest:
                    editor.undo(latest[0].id, "crash writer", "crash test")
            else:
                served_knowledge(site / "knowledge", site / "data" / "medbot.db")
        except EditError:
            continue


if __name__ == "__main__":
    main()
