"""What kind of answer a question asks for, read from its wording alone.

The matcher finds *what* a question is about; this says *what it wants to know* about it, so an answer can be
declined when the knowledge base holds the topic but not the thing asked: a definition ("what is a wiki?"), a place
("where was ICEM held?"), a duration ("how many days did it run?"), an identifier a source may lack ("PMID of the
review"), or the complement of a figure ("how many had no presence at all?"). The knowledge files hold findings,
designs and citations, never definitions, places or durations, so those are always declined.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum

from bot.claims import Claim, read_claim, read_rank

ARTICLES = ("a", "an")
DEFINITE = ("the", "their", "its", "this", "that")  # "what the limitations are": a part asked, no definition
QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "where", "when", "how", "why"}
DETERMINING = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "my", "our", "your"}
TRAILING = {"in", "on", "at", "to", "for", "of", "with", "from", "about", "up", "out", "by"}  # "appear in?"
KIND_WORDS = 3          # "was it a randomized controlled trial": the kind asked of a study is a few words at the end
DEFINITION_PHRASES = (("stand", "for"), ("stands", "for"), ("short", "for"), ("definition", "of"), ("meaning", "of"),
                      ("define",), ("acronym",), ("abbreviation", "for"))
PLACE_WORDS = {"held", "located", "hosted", "venue", "city", "country", "host"}
DURATION_UNITS = {"day", "days", "week", "weeks", "hour", "hours", "minute", "minutes", "month", "months"}
COUNT_CUES = (("how", "many"), ("how", "much"), ("what", "%"), ("%",), ("percent",), ("percentage",),
              ("proportion",), ("number", "of"), ("share",), ("fraction",))
# verbs that ask what something was shown to do ("how many studies showed an improvement?"), which a count of what
# studies aimed at does not say
EFFECT_VERBS = {"show", "shows", "showed", "shown", "demonstrate", "demonstrates", "demonstrated", "prove", "proves",
                "proved", "proven"}
OUTCOME_VERBS = {"improve", "improved", "improves", "increase", "increased", "increases", "boost", "boosted", "raise",
                 "raised", "enhance", "enhanced", "enhances"}  # "did it improve scores?": whether it did, an effect
ADVICE_PHRASES = (("best", "way", "to"), ("should", "i"), ("should", "we"), ("how", "do", "i"), ("how", "can", "i"),
                  ("how", "do", "we"), ("how", "can", "we"), ("how", "should", "i"), ("how", "should", "we"),
                  ("any", "tips"), ("tips", "for"), ("your", "advice"), ("you", "advise"), ("you", "recommend"))
# a source's words, or a way to a source ("how do I cite it?"), are asked of the knowledge base, not advice
SOURCE_SAYS = {"post", "review", "study", "paper", "article", "author", "authors", "say", "says", "said", "cite",
               "citation", "reference", "ref", "link", "get", "find", "read", "access", "download", "findings",
               "results", "evidence", "data", "figures", "numbers"}
NEGATIONS = {"no", "not", "none", "never", "neither", "without"}
ABOUT_YOU = {"bot", "human", "person", "robot", "ai", "yourself", "real", "alive", "sentient", "chatgpt", "gpt"}
CARRIED_OUT = {"run", "ran", "conducted", "done", "carried", "held", "performed", "collected", "fielded", "happen",
               "happened", "administered", "sent", "place"}
# verbs of how something was measured ("how did they *rate* accuracy?"), which a study's methods say
MEASURING = frozenset(("measure", "measured", "assess", "assessed", "rate", "rated", "score", "scored", "grade",
                       "graded", "judge", "judged", "evaluate", "evaluated", "decide", "decided", "determine",
                       "determined", "classify", "classified", "code", "coded"))
INSTRUMENT = re.compile(r"\b(?:what|which) (?:\w+ )?((?:tool|instrument|scale|questionnaire|checklist|measure|method|"
                        r"criteria|rubric|score|survey)s?) (?:\w+ ){0,6}?(?:use|used) (?:to|for) (\w+)((?: \w+){0,3})")
# the role a question asks who holds: "who is the editor in chief of ...", "what's the ALiEM editor in chief's name?"
ROLE = re.compile(r"^who (?:is|was|s) the ((?:\w+ ){0,3}?\w+) (?:of|at|for|behind) "
                  r"|^(?:what|whats) (?:is |was )?the ((?:\w+ ){0,3}?\w+) s? ?name$"
                  r"|\bname of the ((?:\w+ ){0,3}?\w+) (?:of|at|for|behind) ")
RESULT_VERBS = {"find", "found", "finds", "show", "showed", "shows", "conclude", "concluded", "report", "reported"}
# verbs whose subject speaks rather than is asked about ("what does the author say ...", "the researchers were trying
# to determine ..."); "found" is left out: "which site did the author found?" asks about the author
REPORTING_VERBS = (RESULT_VERBS - {"found"}) | {
    "say", "says", "said", "claim", "claims", "argue", "argues", "note", "notes", "suggest", "suggests", "think",
    "thinks", "believe", "believes", "try", "tried", "trying", "want", "wanted", "set", "see", "sees", "recommend",
    "recommends", "mention", "mentions", "describe", "describes", "give", "gives", "measure", "measured", "determine",
    "look", "looked", "identify", "identified", "call", "calls", "hope", "hoped", "admit", "admits", "acknowledge",
    "acknowledges", "acknowledged", "admitted", "concede", "concedes", "conceded", "list", "lists", "propose",
    "proposes", "predict", "predicts", "expect", "expects",
    # what authors do in a study ("why couldn't the review authors pool the results?")
    "pool", "pooled", "combine", "combined", "search", "searched", "include", "included", "exclude", "excluded",
    "choose", "chose", "select", "selected", "define", "defined", "analyse", "analysed", "analyze", "analyzed",
    "used", "counted", "compare", "compared", "collect", "collected", "studied", "examine", "examined", "investigate",
    "investigated", "focused", "do", "did"}  # not "study", "review", "use": nouns as often as verbs
NAMED_BY = 6            # "the authors of <a study's name of a few words> concluded": who speaks, named by a study
BETWEEN_DOER_AND_VERB = {"themselves", "himself", "herself", "itself", "also", "actually", "really", "openly"}
NOT_ABLE = {"able", "unable", "to", "werent", "wasnt", "arent", "isnt", "couldnt", "didnt", "cant", "cannot"}
FILLERS = {"even", "exactly", "actually", "really", "anyway", "again"}
IDENTIFIERS = {"doi": "doi", "pmid": "pmid", "pubmed id": "pmid", "digital object identifier": "doi", "title": "title"}
SHARE_WORDS = {"%", "percent", "percentage", "pct", "proportion", "share", "fraction", "ratio", "rate"}  # a share asked
# one study among those a review counts ("which of the 14 studies", "which trial in the review"): reviews report on
# their studies as a group and name none of them
MEMBER = re.compile(r"\bwhich (?:one |single )?(?:of the (?:[3-9] |\d\d+ |reviewed |included |individual )"
                    r"(?:studies|trials|papers)|(?:study|trial|paper|studies|trials) (?:in|of|from|among|within) "
                    r"(?:the|that|this) (?:\w+ )?review)\b"
                    r"|\b(?:the|that|this) (?:single|one|only|sole) (?:randomi[sz]ed )?(?:controlled )?(?:trial|rct)"
                    r"(?! (?:of|that) (?:\d+|the \d+))\b")
PERSONS_TITLE = re.compile(r"\b(?:academic|job|professional|official|his|her|their) titles?\b")  # a role, not a paper's


class Asked(Enum):
    """The kind of answer asked for; ANYTHING is any finding, figure or part of a study."""

    ANYTHING = "anything"
    DEFINITION = "definition"
    PLACE = "place"
    DURATION = "duration"
    COMPLEMENT = "complement"
    ABOUT_BOT = "about the bot"
    WHEN = "when"
    ADVICE = "advice"


@dataclass(frozen=True)
class Request:
    """What a question wants: its kind, its ``subject`` (the word to define, the unit of a duration, the negation of a
    complement), the identifiers it names, for a figure the share a yes/no question claims or the rank it asks, and
    whether it asks what something found ("what did the RCT find?": results, not limitations or a citation), and the
    attribute a "what is the X of Y" question asks for, the ``head`` a "which X" question asks to name, and the words
    that are the subject of a reporting verb (``speakers``: "author" in "what does the author say about ..."), and
    the kind a yes/no question asks a study to be (``kind_of``: "was the review a meta-analysis?"), and the verb that
    ends a "which X did Y <verb>?" question (``verb``: "appear" in "which journal did the paper appear in?"), and
    whether it asks for a share ("what percentage ...", "what rate ..."), which only a figure gives, and the unit of
    time a rate is asked per (``per``: "hour" in "how many tweets per hour?"), and whether it asks when (``when``),
    which only a date or a year answers, and whether it asks which one of a review's studies (``member``), asks for
    people (``who``), joins two groups (``joint``: "both", "also"), asks what was shown (``effect``), or asks for specific
    things of a kind (``specific``: "what specific technical issues"). For "what tool did they use to score
    quality?" it holds the ``instrument`` asked for and its verb, and the words of what it ``measured``; for "who is
    the editor in chief of ALiEM?" the words of the ``role``; the ``timing`` a question names ("before", "during");
    and whether it asks how the study was done (``method``: "did they measure ...?") or for a summary of it
    (``summary``: "can you summarise what the review found?")."""

    asks: Asked = Asked.ANYTHING
    subject: str = ""
    identifiers: tuple[str, ...] = ()
    claim: Claim | None = None
    rank: int | None = None
    results: bool = False
    attribute: str = ""
    head: str = ""
    speakers: frozenset[str] = frozenset()
    kind_of: str = ""
    verb: str = ""
    share: bool = False
    per: str = ""
    when: bool = False
    member: bool = False
    who: bool = False
    joint: bool = False
    effect: bool = False
    specific: bool = False
    instrument: tuple[str, ...] = ()
    measured: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    timing: frozenset[str] = frozenset()
    method: bool = False
    summary: bool = False


def what_is_asked(words: tuple[str, ...]) -> Request:
    """Read the kind of answer from normalised words (see :func:`bot.lexicon.normalise`)."""
    text = " ".join(words)
    identifiers = tuple(dict.fromkeys(name for phrase, name in IDENTIFIERS.items() if f" {phrase} " in f" {text} "
                                      and not (name == "title" and PERSONS_TITLE.search(text))))
    if {"you", "your", "u"} & set(words) and ABOUT_YOU & set(words) - _in_person(words):
        return Request(Asked.ABOUT_BOT)
    if _asks_advice(words):
        return Request(Asked.ADVICE, identifiers=identifiers)
    subject = _defined(words)
    if subject is not None:
        return Request(Asked.DEFINITION, subject, identifiers)
    if "where" in words and PLACE_WORDS & set(words) or _has(words, ("take", "place")) or _has(words, ("took", "place")):
        return Request(Asked.PLACE, identifiers=identifiers)
    if (words[:1] == ("when",) or _has(words, ("what", "year")) or _has(words, ("which", "year"))) \
            and CARRIED_OUT & set(words):  # "what year was ICEM held?": when it was done, not published
        return Request(Asked.WHEN, identifiers=identifiers)
    duration = next((unit for unit in DURATION_UNITS if _has(words, ("how", "many", unit))), None)
    if duration or _has(words, ("how", "long")):
        return Request(Asked.DURATION, duration or "", identifiers)
    if _has(words, ("how", "old")):  # an age: nothing in a knowledge file records one
        return Request(Asked.DURATION, "age", identifiers)
    negation = NEGATIONS & set(words)
    if negation and (_has(words, ("at", "all")) or any(_has(words, cue) for cue in COUNT_CUES)):
        return Request(Asked.COMPLEMENT, min(negation), identifiers)
    results = bool(words) and words[0] in ("what", "whats") and words[-1] in RESULT_VERBS
    return Request(identifiers=identifiers, claim=read_claim(words), rank=read_rank(words), results=results,
                   attribute=_attribute(words), head=_head(words), speakers=_speakers(words),
                   kind_of=_kind_of(words), verb=_final_verb(words), share=bool(SHARE_WORDS & set(words)),
                   per=_per(words), when=_asks_when(words), member=bool(MEMBER.search(text)),
                   who=_asks_who(words), joint=_joins_groups(words), effect=_asks_effect(words),
                   specific=bool(SPECIFIC & set(words[:4])), **_instrument(text),
                   role=_role(text), timing=frozenset(TIMING & set(words)),
                   method=bool(STUDY_DOING & set(words)), summary=bool(SUMMARISING & set(words)))


def _asks_effect(words: tuple[str, ...]) -> bool:
    """Whether a question asks what something was shown to do ("how many studies showed ...?") or whether it did it
    ("did social media actually improve test scores?"), which a count of what was aimed at does not say."""
    return bool(EFFECT_VERBS & set(words)) or (words[:1] in (("did",), ("does",), ("do",)) and bool(
        OUTCOME_VERBS & set(words)))


def _role(text: str) -> tuple[str, ...]:
    """The words of the role "who is the editor in chief of ALiEM?" asks who holds."""
    found = ROLE.search(text)
    role = next((group for group in found.groups() if group), "") if found else ""
    return tuple(word for word in role.split() if word not in DETERMINING | TRAILING)


def _instrument(text: str) -> dict[str, tuple[str, ...]]:
    """For "what tool did they use to score educational quality?": the ``instrument`` asked for and its verb
    ("tool", "score"), and the words of what it ``measured`` ("educational quality"), which its methods must name."""
    found = INSTRUMENT.search(text)
    if not found or found[2] not in MEASURING:
        return {}
    return {"instrument": (found[1], found[2]),
            "measured": tuple(word for word in found[3].split() if word not in DETERMINING | TRAILING)}


def _defined(words: tuple[str, ...]) -> str | None:
    """The word a definition question asks about ("what is a wiki" -> "wiki"), or None."""
    for phrase in DEFINITION_PHRASES:
        at = _find(words, phrase)
        if at is not None:
            rest = [w for w in (words[:at] if phrase[-1] == "for" else words[at + len(phrase):])
                    if w not in ("what", "does", "do", "did", "the", "is", "a", "an")]
            return " ".join(rest[-1:] if phrase[-1] == "for" else rest[:2])
    if _has(words, ("difference", "between")):
        return " ".join(words[_find(words, ("difference", "between")) + 2:])
    plain = tuple(w for w in words if w not in FILLERS)
    opening = 2 if plain[:2] in (("what", "is"), ("what", "are")) else 1 if plain[:1] == ("whats",) else 0
    rest = list(plain[opening:])
    if opening and rest and rest[0] in ARTICLES:
        rest = rest[1:]
        if 1 <= len(rest) <= 2:
            return " ".join(rest)
    elif opening and 1 <= len(rest) <= 2 and rest[0] not in DEFINITE:
        return " ".join(rest)
    if len(words) >= 3 and words[0] == "what" and words[1] in ("does", "do") and words[-1] == "mean":
        return " ".join(words[2:-1])
    if words[:1] == ("how",) and "defined" in words[2:]:  # "how was presence on a platform defined?"
        return " ".join(word for word in words[2:words.index("defined")] if word not in DETERMINING)
    return _defined_within(words)


def _defined_within(words: tuple[str, ...]) -> str | None:
    """The word a definition asked within a sentence is about ("does the post explain what a wiki is?" -> "wiki"),
    or None; "what the limitations are" asks for no definition."""
    if len(words) >= 3 and words[-1] == "means" and words[-3:-1] in (("what", "that"), ("what", "this"),
                                                                   ("what", "it")):
        return "that"  # "how do the authors explain what that means?": a term the message quoted before
    if len(words) < 3 or words[-1] not in ("is", "are") or "what" not in words[:-2]:
        return None
    rest = list(words[len(words) - 1 - words[::-1].index("what"):-1])[1:]
    if rest and rest[0] in ARTICLES:
        rest = rest[1:]
    elif rest and rest[0] in DEFINITE:
        return None
    return " ".join(rest) if 1 <= len(rest) <= 2 else None


def _per(words: tuple[str, ...]) -> str:
    """The unit of time a question asks a rate per ("tweets per hour", "every week"), or ""."""
    return next((unit for word, unit in zip(words, words[1:], strict=False)
                 if word in ("per", "each", "every", "a") and unit in DURATION_UNITS), "")


# verbs of what a study did ("did they measure retention?", "did the study look at ..."): its methods are asked
STUDY_DOING = MEASURING | {"look", "looked", "examine", "examined", "investigate", "investigated", "track", "tracked",
                           "follow", "followed", "recorded", "studied", "consider", "considered", "address",
                           "addressed", "checked", "collect", "collected", "capture", "captured", "include",
                           "included", "reported", "tested"}  # not "study", "test", "report": nouns as often
SUMMARISING = {"summarise", "summarize", "summarised", "summarized", "summarising", "summarizing", "overview", "recap",
               "rundown"}  # "can you summarise what the review found, with the numbers?": the study in short
TIMING = {"before", "after", "outside", "during"}  # "tweets sent before the conference": not those sent during it
SPECIFIC = {"specific", "particular"}  # "what specific technical issues ...": instances of what one figure counts
AUXILIARIES = {"was", "were", "is", "are", "did", "does", "do", "had", "has", "have"}
HEAD_SKIPPED = {"is", "was", "are", "were", "the", "a", "an", "kind", "type", "sort", "of", "exactly", "specific",
                "single", "main", "most", "least", "top", "overall", "primary", "key", "major", "especially",
                "particularly", "actually", "really", "mainly", "mostly", "also", "still"}  # "the single most X"


def _head(words: tuple[str, ...]) -> str:
    """The thing a "which X" or "what X" question asks to name ("which hospital", "what gender split"), or "";
    a participle before it is not the thing ("what was the stated objective")."""
    if words[:2] == ("according", "to"):  # "according to the post, which platform ...": the question after it
        words = words[next((i for i, word in enumerate(words[:6]) if word in ("which", "what")), 0):]
    if not words or words[0] not in ("which", "what"):
        return ""
    rest = [word for word in words[1:6] if word not in HEAD_SKIPPED and not word.endswith("ed")]
    noun = next((index for index, word in enumerate(words[1:5], 1) if word in AUXILIARIES), 0) - 1
    if noun > 1 and words[noun] not in HEAD_SKIPPED and words[noun - 1] not in HEAD_SKIPPED:
        return words[noun]  # "which medical specialties were ...": the noun before the verb, not its modifier
    specific = next((index for index, word in enumerate(words[:5]) if word in SPECIFIC), None)
    if specific is not None:  # "what were the specific technical issues ...": the noun the words after it qualify
        phrase = list(itertools.takewhile(lambda word: word not in HEAD_SKIPPED | DETERMINING | TRAILING
                                          | AUXILIARIES and not word.endswith("ed"), words[specific + 1:specific + 4]))
        if phrase:
            return phrase[-1]
    return rest[0] if rest else ""


def _in_person(words: tuple[str, ...]) -> set[str]:
    """"person" when it is part of "in person" (teaching in person is no question about the bot)."""
    return {"person"} if _has(words, ("in", "person")) else set()


def _final_verb(words: tuple[str, ...]) -> str:
    """The last word of a question that opens with a question word and puts "do", "does" or "did" before its subject
    ("what weakness did the paper acknowledge?", "in which journal did it appear in?"): the question's main verb,
    which says how the subject relates to what is asked, not what is asked."""
    opens = next((index for index, word in enumerate(words[:3]) if word in QUESTION_WORDS), None)
    if opens is None or not {"do", "does", "did"} & set(words[opens + 1:opens + 4]):
        return ""
    last = [word for word in words if word not in TRAILING]
    if len(last) <= opens + 3 or not last[-1].isalpha() or last[-2] in DETERMINING:  # "in its wrap-up": a noun
        return ""
    ending = words[:max(index for index, word in enumerate(words) if word not in TRAILING) + 1]
    if ending[-2] in TRAILING - {"to"} or (ending[-3] in TRAILING and ending[-2] not in TRAILING):
        return ""  # "where did he go to medical school": a preposition's noun ("set out to do" ends on a verb)
    return last[-1]


def _asks_advice(words: tuple[str, ...]) -> bool:
    """Whether the member asks what to do ("what's the best way to ...", "should we ...", "how do I ...", "any
    tips"), not what a source says or recommends ("according to the post, should ...")."""
    if SOURCE_SAYS & set(words) or any(_has(words, phrase) for phrase in (("according", "to"), ("based", "on"))):
        return False
    return any(_has(words, phrase) for phrase in ADVICE_PHRASES)


def _asks_when(words: tuple[str, ...]) -> bool:
    """Whether the question asks when: "when ...", "what date", "which year" (only a date or a year answers)."""
    return words[:1] == ("when",) or any(_has(words, (asking, unit)) for asking in ("what", "which")
                                          for unit in ("date", "year"))


def _asks_who(words: tuple[str, ...]) -> bool:
    """Whether the question asks for people: "who ...", "whose ...", or "where did X come from"."""
    return words[:1] in (("who",), ("whose",), ("whom",)) or (words[:1] == ("where",) and _has(words, ("come", "from")))


def _joins_groups(words: tuple[str, ...]) -> bool:
    """Whether the question asks for those in two groups at once: "on both Twitter and LinkedIn", "how many also
    used Twitter?", "on LinkedIn, Twitter and a blog at once"; not "in both studies", nor a claim with its
    own figure ("were both used in 14%?")."""
    if {"%", "percent"} & set(words):
        return False
    if {"also", "simultaneously"} & set(words) or _has(words, ("at", "once")):
        return True
    return any(words[index + 1:index + 2] and words[index + 1] not in DETERMINING
               and "and" in words[index + 2:index + 5] for index, word in enumerate(words) if word == "both")


def _kind_of(words: tuple[str, ...]) -> str:
    """The last words of "was/is X a/an Y?", at most :data:`KIND_WORDS` of them ("a randomized trial"), or ""."""
    if words[:1] not in (("was",), ("is",)):
        return ""
    article = max((index for index, word in enumerate(words) if word in ARTICLES), default=0)
    rest = words[article + 1:]
    return " ".join(rest) if article > 1 and 1 <= len(rest) <= KIND_WORDS else ""


def _speakers(words: tuple[str, ...]) -> frozenset[str]:
    """The words right before a reporting verb, past "et al", "were"/"is" and "not" ("the researchers were trying",
    "why could the authors not pool"), and the word after "according to" ("according to the author")."""
    plain = [word for word in words if word not in ("et", "al", "were", "was", "is", "are", "not", "never")]
    doing = [word for word in plain if word not in NOT_ABLE | BETWEEN_DOER_AND_VERB]  # "weren't the authors able
    # to pool", "the authors themselves admitted"
    before_verbs = {word for word, verb in zip(doing, doing[1:], strict=False) if verb in REPORTING_VERBS}
    before_verbs |= {doing[of - 1] for at, verb in enumerate(doing) if verb in REPORTING_VERBS  # "the authors of the
                     for of in range(max(1, at - NAMED_BY), at) if doing[of] == "of"}  # TikTok study recommend"
    named = [word for word in plain if word != "the"]
    after_according = {word for (first, second), word in zip(zip(named, named[1:], strict=False), named[2:],
                                                             strict=False) if (first, second) == ("according", "to")}
    return frozenset(before_verbs | after_according)


def _attribute(words: tuple[str, ...]) -> str:
    """The attribute a "what is the X of Y" question asks for ("impact factor"), or ""."""
    opening = next((size for size in (3, 2) if words[:size] in (("what", "is", "the"), ("what", "was", "the"),
                                                                ("what", "are", "the"), ("what", "were", "the"),
                                                                ("whats", "the"))), 0)
    if not opening or "of" not in words[opening:]:
        return ""
    return " ".join(words[opening:words.index("of", opening)])


def _find(words: tuple[str, ...], phrase: tuple[str, ...]) -> int | None:
    for index in range(len(words) - len(phrase) + 1):
        if words[index:index + len(phrase)] == phrase:
            return index
    return None


def _has(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return _find(words, phrase) is not None
