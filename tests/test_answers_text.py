"""What answers say in words: proper nouns keep their capitals, and a curator's note is never taken for the author's."""

from __future__ import annotations

from bot.answers import CURATORS_NOTE, Target
from bot.evidence import Evidence


def test_a_design_keeps_its_proper_nouns(evidence: Evidence) -> None:
    intro = evidence.limitations("neill-2014").intro
    assert intro == (
        "Documented the use of social media at The International Conference on Emergency Medicine (ICEM) 2012")


def test_the_curators_note_is_headed_as_a_note_not_a_bullet_of_the_post(evidence: Evidence) -> None:
    note = evidence.kb.source("aliem-rezaie").note
    bottom = evidence.answer(Target("aliem-rezaie", "bottom_line"))
    assert [s.heading for s in bottom.sections] == ["Bottom line", CURATORS_NOTE]
    assert note not in bottom.sections[0].lines and bottom.sections[1].lines == (note,)
    study = evidence.study("aliem-rezaie")
    assert study.sections[-1].heading == CURATORS_NOTE and "not the author" in CURATORS_NOTE
