"""What answers say in words: proper nouns keep their capitals, and a curator's note is never taken for the author's."""

from __future__ import annotations

from bot.answers import CURATORS_NOTE, Target
from bot.evidence import Evidence
from tests.helpers import REPO_KNOWLEDGE

EVIDENCE = Evidence.load(REPO_KNOWLEDGE)


def test_a_design_keeps_its_proper_nouns() -> None:
    intro = EVIDENCE.limitations("neill-2014").intro
    assert intro == "Documented the use of social media at The International Conference on Emergency Medicine (ICEM) 2012"


def test_the_curators_note_is_headed_as_a_note_not_a_bullet_of_the_post() -> None:
    note = EVIDENCE.kb.source("aliem-rezaie").note
    bottom = EVIDENCE.answer(Target("aliem-rezaie", "bottom_line"))
    assert [s.heading for s in bottom.sections] == ["Bottom line", CURATORS_NOTE]
    assert note not in bottom.sections[0].lines and bottom.sections[1].lines == (note,)
    study = EVIDENCE.study("aliem-rezaie")
    assert study.sections[-1].heading == CURATORS_NOTE and "not the author" in CURATORS_NOTE
