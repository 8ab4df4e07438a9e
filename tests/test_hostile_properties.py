"""Hostile input as properties (issue 11): whatever a member types, whatever a knowledge file holds, the core
answers or refuses with located problems; no exception escapes, no embed breaks a Discord limit, and the Discord
bot sends nothing that mentions anyone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.evidence import Evidence
from bot.knowledge import KnowledgeError, load_knowledge
from bot.render_discord import answer_embed
from bot.render_text import to_json, to_terminal
from tests.e2e_bot import settings_for, started_bot
from tests.fake_discord import FakeDiscord
from tests.helpers import MINIMAL_SOURCE

HOSTILE = [
    "@everyone @here <@123456789012345678> <@&123456789012345678> what % used twitter",
    "'; DROP TABLE findings; -- tools",
    'tools" OR 1=1 NEAR(a b) * ^ : -- "',
    "\x1b]0;owned\x07 which tools \u202e were used",
    "\x00\x01\x02 tools",
    "t" * 5000,
    "🦠" * 600,
    "what % " * 400,
    "**__~~||`tools`||~~__**",
    "https://discord.gg/invite ```tools```",
    "AND OR NOT NEAR",
    "\ud7ff\ue000\ufffd tools",
    "0" * 411 + "\n.\r" + "0" * 700,  # a sentence that is only a full stop (found by hypothesis)
    "",
    "   ",
]
pieces = st.sampled_from(["tools", "twitter", "%", "ICEM", "speakers", "limitations", "cite", "@everyone", "<@1>",
                          '"', "*", "NEAR", "(", ")", "-", "\x1b", "\u202e", "71%", "<1%", ">400", "4,500"])
questions = st.one_of(st.text(max_size=600), st.lists(pieces, max_size=40).map(" ".join))


def check_answer_fits(evidence: Evidence, question: str) -> None:
    answer = evidence.ask(question)
    drawn = answer_embed(answer, question)
    embed = drawn.to_dict()
    assert len(drawn) <= 6000 and len(embed.get("title", "")) <= 256
    assert len(embed.get("description", "")) <= 4096 and len(embed.get("fields", [])) <= 25
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in embed.get("fields", []))
    assert len(embed.get("footer", {}).get("text", "")) <= 2048
    json.dumps(to_json(answer))
    to_terminal(answer)


@settings(max_examples=300, deadline=None)
@given(question=questions)
@example(question=HOSTILE[0])
def test_any_question_is_answered_within_discords_limits(evidence: Evidence, question: str) -> None:
    check_answer_fits(evidence, question)


@pytest.mark.parametrize("question", HOSTILE)
def test_each_listed_hostile_question(evidence: Evidence, question: str) -> None:
    check_answer_fits(evidence, question)


LINES = MINIMAL_SOURCE.splitlines()
snippets = st.sampled_from(["&a", "*a", "!!python/object:os.system", "<<: {}", "[", "]", "{", "}", "'", '"', "\\e",
                            ":", "- ", "  ", "\t", "~", "null", "1e999", "0x1F", "2020-13-45", "? ", "|", ">", "%",
                            "\u202e", "value: 101%", "count: -1", "id: ../../etc", "\x85"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.integers(0, len(LINES) - 1), column=st.integers(0, 40), insert=st.lists(snippets, min_size=1,
                                                                                        max_size=3))
def test_any_damaged_knowledge_file_is_loaded_or_refused_with_located_problems(tmp_path: Path, line: int,
                                                                                column: int, insert: list[str]) -> None:
    lines = list(LINES)
    lines[line] = lines[line][:column] + "".join(insert) + lines[line][column:]
    path = tmp_path / "demo-2020.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        kb = load_knowledge(path)
    except KnowledgeError as exc:
        assert exc.problems and all(p.file == str(path) for p in exc.problems)
        assert "\x1b" not in str(exc) and "\u202e" not in str(exc)
        return
    assert [s.id for s in kb.sources] == ["demo-2020"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_knowledge_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    with pytest.raises(KnowledgeError):
        load_knowledge(path)


async def test_hostile_questions_through_discord_mention_no_one(evidence: Evidence, fake: FakeDiscord,
                                                                 tmp_path: Path) -> None:
    async with started_bot(fake, settings_for(tmp_path, fake), evidence):
        for question in [q for q in HOSTILE if q.strip()]:
            record = await fake.invoke_slash("ask", {"question": question[:500]})
            await record.wait_response()
            assert record.embeds or record.content
            message = await fake.send_message(question[:1900])
            reply = await fake.wait_for_reply(message)
            assert reply.allowed_mentions == {"parse": [], "replied_user": False}
