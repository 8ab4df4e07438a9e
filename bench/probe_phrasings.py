"""Ask every study the same everyday questions, and list those it misses.

    .venv/bin/python -m bench.probe_phrasings            # the seed and every invented study in bench/questions/studies

A blind set tells how well the bot answers one writer's questions about one study; this tells whether a way of
asking works for *every* study ("how many people took part in ...", "what was the aim of ...", "... conclusion"),
which is what a new study dropped into ``knowledge/`` needs. What a right answer holds comes from each study's own
file: its sample size, journal, year, first author, first limitation, conclusion and objective. A question about
something no study records (its funding) must be declined. A miss is a way of asking to make general, never a
question to fix.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.score_set import with_studies
from bot.evidence import Evidence
from bot.render_text import to_plain
from bot.schema import Source

STUDIES = sorted((Path(__file__).resolve().parent / "questions" / "studies").glob("*.yaml"))
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "okafor-2019.yaml"

PHRASINGS = (  # (question, what a right answer holds; None: it must be declined)
    ("How many people took part in {name}?", "sample"), ("How many participants did {name} have?", "sample"),
    ("What was the sample size of {name}?", "sample"), ("Which journal published {name}?", "journal"),
    ("What journal was {name} in?", "journal"), ("{name} citation", "journal"),
    ("When was {name} published?", "year"), ("What year was {name} published?", "year"),
    ("Who was the lead author of {name}?", "author"), ("Who wrote {name}?", "author"), ("{name} authors", "author"),
    ("What were the limitations of {name}?", "limitation"), ("What are the weaknesses of {name}?", "limitation"),
    ("How reliable is {name}?", "limitation"), ("{name} limitations", "limitation"),
    ("What did {name} conclude?", "conclusion"), ("main takeaway from {name}?", "conclusion"),
    ("{name} conclusion", "conclusion"), ("What was the aim of {name}?", "objective"),
    ("Who funded {name}?", None), ("What ethics approval did {name} get?", None),
)


def names(source: Source) -> list[str]:
    """How members call a study: "the <family name> study" and "the <first alias> study"."""
    family = source.authors[0].rpartition(" ")[0] or source.authors[0]
    alias = next((alias for alias in source.aliases if alias.casefold() != family.casefold()), "")
    return [f"the {family} study"] + ([f"the {alias} study"] if alias else [])


def holds(source: Source) -> dict[str, str]:
    """For each kind of answer, a piece of the study's own text a right answer shows."""
    def first_words(text: str) -> str:
        return " ".join(text.split()[:3])

    found = {"journal": source.journal, "year": str(source.year or ""), "author": names(source)[0].split()[1],
             "limitation": first_words(source.limitations[0]) if source.limitations else "",
             "conclusion": first_words(source.conclusion), "objective": first_words(source.objective)}
    found["sample"] = str(source.design.n) if source.design and source.design.n else ""
    return {kind: text for kind, text in found.items() if text}


def misses(evidence: Evidence) -> Iterator[tuple[str, str]]:
    """(question, what it got) for every phrasing a study with a design answers wrongly."""
    for source in evidence.kb.sources:
        if source.kind != "study" or not source.design:
            continue
        want = holds(source)
        for phrasing, kind in PHRASINGS:
            if kind is not None and kind not in want:
                continue
            for name in names(source):
                question = phrasing.format(name=name)
                answer = evidence.ask(question)
                text = to_plain(answer)
                right = not answer.answered if kind is None else (
                    answer.answered and want[kind].casefold() in text.casefold())
                if not right:
                    yield question, (text.splitlines() or [""])[0] if answer.answered else "declined"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        evidence = Evidence(with_studies(Path(folder), [FIXTURE, *STUDIES]))
        asked = sum(1 for source in evidence.kb.sources if source.kind == "study" and source.design)
        found = list(misses(evidence))
    for question, got in found:
        print(f"{question:70}  -> {got[:70]}")
    print(f"{len(found)} misses, {asked} studies, {len(PHRASINGS)} phrasings each (two names a study)")


if __name__ == "__main__":
    main()
