"""What answers say in words: proper nouns keep their capitals, and a curator's note is never taken for the author's."""

from __future__ import annotations

from dataclasses import replace

from bot.answers import CURATORS_NOTE, Answer, Section, SourceRef, StatLine, Target
from bot.evidence import Evidence
from bot.render_text import PLAIN_BUDGET, PLAIN_MAX, to_plain


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


def _long_answer() -> Answer:
    """A figure of a study whose labels, description and caveats are long (as a moderator may write them)."""
    stats = tuple(StatLine(f"Residents in arm {n} who did a long and carefully described thing", f"{10 + n}.5%",
                           "40 residents randomized to that arm", 30 + n, focus=n == 3) for n in range(6))
    return Answer(True, "Residents in arm 3 who did a long and carefully described thing: 13.5%",
                  intro="Smith et al. 2021, two-arm randomized trial at 3 programs; " + "x" * 200,
                  sections=(Section("A finding with many figures", stats),),
                  caveats=tuple(f"A caveat that takes a whole sentence to say, number {n}" for n in range(5)),
                  sources=(SourceRef("smith-2021", "Smith et al. 2021", "Smith A, Jones B. " + "A title. " * 30 +
                                     "J Test. 2021;1(2):3-4.", locator="J Test. 2021;1(2):3-4"),))


def test_a_long_answer_is_tightened_to_the_budget_keeping_the_figure_asked_for() -> None:
    answer = _long_answer()
    text = to_plain(answer)
    assert len(to_plain(answer)) <= PLAIN_BUDGET < len("\n".join(answer.intro + s.as_text() for s in answer.stats))
    assert "13.5% (33 of 40 residents randomized to that arm)" in text and "and 5 more figures of this finding" in text
    assert "number 0; and 4 more" in text and "A title. J Test. 2021;1(2):3-4." in text
    assert answer.stats == _long_answer().stats and len(answer.caveats) == 5


def test_the_last_step_names_the_source_by_its_short_name_and_locator() -> None:
    long_title = replace(_long_answer().sources[0], citation="Smith A. " + "A long title. " * 80 + "J Test.")
    text = to_plain(replace(_long_answer(), sources=(long_title,)))
    assert "Source: Smith et al. 2021 (J Test. 2021;1(2):3-4)" in text and "13.5%" in text


def test_a_short_answer_keeps_every_figure_and_the_full_citation(evidence: Evidence) -> None:
    text = to_plain(evidence.ask("which social media tools were used most in the review?"))
    assert all(value in text for value in ("71%", "21%", "14%")) and "Acad Med" in text


def test_at_last_each_section_lists_its_first_lines_and_counts_the_rest() -> None:
    methods = Section("What they did", lines=tuple(f"Step {n}: " + "a long description of what was done. " * 4
                                                   for n in range(8)))
    answer = Answer(True, "Design of Smith et al. 2021", sections=(methods,),
                    sources=_long_answer().sources)
    text = to_plain(answer)
    assert len(text) <= PLAIN_BUDGET and "Step 2:" in text and "Step 3:" not in text and "- and 5 more" in text


def test_two_long_sections_together_keep_their_first_line_each_within_the_most_a_reply_runs_to() -> None:
    def methods(name: str) -> Section:
        return Section(f"What they did ({name})", lines=tuple(f"{name} step {n}: " + "what was done, at length. " * 8
                                                               for n in range(5)))

    answer = Answer(True, "Design of A / Design of B", sections=(methods("A"), methods("B")),
                    sources=_long_answer().sources)
    text = to_plain(answer)
    assert len(text) <= PLAIN_MAX and "A step 0:" in text and "B step 0:" in text and "A step 1:" not in text


def test_a_cut_section_keeps_the_lines_the_question_asks_about_in_their_order() -> None:
    lines = tuple(f"Step {n}: " + "a long description of what was done. " * 4 for n in range(8))
    methods = Section("What they did", lines=lines, asked_lines=frozenset({6}))
    text = to_plain(Answer(True, "Design of Smith et al. 2021", sections=(methods,), sources=_long_answer().sources))
    assert "Step 0:" in text and "Step 1:" in text and "Step 6:" in text and "Step 2:" not in text
    assert text.index("Step 1:") < text.index("Step 6:") and "- and 5 more" in text



def test_parts_of_two_studies_name_each_study_once(evidence: Evidence) -> None:
    answer = evidence.ask("What are the citations of the two studies?")
    assert answer.title == "Citation: Cheston et al. 2013 / Citation: Neill et al. 2014"
    assert [section.heading for section in answer.sections] == ["Citation (Cheston et al. 2013)",
                                                                 "Citation (Neill et al. 2014)"]


def test_a_citation_in_plain_text_links_to_where_the_paper_is_found(evidence: Evidence) -> None:
    text = to_plain(evidence.ask("Can you give me the full reference for the Neill paper?"))
    assert text.splitlines()[-1] == "Link: https://pubmed.ncbi.nlm.nih.gov/23423992/"
    assert "Link: " not in to_plain(evidence.ask("What percentage of speakers had LinkedIn?"))


def test_an_overview_gives_each_findings_first_figure_as_stated(evidence: Evidence) -> None:
    text = to_plain(evidence.ask("summarise what the systematic review found"))
    assert "Most common social media tools used: Blogs 71% (and 3 more)" in text
    assert "Tweets during the conference: 4,500 (and 3 more)" in to_plain(evidence.ask("tell me about the Neill study"))
