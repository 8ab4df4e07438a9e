"""Every figure of the source document is in the built index exactly as written (expected values typed by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from bot.knowledge import KnowledgeBase
from bot.store import build_index
from tests.helpers import REPO_KNOWLEDGE

# (label, value as written, derived count or None) per finding, in the source's order.
CHESTON = {
    "tools": [("Blogs", "71%", 10), ("Wikis", "21%", 3), ("Twitter", "14%", 2), ("Facebook", "14%", 2)],
    "aims": [
        ("Enhance clinical skills or knowledge", "50%", 7),
        ("Promote empathy, reflection, or professionalism", "36%", 5),
        ("Increase interest in a field", "14%", 2),
    ],
    "opportunities": [
        ("Active learning", "71%", 10), ("More feedback", "57%", 8), ("Enhanced collaboration", "36%", 5),
        ("Professional development", "36%", 5), ("Career advancement/networking", "21%", 3),
        ("Supportive learning communities", "14%", 2),
    ],
    "challenges": [
        ("Technical issues", "43%", 6), ("Variable learner participation", "43%", 6),
        ("Privacy/security concerns", "29%", 4),
    ],
}
NEILL_SPEAKERS = [("LinkedIn", "41.5%", 88), ("Twitter", "15.6%", 33), ("Website/blog", "9.4%", 20),
                  ("Google Plus", "<1%", None)]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> sqlite_utils.Database:
    path = tmp_path_factory.mktemp("index") / "medbot.db"
    build_index(kb, path)
    return sqlite_utils.Database(path)


def figures(db: sqlite_utils.Database, finding: str) -> list[tuple[str, str, int | None]]:
    rows = db.query("select label, value, count from stats where finding_id = ? order by position", [finding])
    return [(row["label"], row["value"], row["count"]) for row in rows]


@pytest.mark.parametrize("finding", list(CHESTON))
def test_cheston_figures(db: sqlite_utils.Database, finding: str) -> None:
    assert figures(db, f"cheston-2013/{finding}") == CHESTON[finding]


def test_cheston_topics(db: sqlite_utils.Database) -> None:
    rows = db.query("select finding_id, topic from findings where source_id = 'cheston-2013' order by position")
    assert [(r["finding_id"], r["topic"]) for r in rows] == [
        ("tools", "Most common social media tools used"),
        ("aims", "Most common social media aims"),
        ("opportunities", "Most commonly cited opportunities"),
        ("challenges", "Most commonly cited challenges"),
    ]


def test_cheston_counts_are_derived_from_14_studies(db: sqlite_utils.Database) -> None:
    rows = list(db.query("select s.count, s.derived, coalesce(s.denominator, f.denominator) as denominator "
                         "from stats s join findings f on f.id = s.finding_id where s.source_id = 'cheston-2013'"))
    assert len(rows) == 16
    assert all(row["derived"] == 1 and row["denominator"] == "14 studies" for row in rows)
    assert db["sources"].get("cheston-2013")["design_description"] == "Systematic literature review of 14 studies"
    assert db["sources"].get("cheston-2013")["design_n"] == 14


def test_cheston_limitations_and_conclusion(db: sqlite_utils.Database) -> None:
    rows = db.query("select text from limitations where source_id = 'cheston-2013' order by position")
    assert [row["text"] for row in rows] == [
        "Only one randomized controlled trial reviewed",
        "No comparison group in evaluation of satisfaction",
        "Studies included were too heterogeneous to perform sensitivity, subgroup or meta-analyses",
    ]
    assert db["sources"].get("cheston-2013")["conclusion"] == (
        "Social media use in medical education is an emerging field of scholarship that merits further investigation."
    )


def test_neill_speakers(db: sqlite_utils.Database) -> None:
    assert figures(db, "neill-2014/speakers") == NEILL_SPEAKERS
    rows = list(db.query("select label, qualifier, derived, denominator from stats "
                         "where finding_id = 'neill-2014/speakers' order by position"))
    assert [row["derived"] for row in rows] == [1, 1, 1, 0]
    assert {row["denominator"] for row in rows} == {"212 speakers"}
    assert rows[3]["qualifier"] == "<"
    assert db["sources"].get("neill-2014")["design_n"] == 212


def test_neill_tweets(db: sqlite_utils.Database) -> None:
    rows = list(db.query("select label, value, qualifier, unit, count, denominator from stats "
                         "where finding_id = 'neill-2014/tweets' order by position"))
    assert [(r["label"], r["value"], r["count"]) for r in rows] == [
        ("Tweets during the conference", "4,500", None),
        ("People who produced tweets", ">400", None),
        ("Tweeters physically present at the conference", "34%", None),
        ("Tweets related to the clinical and research material presented at the conference", "74.4%", None),
    ]
    assert rows[1]["qualifier"] == ">"
    assert [r["denominator"] for r in rows[2:]] == [">400 people who produced tweets", "4,500 tweets"]


def test_neill_limitation_and_conclusion(db: sqlite_utils.Database) -> None:
    rows = db.query("select text from limitations where source_id = 'neill-2014'")
    assert [row["text"] for row in rows] == [
        "Difficult to determine the significance and impact of Twitter on changing clinician practice patterns"
    ]
    assert db["sources"].get("neill-2014")["conclusion"] == (
        "A large number of original tweets regarding clinical material at the conference were produced, with a very "
        "large portion coming from non-attendees."
    )


def test_every_derived_count_is_marked(db: sqlite_utils.Database) -> None:
    assert db.execute("select count(*) from stats where count is not null and derived != 1").fetchone()[0] == 0
    assert db.execute("select count(*) from stats where derived = 1").fetchone()[0] == 19


def test_the_post(db: sqlite_utils.Database) -> None:
    post = db["sources"].get("aliem-rezaie")
    assert post["kind"] == "post"
    assert post["author_display"] == "Salim Rezaie, MD"
    assert json.loads(post["advantages"]) == [
        "Overcomes physical or temporal barriers",
        "Provides searchable content",
        "Encourages interactivity",
    ]
    assert post["bottom_line"] == (
        "These three publications demonstrate that social media is here to stay in Medicine and medical education. "
        "Twitter especially has grown in popularity. Overall social media has an incredible potential to enhance and "
        "engage active learning among physicians and physicians-in-training. The next step now is to focus future "
        "research on outcomes (i.e. change in practice patterns) to help validate this technology."
    )


def test_three_publications_but_only_two_sources_cited(db: sqlite_utils.Database) -> None:
    post = db["sources"].get("aliem-rezaie")
    assert json.loads(post["cites"]) == ["cheston-2013", "neill-2014"]
    assert "three publications" in post["note"] and "cites only two" in post["note"]
    assert sorted(row["id"] for row in db.query("select id from sources where kind = 'study'")) == [
        "cheston-2013", "neill-2014"]
    assert db["sources"].count == 3


def test_verified_metadata(db: sqlite_utils.Database) -> None:
    neill = db["sources"].get("neill-2014")
    assert json.loads(neill["authors"]) == ["Neill A", "Cronin JJ", "Brannigan D", "O'Sullivan R", "Cadogan M"]
    assert (neill["journal"], neill["year"], neill["volume"], neill["issue"], neill["pages"]) == (
        "Emerg Med J", 2014, "31", "5", "401-404")
    assert (neill["doi"], neill["pmid"]) == ("10.1136/emermed-2012-202039", "23423992")
    cheston = db["sources"].get("cheston-2013")
    assert json.loads(cheston["authors"]) == ["Cheston CC", "Flickinger TE", "Chisolm MS"]
    assert (cheston["journal"], cheston["year"], cheston["volume"], cheston["issue"], cheston["pages"]) == (
        "Acad Med", 2013, "88", "6", "893-901")
    assert (cheston["doi"], cheston["pmid"]) == ("", "")


def test_index_is_built_from_the_repository_files(db: sqlite_utils.Database) -> None:
    files = {row["file"] for row in db["sources"].rows}
    assert files == {"aliem-rezaie.yaml", "cheston-2013.yaml", "neill-2014.yaml"}
    assert all((REPO_KNOWLEDGE / name).is_file() for name in files)
    assert Path(db.conn.execute("pragma database_list").fetchone()[2]).name == "medbot.db"
