"""A member's message as questions: greetings, context and mentions set aside, each question on its own.

Members write messages, not queries: "Hey all, chief resident here. We're debating a blog or a wiki. Can someone
remind me how often blogs showed up in the review?" The words of the context sentences are not what is asked, and
scored with the question they sink it. So a message is cut into sentences, greetings and thanks are dropped, and the
sentences that ask something (a question mark, or an opening such as "what", "did", "tell me") are the questions;
a message with no such sentence is one question as a whole. A question may hold two joined by "and" ("How many
studies did it include, and which platform was used most?"): :func:`parts` cuts it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.lexicon import MAX_CHARS, MENTION, URL

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")
ABBREVIATIONS = {"al", "dr", "drs", "vs", "eg", "ie", "e.g", "i.e", "etc", "fig", "no", "vol", "prof", "approx", "ca"}
ASKING_OPENERS = {
    "what", "whats", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "do",
    "does", "did", "can", "could", "would", "should", "will", "has", "have", "had", "tell", "give", "list", "show",
    "name", "cite", "describe", "explain", "summarise", "summarize", "according", "in", "per", "for", "any",
}
SMALL_TALK = {
    "hi", "hey", "hello", "hiya", "yo", "all", "everyone", "folks", "team", "there", "thanks", "thank", "you", "thx",
    "ty", "cheers", "please", "pls", "bot", "good", "morning", "afternoon", "evening", "quick", "question", "q", "so",
    "ok", "okay", "guys", "y", "quickie", "one", "more", "another", "again",
}
DOTTED_END = re.compile(r"\b(?:[A-Za-z]\.){2,}$")  # "U.S.", "R.E.B.E.L." ending a piece
WORD = re.compile(r"[a-z0-9%]+")
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+[A-Z]\w*|[A-Z]{4,}|[A-Z][a-z]+)\b")
CONTRAST = re.compile(r"\b([a-z]+) (?:rather than|instead of|as opposed to) [a-z]+\b"
                      r"|\bbetween ([a-z]+) and ([a-z]+)\b", re.IGNORECASE)
ORDINAL_STUDY = re.compile(r"\b(first|1st|second|2nd|third|3rd|fourth|4th)\s+(study|paper|article|publication|"
                           r"reference|ref|one)\b", re.IGNORECASE)
NUMBERED_STUDY = re.compile(r"\b(study|paper|article|publication|reference|ref)\s+(?:number\s+|no\.?\s*|#\s*)?"
                            r"([1-4])\b(?![.,]?\d|%)", re.IGNORECASE)
NUMBERED = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th"}
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
POINTING = {"it", "its", "they", "their", "them", "this", "that", "these", "those", "his", "her", "he", "she"}
# what the member will do with the answer, after the question ("... so I can paste it into my slides", "... for my
# talk"): context, not what is asked
PURPOSE = re.compile(r"[,;]?\s+(?:(?:so(?:\s+that)?|because)\s+(?:i|we|im|i'm|ive|i've|my|our)|"
                     r"for\s+(?:my|our)\s+\w+(?:\s+\w+)?\W*$)\b.*$", re.IGNORECASE)
PREFACE = re.compile(r"(?<=^)((?:i'?m|i am|we'?re|we are|as an?)\b[^:?.!]{0,80}:)\s+", re.IGNORECASE)
# a clause about the member before the question ("Before I pitch it to faculty, can you ...")
LEADING_ASIDE = re.compile(r"^(?:before|since|because|as|while|once|now that)\s+(?:i|we|im|i'm|i've|ive|my|our)\b"
                           r"[^,?]{0,80},\s*", re.IGNORECASE)
LABEL = re.compile(r"((?:[^:?.!\s]+\s+){0,5}[^:?.!\s]+:)\s+(?=\S)")  # "Two-parter for my grand rounds: ..."
SECOND_QUESTION = re.compile(r",?\s+and\s+(?=(?:what|which|who|whom|whose|when|where|why|how|in\s+which|did|does|do|"
                             r"was|were|is|are|can|could)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Message:
    """A message cut up: the ``questions`` to answer, and the ``context`` sentences around them."""

    questions: tuple[str, ...]
    context: tuple[str, ...] = ()


def read_message(text: str, aside: Callable[[str], bool] = lambda words: False) -> Message:
    """Cut a member's message into questions and context (see the module docstring). A few words before a colon
    that ``aside`` says hold nothing to look for ("Two-parter for my grand rounds:") are context; others
    ("Technical problems: how common were they?") stay in the question they head."""
    text = URL.sub(" ", MENTION.sub(" ", text[:MAX_CHARS]))
    sentences = [s.strip() for s in _sentences(text, aside) if s.strip()]
    sentences = [s for s in sentences if not _small_talk(s)]
    if len(sentences) <= 1:
        return _without_purpose(Message(tuple(sentences)))
    questions = [s for s in sentences if _asks(s)]
    if not questions:
        return _without_purpose(Message((" ".join(sentences),)))
    return _without_purpose(Message(tuple(questions), tuple(s for s in sentences if s not in questions)))


def _without_purpose(message: Message) -> Message:
    """The questions without what the member will do with the answer, which joins the context ("Give me the full
    reference so I can paste it into my slides" asks for the full reference), and without a clause before them about
    the member ("Before I pitch it to faculty, can you ...")."""
    questions: list[str] = []
    purposes: list[str] = []
    for question in message.questions:
        found = PURPOSE.search(question)
        asked = question[:found.start()].strip() if found else ""
        purposes += [found.group(0).strip(" ,;")] if found and asked else []
        asked = asked or question
        leading = LEADING_ASIDE.match(asked)
        if leading and asked[leading.end():].strip():
            purposes.append(leading.group(0).strip(" ,;"))
            asked = asked[leading.end():].strip()
        questions.append(asked)
    return Message(tuple(questions), (*message.context, *purposes))


def parts(question: str) -> list[str]:
    """The questions one sentence joins with "and": "Who wrote it and in which journal was it published?" -> "Who
    wrote it", "in which journal was it published?"."""
    return [part for part in SECOND_QUESTION.split(question) if part.strip()]


def refers_back(question: str) -> bool:
    """Whether a question points at something named elsewhere in the message ("it", "that study", "his role")."""
    return not POINTING.isdisjoint(_words(question))


def _sentences(text: str, aside: Callable[[str], bool] = lambda words: False) -> list[str]:
    """Split at sentence ends, but not after an abbreviation ("Cheston et al. reviewed", "Dr. Rezaie") or a dotted
    acronym that the sentence goes on after ("the U.S. or the U.K.?", "R.E.B.E.L. EM"), and after a preface about
    the member that ends in a colon ("I'm a skeptic: ...")."""
    pieces = [piece for part in SENTENCE_END.split(text) for piece in PREFACE.split(part, maxsplit=1) if piece]
    pieces = [part for piece in pieces for part in _labelled(piece, aside)]
    joined: list[str] = []
    for piece in pieces:
        last = joined[-1].rstrip() if joined else ""
        before = last[:-1].split()  # empty for a sentence that is only "."
        abbreviated = before and before[-1].casefold().strip("(") in ABBREVIATIONS
        spelled = DOTTED_END.search(last) and (piece[:1].islower() or piece.split()[0].strip("?!.,").isupper())
        if last.endswith(".") and (abbreviated or spelled):
            joined[-1] = f"{last} {piece}"
        else:
            joined.append(piece)
    return joined


def _labelled(piece: str, aside: Callable[[str], bool]) -> list[str]:
    """``piece`` cut after a label of a few words and a colon, when ``aside`` says the label holds nothing asked."""
    label = LABEL.match(piece)
    return [label.group(1), piece[label.end():]] if label and aside(label.group(1)) else [piece]


def _words(sentence: str) -> list[str]:
    return WORD.findall(sentence.casefold().replace("'", ""))


def _small_talk(sentence: str) -> bool:
    words = _words(sentence)
    return all(word in SMALL_TALK for word in words)


def _asks(sentence: str) -> bool:
    """A question mark, or an asking opening word ("we're" is a contraction, not "were")."""
    first = sentence.split(maxsplit=1)[0].casefold().replace("’", "'") if sentence.split() else ""
    opens = first.replace("'", "") in ASKING_OPENERS and ("'" not in first or first.startswith(("wh", "how")))
    return sentence.rstrip().endswith("?") or opens


def names_written(text: str) -> set[str]:
    """Words written as names (capitalised inside a sentence, "YouTube", "MERSQI"), lowercased: an unknown name is
    a real topic the knowledge base lacks, however common the word is in English."""
    return {match.group(1).casefold() for sentence in _sentences(text) for match in NAME.finditer(sentence)}


def contrasted(text: str) -> set[str]:
    """Words a question sets apart from others: what it asks "rather than" something else ("daily rather than
    weekly"), or both sides of a "between" ("between junior and senior"). Each is a real distinction asked about,
    however common the word is in English."""
    return {word.casefold() for match in CONTRAST.finditer(text) for word in match.groups() if word}


def ordinal_study(text: str, order: list[str]) -> str:
    """``text`` with "the second paper" or "reference 2" replaced by the name of that study in ``order`` (as the post
    cites them)."""
    def name(match: re.Match[str]) -> str:
        index = ORDINALS[match.group(1).casefold()]
        return order[index] if index < len(order) else match.group(0)
    return ORDINAL_STUDY.sub(name, _as_ordinal(text))


def _as_ordinal(text: str) -> str:
    """"reference 2", "paper #1", "ref no. 3" written as "2nd reference", "1st paper", "3rd ref"."""
    return NUMBERED_STUDY.sub(lambda match: f"{NUMBERED[match.group(2)]} {match.group(1)}", text)


def ordinal_beyond(text: str, order: list[str]) -> str:
    """"the third paper" as written when ``order`` has no third study ("these three publications" of a post citing
    two), else "". "the third one" is left alone: it may be a third place, not a third study."""
    for match in ORDINAL_STUDY.finditer(_as_ordinal(text)):
        if ORDINALS[match.group(1).casefold()] >= len(order) and match.group(2).casefold() != "one":
            return match.group(0)
    return ""
