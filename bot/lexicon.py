"""Turn any text (a member's question or a knowledge record) into the terms the matcher compares.

Both sides go through the same steps, so "fb", "Facebook" and "faceboook" all become the term ``facebook``:
normalise (Unicode, case, punctuation, "%", numbers written as words), correct typos against the words the knowledge
base and vocabulary know, then replace phrases from knowledge/vocabulary.yaml (longest first; a phrase is looked up as
written, then by word stems, so "reviewed" finds "review"). A word no phrase claims becomes its Snowball stem.

A token ends up as one of: content terms (what the question is about; part-of-study words become ``@part`` terms),
a figure cue (asks for a number), a hint (a generic domain word such as "studies": it may break a tie but never
decides), or nothing (stopwords).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz, process

from bot.schema import Vocabulary

MAX_TOKENS = 60
FIGURE = "figure"
IGNORED = "ignored"
HINT = "~"
SMALL_NUMBER = 10
NUMBER_TOLERANCE = 0.05

NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "thousand": "1000",
}
MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)")
URL = re.compile(r"https?://\S+")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|%|\+")
_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=8192)
def normalise(text: str, limit: int | None = None) -> tuple[str, ...]:
    """Lowercased word tokens with "%" and "+" kept as tokens, thousands separators dropped, number words as digits.

    ``limit`` caps the number of tokens (a member's question; knowledge texts are read whole)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = URL.sub(" ", MENTION.sub(" ", text))
    text = THOUSANDS.sub("", text).replace("’", "'").replace("'s ", " ").replace("'", "")
    tokens = TOKEN.findall(text)[:limit]
    return tuple(NUMBER_WORDS.get(token, token) for token in tokens)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a word: tweets -> tweet, reviewed -> review; numbers stay as they are."""
    return word if not word.isalpha() else _STEMMER.stemWord(word)


def is_number(word: str) -> bool:
    return word.replace(".", "", 1).isdigit()


@dataclass(frozen=True)
class Analysis:
    """What a text says, as the matcher sees it."""

    terms: tuple[frozenset[str], ...]
    figure: bool
    hints: frozenset[str]
    counted: frozenset[str] = frozenset()


class Lexicon:
    """The phrase table built from the vocabulary plus the knowledge base's own words."""

    def __init__(self, vocabulary: Vocabulary, extra_phrases: Iterable[str] = ()) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.stemmed: dict[tuple[str, ...], set[str]] = {}
        self.spellings: dict[str, str] = {}
        self.stems: set[str] = set()
        self.numbers: set[str] = set()
        for canonical, variants in vocabulary.synonyms.items():
            term = self.canonical(canonical)
            for variant in (canonical, *variants):
                self._add(variant, term)
        for part, words in vocabulary.parts.items():
            for word in words:
                self._add(word, f"@{part}")
        for word in vocabulary.figure_words:
            self._add(word, FIGURE)
        for word in vocabulary.generic_words:
            self._add(word, HINT + self.canonical(word))
        for word in vocabulary.stopwords:
            self._add(word, IGNORED)
        for phrase in extra_phrases:
            if len(normalise(phrase)) > 1:
                self._add(phrase, self.canonical(phrase))
        self._starts: dict[str, int] = {}
        self._by_initial: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.counted_words = vocabulary.counted_words
        self._index_cache: dict[str, frozenset[str]] = {}
        self.counted: frozenset[str] = frozenset()

    @staticmethod
    def canonical(phrase: str) -> str:
        """The single term a phrase stands for: its stems joined ("google plus" -> "googl plus")."""
        return " ".join(stem(word) for word in normalise(phrase))

    def _add(self, phrase: str, meaning: str) -> None:
        raw = normalise(phrase)
        if not raw:
            return
        self.phrases[raw].add(meaning)
        for word in raw:
            self._know(word)

    def _know(self, word: str) -> None:
        self.spellings.setdefault(word, stem(word))
        self.stems.add(stem(word))

    def learn(self, texts: Iterable[str]) -> None:
        """Make the knowledge base's own words known, so they are never 'corrected' into something else."""
        words: set[str] = set()
        for text in set(texts):
            words.update(normalise(text))
        for word in words:
            if is_number(word):
                self.numbers.add(word)
            else:
                self._know(word)

    def freeze(self) -> None:
        """Index phrases by stems and known spellings by first letter (call once, after :meth:`learn`).

        A stem stands for a phrase only when every phrase with that stem means the same: "attendance" must not
        become "attended" (present), nor "researchers" (authors) swallow "research".
        """
        by_stem: dict[tuple[str, ...], list[frozenset[str]]] = defaultdict(list)
        for key, meanings in self.phrases.items():
            by_stem[tuple(stem(word) for word in key)].append(frozenset(meanings))
        for word in self.spellings:
            if (word,) not in self.phrases and (stem(word),) in by_stem:
                by_stem[(stem(word),)].append(frozenset((stem(word),)))
        self.stemmed = {key: set(found[0]) for key, found in by_stem.items() if len(set(found)) == 1}
        self._starts.clear()
        for key in (*self.phrases, *self.stemmed):
            self._starts[key[0]] = max(self._starts.get(key[0], 0), len(key))
        self.counted = frozenset(term for word in self.counted_words for term in _flatten(self.analyse(word)))
        self._by_initial.clear()
        for spelling in self.spellings:
            if spelling.isalpha() and len(spelling) >= 4:
                self._by_initial[(spelling[0], len(spelling))].append(spelling)

    def correct(self, word: str) -> str | None:
        """The known spelling ``word`` is a typo of, or None: same first letter, close spelling, or vowels dropped."""
        if len(word) < 4 or not word.isalpha():
            return None
        choices = [c for size in range(len(word) - 3, len(word) + 4) for c in self._by_initial.get((word[0], size), ())]
        if not choices:
            return None
        cutoff = 80 if len(word) <= 6 else 88
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is not None:
            return best[0]
        abbreviations = [c for c in choices if len(word) >= 0.6 * len(c) and _is_subsequence(word, c)]
        stems = {self.spellings[c] for c in abbreviations}
        return min(abbreviations, key=len) if len(stems) == 1 else None

    def _number(self, word: str) -> str | None:
        """A number as a term: itself if the knowledge base has it, a near figure ("20-something" ~ 21), or nothing
        for a small number the knowledge base does not state ("which two challenges")."""
        value = float(word)
        if value <= SMALL_NUMBER:
            return None
        if word in self.numbers:
            return word
        if 1900 <= value <= 2100:
            return word
        near = [n for n in self.numbers if abs(float(n) - value) <= max(1.0, NUMBER_TOLERANCE * float(n))]
        if near:
            return min(near, key=lambda n: abs(float(n) - value))
        return word

    def _spell(self, words: tuple[str, ...]) -> list[str]:
        """Words as written, each unknown one replaced by the known spelling it is a typo of, if any."""
        return [self.correct(word) or word
                if word not in self.spellings and word.isalpha() and stem(word) not in self.stems else word
                for word in words]

    def index_terms(self, text: str) -> frozenset[str]:
        """The terms of a knowledge text, hints included: its phrases and, so that a phrase never hides them, the
        words inside each phrase. The text is taken as written (it is the spelling questions are corrected to), and
        part-of-study words in it are plain words: which part a text is, its unit says."""
        found = self._index_cache.get(text)
        if found is None:
            words = normalise(text)
            stems = [stem(word) for word in words]
            terms: set[str] = set()
            index = 0
            while index < len(words):
                size, meanings = self._phrase_at(words, stems, index)
                if meanings is not None:
                    terms.update(meaning for meaning in meanings if meaning not in (FIGURE, IGNORED) and meaning[0] != "@")
                    if size > 1:
                        for word in words[index:index + size]:
                            terms |= self.index_terms(word)
                elif is_number(words[index]):
                    terms.update(filter(None, (self._number(words[index]),)))
                elif words[index] not in ("%", "+"):
                    terms.add(stems[index])
                index += size
            found = self._index_cache[text] = frozenset(terms)
        return found

    def forget_texts(self) -> None:
        """Drop the knowledge texts' terms once the index holds them: questions never need them again."""
        self._index_cache.clear()

    def analyse(self, text: str, limit: int | None = MAX_TOKENS) -> Analysis:
        """Split ``text`` into content terms (each a set of alternatives), a figure cue, hints and what is counted."""
        words = self._spell(normalise(text, limit))
        stems = [stem(word) for word in words]
        terms: list[frozenset[str]] = []
        hints: set[str] = set()
        figure = False
        chunks: list[tuple[str, frozenset[str]]] = []
        index = 0
        while index < len(words):
            size, meanings = self._phrase_at(words, stems, index)
            if meanings is None:
                word = words[index]
                if word == "%":
                    figure = True
                    chunks.append((FIGURE, frozenset()))
                elif is_number(word):
                    number = self._number(word)
                    if number:
                        terms.append(frozenset((number,)))
                        chunks.append(("named", terms[-1]))
                elif word != "+":
                    terms.append(frozenset((stems[index],)))
                    chunks.append(("named", terms[-1]))
            else:
                content = frozenset(m for m in meanings if m not in (FIGURE, IGNORED) and not m.startswith(HINT))
                hints.update(m for m in meanings if m.startswith(HINT))
                figure = figure or FIGURE in meanings
                if content:
                    terms.append(content)
                kind = FIGURE if FIGURE in meanings else IGNORED if meanings <= {IGNORED} else "named"
                chunks.append((kind, frozenset(meanings)))
            index += size
        return Analysis(tuple(terms), figure, frozenset(hints), _counted(chunks, self.counted))

    def _phrase_at(self, words: list[str], stems: list[str], index: int) -> tuple[int, set[str] | None]:
        """The longest phrase starting at ``index``, as written or by stems."""
        longest = max(self._starts.get(words[index], 0), self._starts.get(stems[index], 0))
        for size in range(min(longest, len(words) - index), 0, -1):
            meanings = self.phrases.get(tuple(words[index:index + size])) or self.stemmed.get(
                tuple(stems[index:index + size]))
            if meanings:
                return size, meanings
        return 1, None


def _counted(chunks: list[tuple[str, frozenset[str]]], counted_words: frozenset[str]) -> frozenset[str]:
    """What a figure cue counts: the head of the one or two named words right after it.

    "how many speakers were ..." -> speakers; "% of emergency physicians" -> physicians; "how often was learner
    participation ..." -> participation (learner only qualifies it); "% tried to build empathy in learners" -> empathy.
    Stopwords right after the cue ("of the") are skipped; after a named word they end the phrase.
    """
    for index, (kind, _) in enumerate(chunks):
        if kind != FIGURE:
            continue
        named: list[frozenset[str]] = []
        for later_kind, meanings in chunks[index + 1:]:
            if later_kind == IGNORED and not named:
                continue
            if later_kind != "named" or len(named) == 2:
                break
            named.append(meanings)
        if named and named[-1] & counted_words:
            return named[-1] & counted_words
    return frozenset()


def _flatten(analysis: Analysis) -> set[str]:
    return {term for alternatives in analysis.terms for term in alternatives} | analysis.hints


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)
