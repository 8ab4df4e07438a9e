"""Turn any text (a member's question or a knowledge record) into the terms the matcher compares.

Both sides go through the same steps, so "fb", "Facebook" and "faceboook" all become the term ``facebook``:
normalise (Unicode, case, punctuation, "%", numbers written as words), fold plurals, correct typos against the words
the knowledge base and vocabulary know, then replace phrases from knowledge/vocabulary.yaml (longest first).

A token ends up as one of: content terms (what the question is about; part-of-study words become ``@part`` terms),
a figure cue (asks for a number), or nothing (generic domain words and stopwords).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rapidfuzz import fuzz, process

from bot.schema import Vocabulary

MAX_TOKENS = 60
FIGURE = "figure"
IGNORED = "ignored"

NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "thousand": "1000",
}
NOT_PLURAL = {
    "analysis", "basis", "bias", "thesis", "emphasis", "diagnosis", "status", "plus", "focus", "campus", "virus",
    "this", "his", "is", "was", "has", "does", "yes", "us", "its", "always", "perhaps", "across", "less", "news",
    "series", "species", "physics", "gas", "whereas", "various", "previous", "serious", "obvious", "famous", "process",
}
MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)")
URL = re.compile(r"https?://\S+")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|%|\+")


def normalise(text: str) -> list[str]:
    """Lowercased word tokens with "%" and "+" kept as tokens, thousands separators dropped, number words as digits."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = URL.sub(" ", MENTION.sub(" ", text))
    text = THOUSANDS.sub("", text).replace("’", "'").replace("'s ", " ").replace("'", "")
    tokens = TOKEN.findall(text)[:MAX_TOKENS]
    return [NUMBER_WORDS.get(token, token) for token in tokens]


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Fold a plural to its singular, lightly: tweets -> tweet, studies -> study, analyses stays recognisable."""
    if len(word) <= 3 or not word.isalpha() or word in NOT_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("ss") or word.endswith("us"):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def words_of(text: str) -> tuple[str, ...]:
    """Normalised, plural-folded tokens of ``text``."""
    return tuple(fold(token) for token in normalise(text))


@dataclass(frozen=True)
class Analysis:
    """What a text says, as the matcher sees it."""

    terms: tuple[frozenset[str], ...]
    figure: bool
    unknown: tuple[str, ...]
    corrected: dict[str, str]


class Lexicon:
    """The phrase table built from the vocabulary plus the knowledge base's own words."""

    def __init__(self, vocabulary: Vocabulary, extra_phrases: Iterable[str] = ()) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.spellings: dict[str, str] = {}
        for canonical, variants in vocabulary.synonyms.items():
            term = " ".join(words_of(canonical))
            for variant in (canonical, *variants):
                self._add(variant, term)
        for part, words in vocabulary.parts.items():
            for word in words:
                self._add(word, f"@{part}")
        for word in vocabulary.figure_words:
            self._add(word, FIGURE)
        for word in (*vocabulary.generic_words, *vocabulary.stopwords):
            self._add(word, IGNORED)
        for phrase in extra_phrases:
            words = words_of(phrase)
            if len(words) > 1:
                self._add(phrase, " ".join(words))
        self.longest = max((len(key) for key in self.phrases), default=1)
        self.known_words: set[str] = {word for key in self.phrases for word in key}
        self.spellings.update({word: word for word in self.known_words})
        self._by_initial: dict[str, list[str]] = defaultdict(list)

    def _add(self, phrase: str, meaning: str) -> None:
        raw = normalise(phrase)
        key = tuple(fold(word) for word in raw)
        if key:
            self.phrases[key].add(meaning)
        if len(raw) == 1:
            self.spellings.setdefault(raw[0], key[0])

    def learn(self, texts: Iterable[str]) -> None:
        """Make the knowledge base's own words known, so they are never 'corrected' into something else."""
        for text in texts:
            for word in normalise(text):
                self.known_words.add(fold(word))
                self.spellings.setdefault(word, fold(word))
                self.spellings.setdefault(fold(word), fold(word))

    def freeze(self) -> None:
        """Index known spellings by first letter for typo correction (call once, after :meth:`learn`)."""
        self._by_initial.clear()
        for spelling in self.spellings:
            if spelling.isalpha() and len(spelling) >= 4:
                self._by_initial[spelling[0]].append(spelling)

    def correct(self, word: str) -> str | None:
        """The known word ``word`` is a typo of, or None: same first letter, close spelling, or a vowel-dropped form."""
        if len(word) < 4 or not word.isalpha():
            return None
        choices = [c for c in self._by_initial.get(word[0], ()) if abs(len(c) - len(word)) <= 3]
        if not choices:
            return None
        cutoff = 80 if len(word) <= 6 else 85
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is not None:
            return self.spellings[best[0]]
        abbreviations = {self.spellings[c] for c in choices if len(word) >= 0.6 * len(c) and _is_subsequence(word, c)}
        return abbreviations.pop() if len(abbreviations) == 1 else None

    def index_terms(self, text: str) -> frozenset[str]:
        """The terms of a knowledge text: its phrases and, so that a phrase never hides them, its single words."""
        terms = _flatten(self.analyse(text))
        for word in normalise(text):
            terms |= _flatten(self.analyse(word))
        return frozenset(terms)

    def analyse(self, text: str) -> Analysis:
        """Split ``text`` into content terms (each a set of alternatives), a figure cue, and unknown words."""
        words = []
        corrected: dict[str, str] = {}
        for raw in normalise(text):
            word = fold(raw)
            if word not in self.known_words and raw not in self.spellings and not raw.replace(".", "").isdigit():
                fixed = self.correct(raw)
                if fixed:
                    corrected[raw] = word = fixed
            words.append(word)
        terms: list[frozenset[str]] = []
        unknown: list[str] = []
        figure = False
        index = 0
        while index < len(words):
            for size in range(min(self.longest, len(words) - index), 0, -1):
                meanings = self.phrases.get(tuple(words[index:index + size]))
                if meanings:
                    break
            else:
                size, meanings = 1, None
            if meanings is None:
                word = words[index]
                if word in ("%", "+"):
                    figure = figure or word == "%"
                else:
                    terms.append(frozenset((word,)))
                    if word not in self.known_words:
                        unknown.append(word)
            else:
                content = frozenset(m for m in meanings if m not in (FIGURE, IGNORED))
                figure = figure or FIGURE in meanings
                if content:
                    terms.append(content)
            index += size
        return Analysis(tuple(terms), figure, tuple(unknown), corrected)


def _flatten(analysis: Analysis) -> set[str]:
    return {term for alternatives in analysis.terms for term in alternatives}


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)
