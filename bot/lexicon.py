"""Turn any text (a member's question or a knowledge record) into the terms the matcher compares.

Both sides go through the same steps, so "fb", "Facebook" and "faceboook" all become the term ``facebook``:
normalise (Unicode, case, punctuation, "%", numbers written as words), correct typos against the words the knowledge
base and vocabulary know, then replace phrases from knowledge/vocabulary.yaml (longest first; a phrase is looked up as
written, then by word stems, so "reviewed" finds "review"). A word no phrase claims becomes its Snowball stem.

Each phrase has a :class:`TermKind`: content (what the question is about), a part of a source (limitations,
citation, ...), a figure cue (asks for a number), a hint (a generic domain word such as "studies": it may break a tie
but never decides), or ignored (stopwords).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.schema import Vocabulary
from bot.wordstats import is_english, spelling_variants

MAX_TOKENS = 60         # words of a question the matcher reads
MAX_CHARS = 2000        # characters of a question normalised (a Discord question is at most 500)
SMALL_NUMBER = 10       # numbers up to this are counts in prose ("which two challenges"), not figures
NUMBER_TOLERANCE = 0.05  # "20-something %" finds 21%
DETERMINERS = {"of", "the", "a", "an", "all", "these", "those", "their", "its", "our", "any", "each", "every"}
FAMILY_PREFIX = 4       # letters two stems of one word family share at least
SHUFFLED = 5            # letters of a typo read as a known word's letters out of order at least ("analisys", "stpes")
NEAR = 5                # close spellings of a typo weighed by edits, of those rapidfuzz finds
PREFIXES = {"de", "re", "un", "non", "pre", "post", "co", "sub", "anti", "inter", "multi", "micro", "mis", "dis"}
COMPOUND_HEAD = 5       # letters of a known word that ends an unknown compound at least ("overnight": night)
INFLECTION = 3          # letters an inflection adds to a word at most ("s", "ed", "ing")
ADJECTIVE_ENDINGS = ("ive", "able", "ible", "ful", "ous", "ic", "ical", "ent", "ant")  # "more interactive"
# endings that make another word of a word ("presenters" of "present", "useful" of "use")
DERIVED = {"r", "rs", "or", "ors", "ment", "ments", "ity", "ities", "ful", "fully", "less"}

NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "thousand": "1000", "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth",
}
# a mention, as Discord sends it ("<@123>") or as typed ("@MedBot", "@everyone"); not the "@" of an address
MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|(?<!\S)@\w[\w.-]*")
URL = re.compile(r"https?://\S+")
UNITED_STATES = re.compile(r"\bU\.?S\.?(?:A\b\.?)?(?![\w.])|\bU\.S\.A?\.?")  # "US" in capitals is a country, not "us"
PERCENTAGES = re.compile(r"%s\b")  # "the challenges + %s": their percentages
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
LETTERS_THEN_NUMBER = re.compile(r"([a-z]+)(\d+)")  # "pgy1"
P_VALUE = re.compile(r"\bp\s*(?=[=<>≤≥]\s*0?\.\d)")  # "p=0.27", "p < .05": a p value, as written out
TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|%|\+")
_STEMMER = Stemmer.Stemmer("english")


class TermKind(Enum):
    """What a word or phrase does in a question."""

    CONTENT = "content"
    PART = "part"
    FIGURE = "figure"
    HINT = "hint"
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class Meaning:
    """One meaning of a phrase: its kind and its canonical value (a term, a part's name, or "" for a cue)."""

    kind: TermKind
    value: str = ""


FIGURE_CUE = Meaning(TermKind.FIGURE)
IGNORED = Meaning(TermKind.IGNORED)
# the last word of a study's name that says it is a publication ("the Reddit *study*"), and the words members call one
PAPER_WORDS = frozenset(("study", "paper", "article", "analysis", "survey", "trial", "review", "publication"))
CALLED = ("study", "paper", "article", "one", "publication")


@lru_cache(maxsize=8192)
def normalise(text: str, limit: int | None = None) -> tuple[str, ...]:
    """Lowercased word tokens with "%" and "+" kept as tokens, thousands separators dropped, number words as digits.

    ``limit`` caps the number of tokens (a member's question, read from its first :data:`MAX_CHARS` characters);
    knowledge texts are read whole."""
    if limit is not None:
        text = text[:MAX_CHARS]
    text = UNITED_STATES.sub(" usa ", unicodedata.normalize("NFKC", text)).casefold()
    text = URL.sub(" ", MENTION.sub(" ", text))
    text = THOUSANDS.sub("", text).replace("’", "'").replace("'s ", " ").replace("'", "")
    text = PERCENTAGES.sub(" percentages", text)
    text = P_VALUE.sub(" p value ", text)
    tokens = TOKEN.findall(text)[:limit]
    return tuple(NUMBER_WORDS.get(token, token) for token in tokens)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a word: tweets -> tweet, reviewed -> review; numbers stay as they are."""
    return word if not word.isalpha() else _STEMMER.stemWord(word)


def is_number(word: str) -> bool:
    """Whether a token is a number ("71", "41.5")."""
    return word.replace(".", "", 1).isdigit()


@dataclass(frozen=True, slots=True)
class Term:
    """One thing a question names: content ``terms`` (any of which a unit may hold) or the ``parts`` of a source it
    asks for, and the words as the member ``wrote`` them (for word statistics and for ``--explain``).

    ``of_population`` marks a number that sizes a population ("the 14 studies", "212 speakers"): it is a
    denominator, never a figure's value. ``spelled`` is what a misspelt word was read as ("sources" of "sorces")."""

    terms: frozenset[str]
    wrote: str
    parts: frozenset[str] = frozenset()
    of_population: bool = False
    spelled: str = ""


@dataclass(frozen=True)
class Analysis:
    """What a text says, as the matcher sees it.

    ``asked_count`` is what a figure cue asks to count ("how many *speakers*", "% of *residents*"), as terms, and
    ``asked_count_word`` the word as written. ``figure_topics`` are figure cues that are topics too ("grown in
    *popularity*"), and ``figure_only_as_topic`` says every figure cue is one of those.
    """

    terms: tuple[Term, ...]
    figure: bool
    hints: frozenset[str]
    asked_count: frozenset[str] = frozenset()
    asked_count_word: str = ""
    figure_topics: frozenset[str] = frozenset()
    figure_only_as_topic: bool = False
    kinds: frozenset[str] = frozenset()

    @property
    def asked(self) -> frozenset[str]:
        """Every term the question's words stand for."""
        return frozenset().union(*(term.terms for term in self.terms))


@dataclass(frozen=True)
class IndexedText:
    """A knowledge text's content terms and its hints (generic words such as "studies")."""

    terms: frozenset[str]
    hints: frozenset[str]


class Lexicon:
    """The phrase table built from the vocabulary plus the knowledge base's own words; build one with :meth:`build`."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.phrases: dict[tuple[str, ...], set[Meaning]] = defaultdict(set)
        self.stemmed: dict[tuple[str, ...], frozenset[Meaning]] = {}
        self.shared_stems: dict[tuple[str, ...], list[tuple[tuple[str, ...], frozenset[Meaning]]]] = {}
        self.spellings: dict[str, str] = {}
        self.text_words: set[str] = set()
        self.stems: set[str] = set()
        self.numbers: set[str] = set()
        self.populations: frozenset[str] = frozenset()
        self._population_words = vocabulary.counted_words
        self._starts: dict[str, int] = {}
        self._by_initial: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._by_letters: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._stems_by_start: dict[str, list[str]] = defaultdict(list)
        self._stemmed_phrases: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for canonical, variants in vocabulary.synonyms.items():
            meaning = Meaning(TermKind.CONTENT, self.canonical(canonical))
            for variant in (canonical, *variants):
                self._add(variant, meaning)
        for part, words in vocabulary.parts.items():
            for word in words:
                self._add(word, Meaning(TermKind.PART, part))
        for word in vocabulary.figure_words:
            self._add(word, FIGURE_CUE)
        self.hints = frozenset(self.canonical(word) for word in vocabulary.generic_words)
        for word in vocabulary.generic_words:
            self._add(word, Meaning(TermKind.HINT, self.canonical(word)))
        for word in vocabulary.stopwords:
            self._add(word, IGNORED)
        self.part_heads = _part_heads(vocabulary.parts)
        self.part_verbs = _part_verbs(vocabulary.parts)
        self.topics = frozenset(self._topic(topic) for topic in vocabulary.topics)
        for topic in vocabulary.topics:
            self._add(topic, Meaning(TermKind.CONTENT, self._topic(topic)))

    @classmethod
    def build(cls, vocabulary: Vocabulary, studies: Iterable[tuple[str, ...]], texts: Iterable[str],
              journals: Iterable[str] = ()) -> Lexicon:
        """A ready lexicon: the vocabulary, the names of ``studies`` (each study's own) and the ``journals`` they
        appeared in as phrases (a journal is named whole: "Med Educ Technol" is no question about technology), and
        every word of ``texts`` (the knowledge base) known, so that it is never 'corrected' into something else."""
        lexicon = cls(vocabulary)
        studies = list(studies)
        names = [name for study in studies for name in study]
        for name in (*names, *journals):
            lexicon._add(name, Meaning(TermKind.CONTENT, cls.canonical(name)))
        lexicon._learn(texts)
        lexicon._add_initials(names)
        lexicon._add_paper_words(studies)
        lexicon._index()
        return lexicon

    def _add_paper_words(self, studies: list[tuple[str, ...]]) -> None:
        """A study named "X study" or "X survey" is also "the X paper", "the X article" and "the X one", when no
        other study is named so."""
        by_variant: dict[tuple[str, ...], dict[int, str]] = defaultdict(dict)
        for index, names in enumerate(studies):
            for name in names:
                words = normalise(name)
                if len(words) >= 2 and words[-1] in PAPER_WORDS:
                    for word in CALLED:
                        by_variant[(*words[:-1], word)].setdefault(index, self.canonical(name))
        for variant, named in by_variant.items():
            if len(named) == 1 and variant not in self.phrases:
                self._add(" ".join(variant), Meaning(TermKind.CONTENT, next(iter(named.values()))))

    def _add_initials(self, names: list[str]) -> None:
        """Initials of a study's name of several words ("jc" for "journal club"), when no other name has them and
        they are no word the knowledge base or the vocabulary knows ("it", "or" are stopwords there)."""
        by_initials: dict[str, set[str]] = defaultdict(set)
        for name in names:
            words = [word for word in normalise(name) if word.isalpha()]
            if len(words) >= 2:
                by_initials["".join(word[0] for word in words)].add(self.canonical(name))
        for initials, meanings in by_initials.items():
            if len(meanings) == 1 and not self.known(initials):
                self._add(initials, Meaning(TermKind.CONTENT, meanings.pop()))

    def _topic(self, topic: str) -> str:
        """A topic's term: its synonym's canonical term if the vocabulary has one, else its own."""
        meanings = self.phrases.get(normalise(topic), set())
        return next((m.value for m in meanings if m.kind is TermKind.CONTENT), self.canonical(topic))

    @staticmethod
    def canonical(phrase: str) -> str:
        """The single term a phrase stands for: its stems joined ("google plus" -> "googl plus")."""
        return " ".join(stem(word) for word in normalise(phrase))

    def _add(self, phrase: str, meaning: Meaning) -> None:
        raw = normalise(phrase)
        if not raw:
            return
        self.phrases[raw].add(meaning)
        for word in raw:
            self._know(word)

    def _know(self, word: str) -> None:
        self.spellings.setdefault(word, stem(word))
        self.stems.add(stem(word))

    def _learn(self, texts: Iterable[str]) -> None:
        words: set[str] = set()
        for text in set(texts):
            words.update(normalise(text))
        for word in words:
            if is_number(word):
                self.numbers.add(word)
            else:
                self._know(word)
                self.text_words.add(word)

    def _index(self) -> None:
        """Index phrases by stems and known spellings by first letter and length.

        A stem stands for a phrase only when every phrase with that stem means the same: "attendance" must not
        become "attended" (present), nor "researchers" (authors) swallow "research" (a known word that is a phrase
        plus an ending, "limitations", is that phrase). Where they differ, the spelling closest to the one written
        decides (:meth:`_closest_spelling`).
        """
        by_stem: dict[tuple[str, ...], list[tuple[tuple[str, ...], frozenset[Meaning]]]] = defaultdict(list)
        for key, meanings in self.phrases.items():
            by_stem[tuple(stem(word) for word in key)].append((key, frozenset(meanings)))
        for word in self.spellings:
            if (word,) not in self.phrases and (stem(word),) in by_stem and not any(
                    _inflects(word, key[0]) for key, _ in by_stem[(stem(word),)]):
                by_stem[(stem(word),)].append(((word,), frozenset((Meaning(TermKind.CONTENT, stem(word)),))))
        for key, found in by_stem.items():
            if len({meanings for _, meanings in found}) == 1:
                self.stemmed[key] = found[0][1]
                self._stemmed_phrases[key] = [phrase for phrase, _ in found]
            else:
                self.shared_stems[key] = found
        for key in (*self.phrases, *self.stemmed, *self.shared_stems):
            self._starts[key[0]] = max(self._starts.get(key[0], 0), len(key))
        self.populations = frozenset(value for word in self._population_words for value in self._values(word))
        for known in self.stems:
            if len(known) >= FAMILY_PREFIX:
                self._stems_by_start[known[:FAMILY_PREFIX]].append(known)
        for spelling in self.spellings:
            if spelling.isalpha() and len(spelling) >= 3:
                self._by_initial[(spelling[0], len(spelling))].append(spelling)
                self._by_letters[_letters(spelling)].append(spelling)

    def _values(self, text: str) -> set[str]:
        indexed = self.index_terms(text)
        return set(indexed.terms | indexed.hints)

    def correct(self, word: str) -> str | None:
        """The known spelling ``word`` is a typo or a short form of, or None.

        A typo: same first letter and a close spelling ("faceboook"), or the same letters out of order ("analisys").
        A short form: the word's letters in order within one known word ("spkrs", "pgs", "yr"), or its start ("opp",
        "collab"); it counts only when every such known word has one stem, or every such word of the knowledge texts
        has ("dev" is "development" there, though the vocabulary knows "deviation"), so an ambiguous short form stays
        as written. A common English word is never corrected: "exam" is not a typo of "examine".
        """
        if len(word) < 2 or not word.isalpha() or is_english(word):
            return None
        closest: list[tuple[float, str]] = []
        for typed in (word, word[:-1]) if word.endswith("s") else (word,):  # the list holds "limitation", folded
            if len(typed) < 4:
                continue
            anagrams = self._by_letters.get(_letters(typed), [])
            if len(word) >= SHUFFLED and len({self.spellings[c] for c in anagrams}) == 1:  # "analisys": out of order
                closest.append((OSA.normalized_similarity(typed, anagrams[0]), anagrams[0]))
            choices = [c for size in range(len(typed) - 3, len(typed) + 4)
                       for c in self._by_initial.get((typed[0], size), ())]
            cutoff = 80 if len(typed) <= 6 else 85 if len(typed) <= 8 else 88
            near = process.extract(typed, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=NEAR) if choices else []
            closest += [(OSA.normalized_similarity(typed, spelling), spelling) for spelling, _, _ in near]
        if closest:  # the closest spelling by edits, a swap of two letters being one ("stpes": "steps", not "sites"),
            # as written or without its plural "s" ("sorces": "sources", not the anagram "scores")
            return max(closest)[1]
        for short in (word, word[:-1]) if word.endswith("s") and len(word) > 3 else (word,):  # "opps" of "opp"
            longer = [c for (initial, size), spellings in self._by_initial.items()
                      if initial == short[0] and size > len(short) for c in spellings]
            short_forms = [c for c in longer if c.startswith(short) or (
                len(short) >= 0.4 * len(c) and _is_subsequence(short, c) and not _vowel(short[-1]))]
            stems = {self.spellings[c] for c in short_forms}
            in_texts = [c for c in short_forms if c in self.text_words]
            started = [c for c in in_texts if c.startswith(short)]  # "mor" is "more" before it is "major"
            if len(stems) > 1 and len({self.spellings[c] for c in started}) == 1:
                return min(started, key=len)
            if len(stems) > 1 and len({self.spellings[c] for c in in_texts}) == 1:  # the knowledge base's own word
                short_forms, stems = in_texts, {self.spellings[in_texts[0]]}
            if len(stems) == 1:
                return min(short_forms, key=len)
        return None

    def known(self, word: str) -> bool:
        """Whether the vocabulary or the knowledge base has this word (as written or as a stem)."""
        return word in self.spellings or stem(word) in self.stems

    def name_terms(self, name: str) -> frozenset[str]:
        """The terms a study's name stands for as a whole: "ICEM 2012" is one name, not "ICEM" and "2012"."""
        terms = self.analyse(name, limit=None).terms
        if len(terms) == 1:
            return terms[0].terms
        return frozenset((self.canonical(name),))

    def _relatives(self, stem_: str) -> tuple[str, ...]:
        """Known stems of the same word family as an unknown one: Snowball leaves "exam" and "examination" (examin),
        "prepped" (prep) and "preparing" (prepar) apart. One must begin the other, sharing at least
        :data:`FAMILY_PREFIX` letters. An unknown compound also has the longest known word it ends with after a word
        or a prefix ("overnight": night, "deidentification": identification; "acknowledged" holds no "knowledge")."""
        if stem_ in self.stems or len(stem_) < FAMILY_PREFIX or not stem_.isalpha():
            return ()
        family = tuple(known for known in self._stems_by_start.get(stem_[:FAMILY_PREFIX], ())
                       if known.startswith(stem_) or stem_.startswith(known))
        heads = [stem_[start:] for start in range(2, len(stem_) - COMPOUND_HEAD + 1) if stem_[start:] in self.stems
                 and (stem_[:start] in PREFIXES or start >= 3 and is_english(stem_[:start]))]
        return family + tuple(heads[:1])

    def terms_of(self, words: str) -> frozenset[str]:
        """Every term some words stand for ("platform" -> tool)."""
        return self.analyse(words).asked

    def field_topic(self, terms: frozenset[str]) -> bool:
        """Whether any of ``terms`` is a synonym's canonical term in the vocabulary (a topic of the field)."""
        return not terms.isdisjoint(self.topics)

    def _number(self, word: str) -> str | None:
        """A number as a term: itself if the knowledge base has it, a near figure ("20-something" ~ 21), or nothing
        for a small number the knowledge base does not state ("which two challenges")."""
        value = float(word)
        if value <= SMALL_NUMBER:
            return None
        if word in self.numbers or 1900 <= value <= 2100:
            return word
        near = [n for n in self.numbers if abs(float(n) - value) <= max(1.0, NUMBER_TOLERANCE * float(n))]
        if near:
            return min(near, key=lambda n: abs(float(n) - value))
        return word

    def _joined(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """A word and the number after it written together when the knowledge base writes them so ("step 1" is its
        "Step1")."""
        out: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            following = words[index + 1] if index + 1 < len(words) else ""
            if word.isalpha() and following.isdigit() and word + following in self.text_words:
                out.append(word + following)
                index += 2
            else:
                out.extend(self._apart(word))
                index += 1
        return tuple(out)

    def _apart(self, word: str) -> tuple[str, ...]:
        """A word and a number written together that the knowledge base writes apart ("pgy1" is its "PGY-1")."""
        found = LETTERS_THEN_NUMBER.fullmatch(word)
        if self.known(word) or not found or found.group(1) not in self.text_words:
            return (word,)
        return found.groups()

    def _spell(self, words: tuple[str, ...]) -> list[str]:
        """Words as written, each unknown one replaced by the known spelling it is a British or American spelling of,
        or a typo of, if any."""
        return [word if self.known(word) or not word.isalpha() else self._respelled(word) or self.correct(word) or word
                for word in words]

    def _respelled(self, word: str) -> str | None:
        """The knowledge base's spelling of a word written the other side of the Atlantic ("randomised")."""
        return next((other for other in spelling_variants(word) if self.known(other)), None)

    def index_terms(self, text: str) -> IndexedText:
        """The terms of a knowledge text: its phrases and, so that a phrase never hides them, the words inside each
        phrase. The text is taken as written (it is the spelling questions are corrected to), and part-of-source
        words in it are plain words: which part a text is, its unit says."""
        words = normalise(text)
        stems = [stem(word) for word in words]
        terms: set[str] = set()
        hints: set[str] = set()
        index = 0
        while index < len(words):
            size, meanings = self._phrase_at(words, stems, index)
            if meanings is not None:
                terms.update(m.value for m in meanings if m.kind is TermKind.CONTENT)
                hints.update(m.value for m in meanings if m.kind is TermKind.HINT)
                if all(m.kind is TermKind.PART for m in meanings):
                    terms.update(stems[index:index + size])
                for word in words[index:index + size] if size > 1 else ():
                    inner = self.index_terms(word)
                    terms |= inner.terms
                    hints |= inner.hints
            elif is_number(words[index]):
                terms.update(filter(None, (self._number(words[index]),)))
            elif words[index] not in ("%", "+"):
                terms.add(stems[index])
            index += size
        return IndexedText(frozenset(terms), frozenset(hints))

    def analyse(self, text: str, limit: int | None = MAX_TOKENS) -> Analysis:
        """Split ``text`` into terms, a figure cue, hints and what the figure asked for counts."""
        written = self._joined(normalise(text, limit))
        words = self._spell(written)
        stems = [stem(word) for word in words]
        terms: list[Term] = []
        hints: set[str] = set()
        figure = False
        plain_cue = False
        figure_topics: set[str] = set()
        chunks: list[tuple[TermKind, frozenset[str], str]] = []
        index = 0
        while index < len(words):
            size, meanings = self._phrase_at(words, stems, index)
            wrote = " ".join(written[index:index + size])
            if meanings is None:
                word = words[index]
                if word == "%":
                    figure = plain_cue = True
                    chunks.append((TermKind.FIGURE, frozenset(), wrote))
                elif is_number(word):
                    number = self._number(word)
                    if number:
                        terms.append(Term(frozenset((number,)), wrote))
                        chunks.append((TermKind.CONTENT, terms[-1].terms, wrote))
                elif word != "+":
                    terms.append(Term(frozenset((stems[index], *self._relatives(stems[index]))), wrote))
                    chunks.append((TermKind.CONTENT, terms[-1].terms, wrote))
            else:
                content = frozenset(m.value for m in meanings if m.kind is TermKind.CONTENT)
                parts = frozenset(m.value for m in meanings if m.kind is TermKind.PART)
                hinted = frozenset(m.value for m in meanings if m.kind is TermKind.HINT)
                hints |= hinted
                if FIGURE_CUE in meanings and _comparative(words[index:index + size + 1]):
                    meanings = frozenset((IGNORED,))  # "more interactive": a quality, no number
                figure = figure or FIGURE_CUE in meanings
                if FIGURE_CUE in meanings and content:
                    figure_topics |= content
                elif FIGURE_CUE in meanings:
                    plain_cue = True
                if content or parts:
                    spelled = " ".join(words[index:index + size])
                    terms.append(Term(content, wrote, parts, spelled="" if spelled == wrote else spelled))
                kind = (TermKind.FIGURE if FIGURE_CUE in meanings else
                        TermKind.IGNORED if meanings <= {IGNORED} else TermKind.CONTENT)
                chunks.append((kind, content | hinted, wrote))
            index += size
        terms = _mark_populations(terms, chunks, self.populations)
        named = [found for cue in _after_figure_cues(chunks) for found in cue]
        populations = [(values & self.populations, wrote) for values, wrote in named if values & self.populations]
        asked_count, asked_count_word = (populations or named or [(frozenset(), "")])[-1]
        return Analysis(tuple(terms), figure, frozenset(hints), asked_count, asked_count_word, frozenset(figure_topics),
                        figure and not plain_cue)

    def _phrase_at(self, words: list[str] | tuple[str, ...], stems: list[str],
                   index: int) -> tuple[int, frozenset[Meaning] | None]:
        """The longest phrase starting at ``index``, as written or by stems."""
        longest = max(self._starts.get(words[index], 0), self._starts.get(stems[index], 0))
        for size in range(min(longest, len(words) - index), 0, -1):
            written = tuple(words[index:index + size])
            meanings = self.phrases.get(written) or self._by_stems(written, tuple(stems[index:index + size])) or \
                self._closest_spelling(written, tuple(stems[index:index + size]))
            if meanings:
                return size, frozenset(meanings)
        return 1, None

    def _by_stems(self, written: tuple[str, ...], stems: tuple[str, ...]) -> frozenset[Meaning] | None:
        """The meaning of the phrase with these stems, when each word is written as an inflection of the phrase's
        word, not a word derived from it ("presenters on" is no "present on", "recruiters" no "recruit": Snowball
        stems them alike)."""
        meanings = self.stemmed.get(stems)
        if meanings is None:
            return meanings
        fits = any(all(map(_inflected, written, phrase)) for phrase in self._stemmed_phrases.get(stems, ()))
        return meanings if fits else None

    def _closest_spelling(self, written: tuple[str, ...], stems: tuple[str, ...]) -> frozenset[Meaning] | None:
        """Of the phrases sharing a stem with different meanings, the one ``written`` is an inflection of: "limitations"
        is the part "limitation", not the figure word "limit". None when that is not one phrase ("promoting" is
        neither "promote" nor "promotion": it stays its stem)."""
        inflected = {meanings for key, meanings in self.shared_stems.get(stems, ())
                     if _inflects(" ".join(written), " ".join(key))}
        return next(iter(inflected)) if len(inflected) == 1 else None


def _part_heads(parts: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """The word that heads a part's "X of the study" phrase ("aim" of "aim of the study": objective), by stem: the
    part that word asks for when a study's name splits the phrase ("the aim of the Neill study")."""
    return _parts_by_word(parts, lambda words: words[0] if words[1:] == ("of", "the", "study") else "")


def _part_verbs(parts: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """The verb of a part's "what did they X" phrase, by stem ("ask" of "what did they ask": questions): the part
    that verb asks for when a study is its subject ("did the review ask about ...?")."""
    return _parts_by_word(parts, lambda words: words[3] if len(words) == 4 and words[:3] in (
        ("what", "did", "they"), ("what", "did", "it")) else "")


def _parts_by_word(parts: dict[str, tuple[str, ...]],
                   word_of: Callable[[tuple[str, ...]], str]) -> dict[str, frozenset[str]]:
    """The parts whose phrases ``word_of`` picks a word from (normalised; "" for none), by that word's stem."""
    found: dict[str, set[str]] = defaultdict(set)
    for part, phrases in parts.items():
        for phrase in phrases:
            word = word_of(normalise(phrase))
            if word:
                found[stem(word)].add(part)
    return {key: frozenset(named) for key, named in found.items()}


def _mark_populations(terms: list[Term], chunks: list[tuple[TermKind, frozenset[str], str]],
                      populations: frozenset[str]) -> list[Term]:
    """Mark each number written just before a population word ("14 studies") as sizing that population."""
    sizes = {chunk[2] for chunk, after in zip(chunks, chunks[1:], strict=False)
             if is_number(chunk[2]) and after[1] & populations}
    return [replace(term, of_population=True) if term.wrote in sizes else term for term in terms]


def _after_figure_cues(chunks: list[tuple[TermKind, frozenset[str], str]]) -> list[list[tuple[frozenset[str], str]]]:
    """For each figure cue, the one or two named words right after it, as terms and as written: what it counts.

    "how many speakers were ..." -> speakers; "% of emergency physicians" -> emergency, physicians. Determiners right
    after the cue ("of the") are skipped; any other word ends the phrase ("% said they ..." counts nothing named), and
    so does a verb form after a noun ("% of studies pointed to ..." counts studies).
    """
    found = []
    for index, (kind, _, _) in enumerate(chunks):
        if kind is not TermKind.FIGURE:
            continue
        named: list[tuple[frozenset[str], str]] = []
        for later_kind, values, wrote in chunks[index + 1:]:
            if later_kind is TermKind.IGNORED and not named and wrote in DETERMINERS:
                continue
            if later_kind is not TermKind.CONTENT or len(named) == 2 or not values or (named and _verb_form(wrote)):
                break
            named.append((values, wrote))
        if named:
            found.append(named)
    return found


def _inflects(word: str, phrase: str) -> bool:
    """Whether ``word`` is ``phrase`` plus at most an inflection's ending ("limitations" of "limitation")."""
    return word.startswith(phrase) and len(word) - len(phrase) <= INFLECTION


def _inflected(word: str, base: str) -> bool:
    """Whether ``word`` may be ``base`` written another way ("tweets", "tweeting", "studies"), not a word derived from
    it that means something else ("presenters" of "present", "organisers" of "organise")."""
    rest = word[len(os.path.commonprefix((word, base))):]
    return rest.lstrip("e") not in DERIVED


def _comparative(words: list[str] | tuple[str, ...]) -> bool:
    """Whether "more"/"less" qualifies an adjective ("more interactive", "less useful"), not a number."""
    return len(words) == 2 and words[0] in ("more", "less") and words[1].endswith(ADJECTIVE_ENDINGS)


def _verb_form(word: str) -> bool:
    """Whether a word reads as a past tense or participle ("pointed", "tweeted", "set out"), which ends a noun."""
    return word.endswith("ed") and len(word) > 4


def _vowel(letter: str) -> bool:
    return letter in "aeiou"


def _letters(word: str) -> tuple[str, str]:
    """A word's first letter and all its letters in order: two spellings alike here are one word's letters
    shuffled."""
    return word[0], "".join(sorted(word))


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)
