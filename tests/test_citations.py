"""Citations of both studies in every style, compared with full hand-written strings; nothing unverified is invented."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.citations import STYLES, UnknownStyle, cite, reference_list
from bot.knowledge import KnowledgeBase
from bot.schema import Source
from tests.helpers import CHESTON_CITATIONS, NEILL_CITATIONS


def study(kb: KnowledgeBase, source_id: str) -> Source:
    source = kb.source(source_id)
    assert source is not None
    return source


@pytest.mark.parametrize("style", STYLES)
def test_neill(kb: KnowledgeBase, style: str) -> None:
    assert cite(study(kb, "neill-2014"), style) == NEILL_CITATIONS[style]


@pytest.mark.parametrize("style", STYLES)
def test_cheston(kb: KnowledgeBase, style: str) -> None:
    assert cite(study(kb, "cheston-2013"), style) == CHESTON_CITATIONS[style]


@pytest.mark.parametrize("style", STYLES)
def test_cheston_has_no_unverified_doi_or_pmid(kb: KnowledgeBase, style: str) -> None:
    text = cite(study(kb, "cheston-2013"), style).lower()
    assert "doi" not in text
    assert "pmid" not in text
    assert "10." not in text
    assert "an  -" not in text


def test_ama_is_the_default_and_ends_with_the_doi(kb: KnowledgeBase) -> None:
    neill = study(kb, "neill-2014")
    assert cite(neill) == NEILL_CITATIONS["ama"] and cite(neill).endswith("doi:10.1136/emermed-2012-202039")
    assert cite(neill) != neill.cited_as


def test_source_style_is_the_line_as_written(kb: KnowledgeBase) -> None:
    neill = study(kb, "neill-2014")
    assert cite(neill, "source") == neill.cited_as


def test_source_style_falls_back_to_ama_when_the_source_writes_none(kb: KnowledgeBase) -> None:
    neill = replace(study(kb, "neill-2014"), cited_as="")
    assert cite(neill, "source") == NEILL_CITATIONS["ama"]


def test_style_names_ignore_case(kb: KnowledgeBase) -> None:
    assert cite(study(kb, "neill-2014"), "BibTeX") == NEILL_CITATIONS["bibtex"]


def test_unknown_style(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownStyle, match=r"unknown citation style 'harvard' \(use one of: ama, source, "
                                           r"vancouver, apa, bibtex, ris\)"):
        cite(study(kb, "neill-2014"), "harvard")


SEVEN = Source(
    id="big-2021", kind="study", title="A trial: with seven authors", journal="Big J", journal_full="Big Journal",
    year=2021, volume="9", issue="", pages="1201-1209",
    authors=("Able A", "Baker B", "Cole C", "Dunn D", "Eady E", "Ford F", "Gray G"),
)


def test_more_than_six_authors_ama_lists_three_then_et_al() -> None:
    assert cite(SEVEN, "ama") == "Able A, Baker B, Cole C, et al. A trial: with seven authors. Big J. 2021;9:1201-1209."


def test_more_than_six_authors_vancouver_lists_six_then_et_al() -> None:
    assert cite(SEVEN, "vancouver") == (
        "Able A, Baker B, Cole C, Dunn D, Eady E, Ford F, et al. A trial: with seven authors. Big J. 2021;9:1201-9."
    )


def test_apa_lists_every_author_and_capitalises_the_subtitle() -> None:
    assert cite(SEVEN, "apa") == (
        "Able, A., Baker, B., Cole, C., Dunn, D., Eady, E., Ford, F., & Gray, G. (2021). A trial: With seven authors. "
        "Big Journal, 9, 1201–1209."
    )


def test_single_author_apa() -> None:
    one = replace(SEVEN, authors=("Able AB",))
    assert cite(one, "apa").startswith("Able, A. B. (2021). ")


POST = Source(id="demo-post", kind="post", title="Social media in medical education", authors=("Rezaie S",),
              author_display="Salim Rezaie, MD", publisher="ALiEM")


@pytest.mark.parametrize(("style", "expected"), [
    ("ama", "Rezaie S. Social media in medical education. ALiEM."),
    ("source", "Rezaie S. Social media in medical education. ALiEM."),
    ("vancouver", "Rezaie S. Social media in medical education [Internet]. ALiEM."),
    ("apa", "Rezaie, S. (n.d.). Social media in medical education. ALiEM."),
    ("bibtex", "@misc{rezaie,\n  author       = {Rezaie, S.},\n  title        = {Social media in medical education},\n"
               "  howpublished = {ALiEM}\n}"),
    ("ris", "TY  - BLOG\nAU  - Rezaie, S.\nTI  - Social media in medical education\nT2  - ALiEM\nER  - "),
])
def test_post_in_every_style(style: str, expected: str) -> None:
    assert cite(POST, style) == expected


ALIEM_URL = "https://www.aliem.com/social-media-can-make-impact-in-medicine/"
ALIEM_TITLE = "[Untitled ALiEM post summarising Cheston et al. 2013 and Neill et al. 2014]"


@pytest.mark.parametrize(("style", "expected"), [
    ("ama", f"Rezaie S. {ALIEM_TITLE}. ALiEM. {ALIEM_URL}"),
    ("vancouver", f"Rezaie S. {ALIEM_TITLE} [Internet]. ALiEM. Available from: {ALIEM_URL}"),
    ("apa", f"Rezaie, S. (n.d.). {ALIEM_TITLE}. ALiEM. {ALIEM_URL}"),
    ("bibtex", f"@misc{{rezaie,\n  author       = {{Rezaie, S.}},\n  title        = {{{ALIEM_TITLE}}},\n"
               f"  howpublished = {{ALiEM}},\n  url          = {{{ALIEM_URL}}}\n}}"),
    ("ris", f"TY  - BLOG\nAU  - Rezaie, S.\nTI  - {ALIEM_TITLE}\nT2  - ALiEM\nUR  - {ALIEM_URL}\nER  - "),
])
def test_the_post_is_cited_as_a_web_page_with_its_address_and_no_invented_date(kb: KnowledgeBase, style: str,
                                                                                 expected: str) -> None:
    text = cite(study(kb, "aliem-rezaie"), style)
    assert text == expected
    assert not re.search(r"\b(19|20)\d\d\b", text.replace("2013", "").replace("2014", ""))


def test_a_reference_list_numbers_each_source_and_a_file_style_is_one_record_after_another(kb: KnowledgeBase) -> None:
    sources = kb.studies_first
    ama = reference_list(sources, "ama").splitlines()
    assert ama == [f"{n}. {cite(s, 'ama')}" for n, s in enumerate(sources, 1)]
    bib = reference_list(sources, "bibtex")
    assert bib.count("@article{") == 2 and bib.count("@misc{") == 1 and bib.endswith("}\n")
    assert reference_list(sources, "ris").count("ER  - ") == 3


def test_every_style_has_a_name_and_only_reference_manager_formats_have_a_file() -> None:
    assert list(STYLES) == ["ama", "source", "vancouver", "apa", "bibtex", "ris"]
    assert {key for key, style in STYLES.items() if style.file_extension} == {"bibtex", "ris"}
