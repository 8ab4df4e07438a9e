"""Citations of both studies in every style, compared with full hand-written strings; nothing unverified is invented."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.citations import STYLES, UnknownStyle, cite, reference_list
from bot.knowledge import KnowledgeBase
from bot.schema import Source
from tests.helpers import REPO_KNOWLEDGE, load_ok

NEILL = {
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

CHESTON = {
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


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_ok(REPO_KNOWLEDGE)


def study(kb: KnowledgeBase, source_id: str) -> Source:
    source = kb.source(source_id)
    assert source is not None
    return source


@pytest.mark.parametrize("style", STYLES)
def test_neill(kb: KnowledgeBase, style: str) -> None:
    assert cite(study(kb, "neill-2014"), style) == NEILL[style]


@pytest.mark.parametrize("style", STYLES)
def test_cheston(kb: KnowledgeBase, style: str) -> None:
    assert cite(study(kb, "cheston-2013"), style) == CHESTON[style]


@pytest.mark.parametrize("style", STYLES)
def test_cheston_has_no_unverified_doi_or_pmid(kb: KnowledgeBase, style: str) -> None:
    text = cite(study(kb, "cheston-2013"), style).lower()
    assert "doi" not in text
    assert "pmid" not in text
    assert "10." not in text
    assert "an  -" not in text


def test_ama_is_the_default_and_ends_with_the_doi(kb: KnowledgeBase) -> None:
    neill = study(kb, "neill-2014")
    assert cite(neill) == NEILL["ama"] and cite(neill).endswith("doi:10.1136/emermed-2012-202039")
    assert cite(neill) != neill.cited_as


def test_source_style_is_the_line_as_written(kb: KnowledgeBase) -> None:
    neill = study(kb, "neill-2014")
    assert cite(neill, "source") == neill.cited_as


def test_source_style_falls_back_to_ama_when_the_source_writes_none(kb: KnowledgeBase) -> None:
    neill = replace(study(kb, "neill-2014"), cited_as="")
    assert cite(neill, "source") == NEILL["ama"]


def test_style_names_ignore_case(kb: KnowledgeBase) -> None:
    assert cite(study(kb, "neill-2014"), "BibTeX") == NEILL["bibtex"]


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
