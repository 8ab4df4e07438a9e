"""How much a word the knowledge base has never seen should count, from how common it is in English.

A question's words that the knowledge base lacks are of two kinds: plain English around the question ("relied",
"crowd", "timing"), which must not sink it, and a real topic the base does not hold ("Instagram", "retweets",
"MERSQI"), which must. General-English word frequencies (wordfreq's Zipf scale: 7 for "the", 3 for a word seen once
per million words, 0 for a word it has never seen) tell them apart well enough to weigh them. wordfreq is imported on
the first unknown word, so a question made of known words never pays for loading it.
"""

from __future__ import annotations

import re
from functools import lru_cache

COMMON_ZIPF = 5.0   # as common as "time" or "people": an unknown word this common weighs FLOOR
RARE_ZIPF = 3.0     # as rare as "retweets": an unknown word this rare weighs as much as a word the base has once
FLOOR = 0.1
SHORT = 3           # an unknown scrap this short that is no English word ("hw", "wer") is chat, not a topic


ENGLISH_ZIPF = 4.0  # a word at least this common is an English word, never a typo or a short form

KNOWN_COMMON_ZIPF = 5.5  # a word the base has only in prose ("included", "raised") weighs KNOWN_FLOOR this common
KNOWN_RARE_ZIPF = 3.5
KNOWN_FLOOR = 0.25


# British and American spellings of one word ("characterise" / "characterize", "paediatric" / "pediatric"): each
# pattern rewrites a word's ending (or, for "ae"/"oe", a letter pair inside a long word) one way or the other
SPELLINGS = (
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"), (r"iz(e|es|ed|ing|ation|ations)$", r"is\1"),
    (r"ys(e|es|ed|ing)$", r"yz\1"), (r"yz(e|es|ed|ing)$", r"ys\1"),
    (r"(?<=.{3})our(s|ed|ing|able|ite|ites)?$", r"or\1"), (r"(?<=.{3}[^aeiou])or(s|ed|ing|able|ite|ites)?$", r"our\1"),
    (r"(?<=.{3})tre(s)?$", r"ter\1"), (r"(?<=.{3})ter(s)?$", r"tre\1"), (r"ogue(s)?$", r"og\1"),
    (r"(?<=.{3})mme(s)?$", r"m\1"), (r"(?<=.)ll(ed|ing|er|ers)$", r"l\1"),
    (r"(?<=[^aeiou])ae(?=.{4})", "e"), (r"(?<=[^aeiou])oe(?=.{4})", "e"),
)


@lru_cache(maxsize=16384)
def spelling_variants(word: str) -> tuple[str, ...]:
    """The other spellings of ``word`` across British and American English ("randomised" -> "randomized")."""
    found = []
    for pattern, replacement in SPELLINGS:
        other = re.sub(pattern, replacement, word)
        if other != word:
            found.append(other)
    return tuple(dict.fromkeys(found))


INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


@lru_cache(maxsize=16384)
def english_rarity(word: str, known: bool = False) -> float:
    """From :data:`FLOOR` (a common English word) to 1.0 (rare or not English at all, or a number); ``known``
    words (those the knowledge base has in its prose) use the gentler :data:`KNOWN_FLOOR` scale."""
    if not word.replace(" ", "").isalpha():
        return 1.0
    from wordfreq import zipf_frequency

    zipf = min(max(zipf_frequency(form, "en") for written in (part, *spelling_variants(part))
                   for form in _forms(written)) for part in word.split())
    if len(word) <= SHORT and zipf < RARE_ZIPF and not known:
        return FLOOR
    if known:
        return min(1.0, max(KNOWN_FLOOR, (KNOWN_COMMON_ZIPF - zipf) / (KNOWN_COMMON_ZIPF - KNOWN_RARE_ZIPF)))
    return min(1.0, max(FLOOR, (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)))


@lru_cache(maxsize=16384)
def is_english(word: str) -> bool:
    """Whether ``word`` is a common English word (so not a typo or a short form to correct)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= ENGLISH_ZIPF


def _forms(word: str) -> tuple[str, ...]:
    """A word and what it may be an inflection of ("swears" of "swear", "flagged" of "flag", "studies" of "study"):
    an inflected form is rarer in English than its word, and must not weigh as a rare topic for that."""
    forms = [word]
    for ending, replacement in INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms += [stem + replacement, stem[:-1]] if replacement == "" and stem[-1:] == stem[-2:-1] else \
                [stem + replacement]
    return tuple(forms)
