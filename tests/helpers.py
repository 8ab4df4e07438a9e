"""Shared helpers for the knowledge-base tests: a minimal valid source file, mutated per test, and located problems.

:data:`MINIMAL_SOURCE` is written line by line so a test can name the line a problem must point at; the line numbers
are listed beside it. Tests write real files into ``tmp_path`` and load them through the real loader.
"""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.yaml_source import Problem

REPO_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

MINIMAL_SOURCE = """\
id: demo-2020
kind: study
title: 'A demo study: tools used'
authors:
- Doe JA
- Roe R
journal: Demo J
year: 2020
volume: '1'
issue: '2'
pages: 10-20
findings:
- id: tools
  topic: Tools used
  denominator:
    n: 14
    unit: studies
  stats:
  - label: Blogs
    value: 71%
    count: 10
    derived: true
  - label: Wikis
    value: 21%
limitations:
- Small sample
conclusion: More research is needed.
"""
# Lines of MINIMAL_SOURCE, for assertions.
LINE = {
    "id": 1, "kind": 2, "title": 3, "authors": 4, "authors[0]": 5, "journal": 7, "year": 8, "volume": 9, "pages": 11,
    "findings": 12, "findings[0]": 13, "topic": 14, "denominator": 15, "n": 16, "unit": 17, "stats": 18,
    "stats[0]": 19, "value0": 20, "count0": 21, "derived0": 22, "stats[1]": 23, "value1": 24, "limitations": 25,
    "conclusion": 27,
}
STAT0 = "findings[0].stats[0]"


def mutate(text: str, *changes: tuple[str, str]) -> str:
    """Apply ``(old, new)`` replacements, each of which must match exactly once."""
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the template"
        text = text.replace(old, new)
    return text


def write_source(folder: Path, *changes: tuple[str, str], name: str = "demo-2020.yaml",
                 text: str = MINIMAL_SOURCE) -> Path:
    """Write the minimal source (with ``changes``) as ``folder/name``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(mutate(text, *changes), encoding="utf-8")
    return path


def load_ok(*paths: Path) -> KnowledgeBase:
    """Load knowledge that must be valid."""
    return load_knowledge(list(paths))


def problems(*paths: Path) -> list[Problem]:
    """The problems found loading ``paths``; fails the test if the knowledge loads cleanly."""
    try:
        load_knowledge(list(paths))
    except KnowledgeError as exc:
        return exc.problems
    raise AssertionError(f"expected problems in {paths}, but the knowledge loaded")


def only_problem(*paths: Path) -> Problem:
    """The single problem of ``paths``."""
    found = problems(*paths)
    assert len(found) == 1, "\n".join(str(p) for p in found)
    return found[0]


def find_problem(found: list[Problem], field: str, message: str) -> Problem:
    """The problem at ``field`` whose message contains ``message``."""
    for problem in found:
        if problem.field == field and message in problem.message:
            return problem
    raise AssertionError(f"no problem at {field!r} with {message!r} in:\n" + "\n".join(str(p) for p in found))


def write_config(folder: Path, knowledge_dir: str | Path, index_path: str = "data/medbot.db") -> Path:
    """A config.yaml in ``folder`` naming the knowledge folder and the index (relative paths resolve against it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    text = f"knowledge_dir: '{knowledge_dir}'\nindex_path: '{index_path}'\nlog_level: INFO\n"
    path.write_text(text, encoding="utf-8")
    return path


# Citations of the two studies in every style, written by hand from the journals' own records.
NEILL_CITATIONS = {
    # AMA 11th edition ends with the DOI.
    "ama": "Neill A, Cronin JJ, Brannigan D, O'Sullivan R, Cadogan M. The impact of social media on a major "
           "international emergency medicine conference. Emerg Med J. 2014;31(5):401-404. doi:10.1136/emermed-2012-202039",
    # As the post itself writes it (its own initials and typographic apostrophe).
    "source": "Neill A, Cronin J, Brannigan D, O’Sullivan R, Cadogan M. The impact of social media on a major "
              "international emergency medicine conference. Emerg Med J. 2014;31(5):401-404.",
    "vancouver": "Neill A, Cronin JJ, Brannigan D, O'Sullivan R, Cadogan M. The impact of social media on a major "
                 "international emergency medicine conference. Emerg Med J. 2014;31(5):401-4. "
                 "doi: 10.1136/emermed-2012-202039.",
    "apa": "Neill, A., Cronin, J. J., Brannigan, D., O'Sullivan, R., & Cadogan, M. (2014). The impact of social media "
           "on a major international emergency medicine conference. Emergency Medicine Journal, 31(5), 401–404. "
           "https://doi.org/10.1136/emermed-2012-202039",
    "bibtex": """\
@article{neill2014,
  author  = {Neill, A. and Cronin, J. J. and Brannigan, D. and O'Sullivan, R. and Cadogan, M.},
  title   = {The impact of social media on a major international emergency medicine conference},
  journal = {Emergency Medicine Journal},
  year    = {2014},
  volume  = {31},
  number  = {5},
  pages   = {401--404},
  doi     = {10.1136/emermed-2012-202039},
  pmid    = {23423992}
}""",
    "ris": """\
TY  - JOUR
AU  - Neill, A.
AU  - Cronin, J. J.
AU  - Brannigan, D.
AU  - O'Sullivan, R.
AU  - Cadogan, M.
TI  - The impact of social media on a major international emergency medicine conference
T2  - Emergency Medicine Journal
J2  - Emerg Med J
PY  - 2014
VL  - 31
IS  - 5
SP  - 401
EP  - 404
DO  - 10.1136/emermed-2012-202039
AN  - PMID: 23423992
UR  - https://pubmed.ncbi.nlm.nih.gov/23423992/
ER  - """,
}

CHESTON_CITATIONS = {
    "ama": "Cheston CC, Flickinger TE, Chisolm MS. Social media use in medical education: a systematic review. Acad Med. "
           "2013;88(6):893-901.",
    "source": "Cheston C, Flickinger T, Chisolm M. Social media use in medical education: a systematic review. "
              "Acad Med. 2013;88(6):893-901.",
    "vancouver": "Cheston CC, Flickinger TE, Chisolm MS. Social media use in medical education: a systematic review. "
                 "Acad Med. 2013;88(6):893-901.",
    "apa": "Cheston, C. C., Flickinger, T. E., & Chisolm, M. S. (2013). Social media use in medical education: A "
           "systematic review. Academic Medicine, 88(6), 893–901.",
    "bibtex": """\
@article{cheston2013,
  author  = {Cheston, C. C. and Flickinger, T. E. and Chisolm, M. S.},
  title   = {Social media use in medical education: a systematic review},
  journal = {Academic Medicine},
  year    = {2013},
  volume  = {88},
  number  = {6},
  pages   = {893--901}
}""",
    "ris": """\
TY  - JOUR
AU  - Cheston, C. C.
AU  - Flickinger, T. E.
AU  - Chisolm, M. S.
TI  - Social media use in medical education: a systematic review
T2  - Academic Medicine
J2  - Acad Med
PY  - 2013
VL  - 88
IS  - 6
SP  - 893
EP  - 901
UR  - https://pubmed.ncbi.nlm.nih.gov/?term=Social+media+use+in+medical+education%3A+a+systematic+review
ER  - """,
}
