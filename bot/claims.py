"""Questions that need more than one figure read: a yes/no claim ("did more than half use blogs?") and a rank
("which platform came second?").

A claim is read from the question's words as a comparison with a share ("more than half" is > 50%, "at least a
third" is >= 33.3%, "most" is > 50%); the answer then says whether the figure the source states bears it out, and
shows that figure as written. A rank is the position asked for ("second", "least"); the answer names the figure at
that position by the source's own values, and says so when figures tie. Nothing here rounds or combines figures:
a verdict compares the stated value with the claimed share, and a qualified value ("<1%") is compared by its bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.schema import Finding, Stat

SHARES = {
    "half": Decimal(50), "quarter": Decimal(25), "third": Decimal("33.3"), "two thirds": Decimal("66.7"),
    "three quarters": Decimal(75), "majority": Decimal(50), "most": Decimal(50), "minority": Decimal(50),
}
MORE = {"more than": ">", "over": ">", "above": ">", "greater than": ">", "at least": ">=", "most": ">", "top": ">",
        "exceed": ">", "exceeded": ">",
        "majority": ">", "fewer than": "<", "less than": "<", "under": "<", "below": "<", "at most": "<=",
        "minority": "<"}
RANKS = {"first": 0, "top": 0, "most": 0, "highest": 0, "biggest": 0, "largest": 0, "second": 1, "third": 2,
         "fourth": 3, "fifth": 4, "least": -1, "lowest": -1, "fewest": -1, "smallest": -1, "rarest": -1, "last": -1,
         "bottom": -1}
FRACTIONS = {"thirds": 3, "third": 3, "quarters": 4, "quarter": 4, "fifths": 5, "fifth": 5, "halves": 2}
NUMBER_NAMES = {"1": "one", "2": "two", "3": "three", "4": "four"}
ORDINAL = {0: "first", 1: "second", 2: "third", 3: "fourth", 4: "fifth"}
YES_NO = {"did", "do", "does", "was", "were", "is", "are", "has", "have", "had", "can", "could", "would", "should",
          "may", "might"}
CHECKING = {"right", "true", "correct", "accurate", "match", "matches", "claim", "say", "confirm", "hold"}
SUPERLATIVE = {"common", "frequent", "popular", "used", "cited", "important", "likely", "prevalent", "widespread",
               "reported", "mentioned", "active", "influential", "prominent"}  # "most" before these: a rank
ABOUT = ("about", "around", "roughly", "approximately", "approx", "nearly", "almost", "close to", "circa")  # no verdict
OR_MORE = {"or more": ">=", "or higher": ">=", "or greater": ">=", "or above": ">=", "plus": ">=",
           "or less": "<=", "or fewer": "<=", "or lower": "<=", "or below": "<="}


@dataclass(frozen=True)
class Claim:
    """What a yes/no question asserts: ``op`` (">", ">=", "<", "<=") and ``share``, as ``wrote``; a share is 0-100
    when ``percent``, else a plain number ("over 5,000 tweets"); ``token`` is the number as the question wrote it,
    which is the claim's threshold and not a figure to match."""

    op: str
    share: Decimal
    wrote: str
    percent: bool = True
    token: str = ""


def read_claim(words: tuple[str, ...]) -> Claim | None:
    """The share a yes/no question claims, or None: "did more than half ..." -> > 50; "I read that over 40% of the
    speakers had LinkedIn: does that match?" -> > 40; "could I say 15% or more ...?" -> >= 15."""
    if not words or (words[0] not in YES_NO and CHECKING.isdisjoint(words)):
        return None
    text = f" {' '.join(words)} "
    for phrase, op in OR_MORE.items():
        at = text.find(f" % {phrase} ")
        before = text[:at].split() if at > 0 else []
        if before and _number(before[-1]) is not None:
            return Claim(op, _number(before[-1]), f"{before[-1]}% {phrase}", token=before[-1])
    for phrase, op in (*sorted(MORE.items(), key=lambda item: -len(item[0])), *((about, "~") for about in ABOUT)):
        at = text.find(f" {phrase} ")
        if at < 0:
            continue
        rest = text[at + len(phrase) + 2:].split()
        if phrase == "most" and rest and (rest[0] in SUPERLATIVE or rest[0].endswith("ly")):
            continue  # "the most common reason", "most frequently cited": a rank, no claim about a majority
        number = _share(rest)
        token = rest[0] if rest and _number(rest[0]) is not None else ""
        if number is not None:
            return Claim(op, number, f"{phrase} {_wrote(rest)}".strip(), token=token)
        if op == "~":  # "about a third of them": said of a share, not of a plain number
            continue
        if token:
            return Claim(op, Decimal(token), f"{phrase} {token}", percent=False, token=token)
        if phrase in SHARES:
            return Claim(op, SHARES[phrase], "more than half" if op == ">" else "less than half")
    return None


def read_rank(words: tuple[str, ...]) -> int | None:
    """The position a question asks for (0 = first, -1 = last), or None when it asks for none."""
    for index, word in enumerate(words):
        bound = index > 0 and words[index - 1] == "at"  # "at least 4 of 6" is a threshold, not the last place
        if word in RANKS and not bound and not (word == "most" and words[index + 1:index + 2] in (("of",), ("than",))):
            return RANKS[word]
    return None


def verdict(stat: Stat, claim: Claim) -> str:
    """'Yes: More feedback 57% is more than half.' or 'No: ...', or '' when the figure cannot settle the claim (a
    bound such as "<1%" settles "more than 1%" but not "more than 0.5%")."""
    if stat.value.is_percent != claim.percent:
        return ""
    holds = settles(stat.value.qualifier, stat.value.number, claim)
    if holds is None:
        return ""
    return f"{'Yes' if holds else 'No'}: {stat.label} {stat.value.text} is {'' if holds else 'not '}{claim.wrote}."


def settles(qualifier: str, number: Decimal, claim: Claim) -> bool | None:
    """Whether every value the figure allows makes the claim true (True), false (False), or neither (None). A share
    claimed roughly ("about 70%") is never settled: how close is close enough is the member's call, and the answer
    shows the figure as stated."""
    if claim.op == "~":
        return None
    if qualifier == "":
        return _compare(number, claim.op, claim.share)
    if qualifier not in ("<", ">"):
        return None
    below = qualifier == "<"            # the value lies below (or above) ``number``, never at it
    claims_more = claim.op in (">", ">=")
    if below and number <= claim.share:
        return not claims_more
    if not below and number >= claim.share:
        return claims_more
    return None


def rank_line(finding: Finding, rank: int) -> tuple[str, int | None]:
    """('Second: Wikis 21%.', index of that figure) by the stated percentages, naming ties (then no single index);
    ('', None) when the group has no comparable figures."""
    step = {"<": Decimal("-0.0001"), ">": Decimal("0.0001")}
    shares = [(stat.value.number + step.get(stat.value.qualifier, 0), stat) for stat in finding.stats
              if stat.value.is_percent and stat.value.qualifier in ("", "<", ">")]
    if len(shares) < 2:
        return "", None
    values = sorted({number for number, _ in shares}, reverse=True)
    if not -len(values) <= rank < len(values):
        return "", None
    wanted = values[rank]
    tied = [stat for number, stat in shares if number == wanted]
    place = "Last" if rank == -1 else ORDINAL.get(rank, f"#{rank + 1}").capitalize()
    names = " and ".join(f"{stat.label} {stat.value.text}" for stat in tied)
    index = finding.stats.index(tied[0]) if len(tied) == 1 else None
    return f"{place}: {names}" + (" (tied)." if len(tied) > 1 else "."), index


def _compare(value: Decimal, op: str, share: Decimal) -> bool:
    return {">": value > share, ">=": value >= share, "<": value < share, "<=": value <= share}[op]


def _share(words: list[str]) -> Decimal | None:
    """A share written after a comparison: "50 %", "a third", "three quarters", "half"."""
    if len(words) >= 2 and _number(words[0]) is not None and words[1] in ("%", "percent", "percentage"):
        return _number(words[0])
    if len(words) >= 2 and _number(words[0]) is not None and words[1] in FRACTIONS:
        return (_number(words[0]) * 100 / FRACTIONS[words[1]]).quantize(Decimal("0.1"))
    plain = [word for word in words if word not in ("a", "an", "one")]
    for size in (2, 1):
        phrase = " ".join(plain[:size])
        if phrase in SHARES and phrase not in ("most", "majority", "minority"):
            return SHARES[phrase]
    return None


def _wrote(words: list[str]) -> str:
    """The share as the member wrote it: "50%", "a quarter", "two thirds" (read as "2 thirds")."""
    if len(words) >= 2 and words[1] in ("%", "percent"):
        return f"{words[0]}%"
    if len(words) >= 2 and words[1] in FRACTIONS:
        return f"{NUMBER_NAMES.get(words[0], words[0])} {words[1]}"
    article = words[0] if words and words[0] in ("a", "an", "one") else ""
    plain = words[1:] if article else words
    size = 2 if " ".join(plain[:2]) in SHARES else 1
    return " ".join([article, *plain[:size]]).strip()


def _number(word: str) -> Decimal | None:
    try:
        return Decimal(word)
    except ArithmeticError:
        return None
