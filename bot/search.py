"""Question -> the part of the knowledge base it asks about, or an honest abstention, with the reason why.

A message is cut into questions (:mod:`bot.message`), and the words of each that say how it is put, not what it
asks, are set aside (:mod:`bot.reading`). A question is then scored against every unit (see :mod:`bot.units`) by how
much of the question's weighted content the unit covers. Terms are weighed by rarity in the knowledge base; a word
the knowledge base has never seen is weighed by how rare it is in English (:mod:`bot.wordstats`), so a plain word ("relied", "crowd") barely counts while a real
topic the base lacks ("Instagram", "retweets", "MERSQI") sinks the question below the line. Naming a study ("review",
"ICEM") scopes the question; asking for a number favours figures. Below :data:`ANSWER_AT` the matcher abstains, and
before answering it checks that the unit holds what is asked (:mod:`bot.asked`).
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bot.answers import Target
from bot.asked import DURATION_UNITS, QUESTION_WORDS, Asked, Request, what_is_asked
from bot.knowledge import KnowledgeBase
from bot.lexicon import MAX_TOKENS, PAPER_WORDS, Analysis, Lexicon, Term, is_number, normalise, stem
from bot.message import contrasted, names_written, ordinal_beyond, ordinal_study, parts, read_message, refers_back
from bot.reading import COMPARING, Reader, is_the_author, unseparated
from bot.scale import NARROW_AT, UnitIndex, collector_paused, part_token
from bot.schema import Part, Source
from bot.units import Unit, UnitBuilder, source_texts
from bot.wordstats import english_rarity

log = logging.getLogger(__name__)

# Scoring. A question's terms are weighed by rarity; a unit keeps a term at full value when the term is one of its
# primary or scope terms, and scales the score by these factors (each raised to the term's share of the weight).
CONTEXT = 0.7           # the term is only around the unit (its group, its denominator)
ONE_LABEL = 0.45        # a group named through one of its statistics: the statistic is the better answer
UNCOVERED = 0.15        # the unit does not have the term at all (nor does the knowledge base, for an unknown word)
BACKGROUND = 0.25       # the term is only in how the unit's study was done (its methods, its objective)
SCOPE_WEIGHT = 0.5      # a study's name weighs half: it says where to look, not what is asked
UNKNOWN_SHARE = 0.01    # an unknown word weighs as much as a word in this share of the units (at least one)
POPULATION_WEIGHT = 0.5  # so does a population ("residents", "speakers"): it says whom, and figures check it apart
OFF_SCOPE = 0.6         # the question names another study
CITED_SCOPE = 0.8       # the question names a post that cites this unit's study
NOT_A_FIGURE = 0.85     # a number is asked for, and this unit holds none
KIND_EXAMPLES = 2       # a finding whose figures name this many topics of the field says what it calls them ("tools")
NOT_A_SHARE = 0.5       # a share is asked for ("what percentage"), and this unit holds no figure
NOT_PEOPLE = 0.6         # "who ..." or "where did X come from": a figure whose label names no people
NAMES_NO_ONE = frozenset((Part.LIMITATIONS,))  # "who ...": "the authors could not ..." names no one
PEOPLE_WORDS = ("people persons individuals attendees non-attendees speakers presenters learners students residents "
                "physicians doctors nurses users followers tweeters members participants faculty authors")
INTENT_WORDS = "aim aims goal goals purpose purposes intent intention objective objectives"  # what was aimed at
NOT_RESULTS = 0.5       # "what did X find?" and this unit is a limitation, a citation or the authors
NOT_RESULT_PARTS = frozenset((Part.LIMITATIONS, Part.CITATION, Part.AUTHORS, Part.AUTHOR, Part.JOURNAL))
UNASKED = 0.5           # a citation, journal or author list, and the question asks for no part of a source
BIBLIOGRAPHIC = frozenset((Part.CITATION, Part.JOURNAL, Part.AUTHORS))
DESCRIBED = 4           # "the Twitter conference study": a study described in a few words before a word for a paper
DESCRIBED_AFTER = 6     # "the study about tweeting at an emergency medicine conference": described after it
DEFINITE = frozenset(("the", "that", "this", "their", "its"))
CITED_PARTS = frozenset(part.value for part in (*BIBLIOGRAPHIC, Part.AUTHOR))  # a source's bibliographic parts
HINT_BONUS = 0.02       # per generic word ("studies") the unit shares: orders near-ties, and breaks ties between studies

# Deciding (ANSWER_AT is fitted on questions written blind from the source: bench/calibrate.py).
ANSWER_AT = 0.58        # below this the matcher abstains
TIE = 0.03              # units this close to the best are answered together (or offered as "did you mean")
SURE = 0.85             # below this, a runner-up within CLOSE is offered instead of guessed
CLOSE = 0.08
MAX_TARGETS = 2
PAIR_GAIN = 0.15        # two units answer together when together they explain this much more than the best alone
PAIRED = 12             # candidates tried as the second of a pair
OTHER_EDITION = {"previous", "prior", "earlier", "next", "following", "later", "upcoming", "subsequent"}  # not "last": an order
EACH_STUDY = {"both", "each", "2"}  # "the two papers", "both studies": a part asked of every study
ORDINAL_COMPOUND = re.compile(r"\b(first|second|third|last)-(?=[a-z])", re.IGNORECASE)  # "first-attempt": no rank
TWO_THINGS = COMPARING | {"and", "both", "with"}  # words that join two things in one question
NAMED_BY_JOURNAL = frozenset((Part.JOURNAL, Part.CITATION))
# parts a study's overview holds: a summary asked and found in one of them unsurely is better answered by the overview
SUMMARISED = frozenset((Part.QUESTIONS, Part.OBJECTIVE, Part.DESIGN, Part.CONCLUSION))
# words that end what a denominator counts and begin which of them ("videos *by* physicians", "people *who* tweeted")
DENOMINATOR_LINKS = frozenset(("by", "who", "that", "which", "in", "on", "of", "with", "from", "at", "to", "for"))
DESCRIBED_BY_DESIGN = frozenset((Part.DESIGN, Part.OVERVIEW, Part.STUDY))  # prose that says how a study was done
COUNTED_WITHIN = 3      # "9 US residency programs": a number and, a few words on, what it counts
FIGURE_PARTS = frozenset((Part.STAT, Part.FINDING))  # a figure pairs with a figure, a part of a source with a part
# a limitation that says something was never measured or recorded: what is asked about it is not in the base
NOT_MEASURED = re.compile(r"\b(?:not|never|unable to|no way to)\s+(?:\w+\s+)?"
                          r"(?:measure|record|confirm|assess|verify|collect|track|capture|know|follow)", re.IGNORECASE)
DURING = "during"       # a figure counted during an event answers nothing about before or after it
NEGATING_PREFIXES = ("un", "non", "dis", "in", "im", "ir")
CITED_CANDIDATES = 200  # units of the studies posts cite, always scored in a large base while this few
NAMED_STUDIES = 3       # a question naming at most this many studies gets all their units as candidates
COUNTED_AIMS = frozenset((Part.OBJECTIVE.value, Part.QUESTIONS.value))  # what a review's studies aimed at or asked
COUNTED_STUDIES = "studies"  # what a review's figures count: their aims are what those studies set out to do
# a sample is asked as who took part or was included ("how many residents took part", "how many studies did it
# include")
TAKING_PART = "take part include"
EXPLAINED = 5           # candidates --explain shows


@dataclass(frozen=True)
class Candidate:
    """A unit as the matcher scored it, and what raised or lowered its score (for ``--explain``)."""

    target: Target
    score: float
    factors: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeighedTerm:
    """A term of the question, its weight, and why it weighs that much; ``unheld`` when no unit holds it (a word the
    knowledge base never saw, or a topic of the field nobody measured)."""

    wrote: str
    terms: tuple[str, ...]
    weight: float
    why: str
    unheld: bool = False


@dataclass(frozen=True)
class Match:
    """What a question is about: ``targets`` (empty = abstain), with closest alternatives as ``suggestions``.

    ``reason`` says in a sentence why the matcher answered or abstained; ``terms``, ``set_aside`` (words read as how
    the question is put, see :mod:`bot.reading`) and ``candidates`` are filled by :meth:`Matcher.explain` for a
    moderator who wants to see the working.
    """

    targets: list[Target]
    confidence: float = 0.0
    note: str = ""
    suggestions: list[Target] = field(default_factory=list)
    ambiguous: bool = False
    reason: str = ""
    missing: tuple[str, ...] = ()
    whole_study: bool = False
    request: Request = Request()
    terms: tuple[WeighedTerm, ...] = ()
    set_aside: tuple[str, ...] = ()
    candidates: tuple[Candidate, ...] = ()


class Matcher:
    """Scores questions against the units of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, narrow: bool | None = None) -> None:
        started = time.perf_counter()
        with collector_paused():
            self.lexicon = Lexicon.build(kb.vocabulary, (s.aliases for s in kb.sources),
                                         (text for source in kb.sources for text in source_texts(source)),
                                         (name for s in kb.sources for name in (s.journal, s.journal_full) if name))
            builder = UnitBuilder(self.lexicon)
            self.units = [unit for source in kb.studies_first for unit in builder.units(source)]
            self.sources = {source.id: source for source in kb.sources}
            self.scopes = {source.id: builder.scope(source) for source in kb.sources}
            self.df: Counter[str] = Counter()
            self.part_df: Counter[str] = Counter()
            for unit in self.units:
                self.df.update(unit.terms)
                self.part_df.update(unit.parts)
            self.counts = frozenset().union(*(unit.counts for unit in self.units))
            self.figure_terms = frozenset().union(*(unit.primary for unit in self.units if unit.figures),
                                                  *(labels for unit in self.units for labels in unit.labels))
            self.fts = UnitIndex(self.units, self.df) if (len(self.units) > NARROW_AT if narrow is None else narrow) \
                else None
        self.scope_terms = frozenset().union(*self.scopes.values())
        # a study named by its journal ("the impact factor of Emerg Med J") leans to its journal and citation: the
        # study's other units hold that name only as context
        self.named_parts = frozenset().union(*(self.lexicon.name_terms(name) for source in kb.sources
                                               for name in (source.journal, source.journal_full) if name))
        self.scope_index: dict[str, set[str]] = {}
        for source_id, terms in self.scopes.items():
            for term in terms:
                self.scope_index.setdefault(term, set()).add(source_id)
        self.editions = _editions(alias for source in kb.sources for alias in source.aliases)
        self.study_names = [_plain_name(self.sources[source_id]) for source_id in _citation_order(kb)]
        self.cited = frozenset(source_id for source in kb.sources for source_id in source.cites)
        self.the_author = _the_author(kb)
        self.reader = Reader.build(kb, self.lexicon, self.df, self.scope_terms, self.the_author)

        self.acronyms = _acronyms(kb)
        self.counted_studies = self.lexicon.index_terms(COUNTED_STUDIES).hints  # a review's figures count studies
        self.taking_part = self.lexicon.terms_of(TAKING_PART)
        self.known_populations = frozenset(term for term in self.lexicon.populations if term in self.df)
        self.people = self.lexicon.index_terms(PEOPLE_WORDS).terms
        self.intent = self.lexicon.index_terms(INTENT_WORDS).terms
        self.source_counts: dict[str, frozenset[str]] = {}  # the groups each study's figures count ("speakers")
        for unit in self.units:
            if unit.figures:
                self.source_counts[unit.target.source_id] = self.source_counts.get(
                    unit.target.source_id, frozenset()) | (unit.counts & self.lexicon.populations)
        self.subgroups = {source.id: _subgroups(source, self.lexicon) for source in kb.sources}
        by_topics: set[str] = set()  # what the base calls its topics: "tools" of "Blogs", "Wikis", and never what a
        otherwise: set[str] = set()  # finding named otherwise is about ("aims" of "Enhance clinical skills")
        for unit in self.units:
            if unit.target.part == Part.FINDING and unit.labels:
                examples = sum(bool(labels) and labels <= self.lexicon.topics for labels in unit.labels)
                (by_topics if examples >= KIND_EXAMPLES else otherwise).update(unit.primary)
        self.kind_terms = frozenset(by_topics - otherwise - self.lexicon.populations - self.lexicon.hints)
        self.topic_findings = [unit.target for unit in self.units if unit.target.part == Part.FINDING
                               and any(self.lexicon.field_topic(labels) for labels in unit.labels)][:3]
        self.unit_of = {unit.target: unit for unit in self.units}
        cited_units = [p for p, unit in enumerate(self.units) if unit.target.source_id in self.cited]
        self.cited_units = cited_units if len(cited_units) <= CITED_CANDIDATES else []
        self.source_units: dict[str, list[int]] = {}
        for position, unit in enumerate(self.units):
            self.source_units.setdefault(unit.target.source_id, []).append(position)
        log.debug("matcher built: %d units from %d sources in %.3f s%s", len(self.units), len(kb.sources),
                  time.perf_counter() - started, " (FTS5 narrowing)" if self.fts else "")

    @property
    def unknown_weight(self) -> float:
        """What a word no unit holds weighs at most: as much as a word in :data:`UNKNOWN_SHARE` of the units, so the
        balance between known and unknown words does not shift as the knowledge base grows."""
        return self._idf(max(1, round(len(self.units) * UNKNOWN_SHARE)))

    def _idf(self, df: int) -> float:
        return math.log(1 + len(self.units) / max(df, 1))

    def match(self, question: str) -> Match:
        """The unit(s) ``question`` asks about, or an abstention with its reason."""
        return self._match(question, explain=False)

    def explain(self, question: str) -> Match:
        """As :meth:`match`, with the weighed terms and the top candidates and their factors filled in."""
        return self._match(question, explain=True)

    def _match(self, text: str, explain: bool) -> Match:
        """Each question of a message on its own (see :meth:`_with_context`); two questions that both find an answer
        are answered together."""
        beyond = ordinal_beyond(text, self.study_names)
        if beyond:
            note = (f"The knowledge base has no {beyond.casefold()}: the studies it holds"
                    f"{' as the post cites them' if self.cited else ''} are {_and(self.study_names)}.")
            return Match([], 0.0, note=note, reason=note)
        message = read_message(ordinal_study(text, self.study_names), aside=self._holds_nothing)
        if not message.questions:
            return Match([], 0.0, reason="the message asks nothing")
        sentences = (*message.questions, *message.context)

        def answer(question: str) -> Match:
            return self._question(question, [s for s in sentences if s != question], message.context, explain)

        def read(question: str) -> Match:
            """A question with no word of its own ("Can you give them?") is read first with the statement just before
            it ("... needs the page numbers for both papers."), then with the whole message."""
            if self._asks_something(question):
                return answer(question)
            if message.context:
                found = answer(f"{message.context[-1]} {question}")
                if found.targets:
                    return found
            return answer(" ".join(sentences))

        results = [read(question) for question in dict.fromkeys(message.questions)]
        if len(results) > 1 and any(not found.whole_study for found in results):
            results = [found for found in results if not found.whole_study]
        answered = [found for found in results if found.targets]
        if len(answered) > 1:
            targets = list(dict.fromkeys(target for found in answered for target in found.targets))[:MAX_TARGETS]
            reason = f"{len(answered)} questions in one message, each answered"
            return _with(answered[0], targets=targets, confidence=min(f.confidence for f in answered), reason=reason)
        return max(results, key=lambda found: (bool(found.targets), found.confidence))

    def _question(self, question: str, others: list[str], context: tuple[str, ...], explain: bool) -> Match:
        """One question of a message; a sentence joining two questions ("who wrote it and in which journal?") is
        answered as two when both find an answer, else read whole. The later questions are about the study the
        first one found, unless they name their own."""
        pieces = parts(question)
        if len(pieces) > 1:
            found = [self._with_context(piece, [*others, question], context, explain) for piece in pieces]
            first = {target.source_id for target in found[0].targets}
            if len(first) == 1:  # "how many people tweeted, and how many tweets in total?": both of one study
                name = _plain_name(self.sources[next(iter(first))])
                found[1:] = [self._with_context(piece, [*others, question, name], context, explain)
                             if not self._scope(self.lexicon.analyse(piece)) else part
                             for piece, part in zip(pieces[1:], found[1:], strict=True)]
            if all(part.targets for part in found):
                each_in_turn = itertools.chain.from_iterable(itertools.zip_longest(*(part.targets for part in found)))
                targets = _distinct_groups(list(dict.fromkeys(t for t in each_in_turn if t)))
                targets = targets[:MAX_TARGETS + len(found) - 1]  # each question keeps its best answer
                return _with(found[0], targets=targets, confidence=min(part.confidence for part in found),
                             reason=f"{len(found)} questions in one sentence, each answered")
        return self._with_context(question, others, context, explain)

    def _with_context(self, question: str, others: list[str], context: Iterable[str], explain: bool) -> Match:
        """A question read alone, and with the studies the message's other sentences name ("I'm reading the Cheston
        review. What limitations does the post list?"): the one with the names when it names no study or points
        back at them ("who wrote it?"), else the surer of the two, the question alone on a tie. When
        neither answers, the question is read with the statements around it ("I read that over 40% of the speakers
        had LinkedIn. Does that match?")."""
        found = self._match_question(question, explain)
        names = self._names(others)
        if names:
            with_names = self._match_question(f"{question} {names}", explain, asked=question)
            unnamed = not self._scope(self.lexicon.analyse(question))
            pointed = (refers_back(question) or unnamed) and bool(with_names.targets)
            if pointed or (bool(with_names.targets), with_names.confidence) > (bool(found.targets), found.confidence):
                found = with_names
        context = " ".join(context)
        if found.targets or found.ambiguous or found.note or not context:  # a note says why it is declined
            return found
        with_context = self._match_question(f"{question} {context}", explain)
        return with_context if with_context.targets else found

    def _holds_nothing(self, words: str) -> bool:
        """Whether no unit holds any word of ``words`` (a part of a source named in passing does not count): a label
        a member puts before a colon ("Two-parter for my grand rounds:", "For my reference slide:"), not what is
        asked."""
        return not any(alt in self.df for term in self.lexicon.analyse(words).terms for alt in term.terms)

    def _asks_something(self, question: str) -> bool:
        """Whether a question has a word of its own besides study names ("What are both?" has none: the sentences
        around it say what it is about)."""
        return any(not term.terms or not term.terms <= self.scope_terms or term.parts
                   for term in self.lexicon.analyse(question).terms)

    def _names(self, sentences: Iterable[str]) -> str:
        """The words of ``sentences`` that name a study ("the ICEM paper"), to scope a question asked after them."""
        names = [term.wrote for sentence in sentences for term in self.lexicon.analyse(sentence).terms
                 if term.terms and term.terms <= self.scope_terms]
        return " ".join(dict.fromkeys(names))

    def _match_question(self, question: str, explain: bool, asked: str = "") -> Match:
        """One question; ``asked`` is its own wording when study names from the message were added to it, so that
        what kind of answer it wants is read from the member's words alone ("... explain what that means?")."""
        analysis = self.lexicon.analyse(question)
        request = what_is_asked(normalise(ORDINAL_COMPOUND.sub(r"\1", asked or question), MAX_TOKENS))
        if request.asks is Asked.DEFINITION and any(t.parts for t in self.lexicon.analyse(request.subject).terms):
            request = replace(request, asks=Asked.ANYTHING)
        read = self.reader.read(question, analysis, request)
        if request.results and self.reader.founds(question):
            request = replace(request, results=False)  # "what did the author found?": what he founded
        scope = self._scope(read)  # what it names; reading a word as a part of that study below names nothing new
        read = self._as_part_of_the_study(read, scope)
        read = self._descriptors_as_names(read, scope, question)
        read = self._as_counted(read)
        kept = {term.wrote for term in read.terms} if explain else set()
        set_aside = tuple(dict.fromkeys(term.wrote for term in analysis.terms if term.wrote not in kept)) \
            if explain else ()
        analysis = read
        kinds = self.lexicon.terms_of(request.head) & self.kind_terms if request.head else frozenset()
        if kinds:  # "which platform has grown in popularity?": a unit naming Twitter names a platform
            analysis = replace(analysis, kinds=kinds)
        alike = unseparated(analysis, normalise(question, MAX_TOKENS))
        if alike:
            note = f"The knowledge base does not report {alike[0]} and {alike[1]} apart."
            return Match([], 0.0, note=note, reason=note, request=request)
        short, spelled = self._spelled(question, request)
        if spelled:
            expansion, source_id = spelled
            target = self._whole(source_id, replace(analysis, figure=False)) or Target(source_id, Part.STUDY)
            note = f"{short} is short for {expansion}."
            return Match([target], 1.0, note=note, reason="the source spells out this acronym", request=request)
        names = names_written(question) | contrasted(question)
        if request.head:
            names.add(request.head)
        names.update(request.measured)  # what an instrument measured weighs in full: the methods must name it
        if request.role and not any(t.parts for t in self.lexicon.analyse(request.role[-1]).terms):
            names.update(request.role)  # so does a role asked for: "editor in chief" is not any editor ("the senior
            # author" is one of the authors, a part every study has)
        weighed = tuple(self._weigh(term, names) for term in analysis.terms)
        found = self._decide_for(question, analysis, request, weighed, scope, explain)
        if request.summary and scope and not found.note and len(scope) <= NAMED_STUDIES and (not found.targets or (
                found.confidence < SURE and all(target.part in SUMMARISED for target in found.targets))):
            whole = self._whole_study(scope, replace(analysis, figure=False))  # "summarise what the review found,
            found = _with(whole, reason="a summary of the study is asked")  # with the numbers": its overview
        found = _with(found, request=request, terms=weighed if explain else (), set_aside=set_aside)
        log.debug("question %r -> %s (confidence %.3f): %s", question[:200],
                  [f"{t.source_id}/{t.part}" for t in found.targets], found.confidence, found.reason)
        return found

    def _spelled(self, question: str, request: Request) -> tuple[str, tuple[str, str] | None]:
        """The short form a definition question asks about, as the source writes it, and (its expansion, the source
        that gives it), if a source spells it out: an acronym ("ICEM") or a journal's abbreviation ("Acad Med")."""
        if request.asks is not Asked.DEFINITION:
            return "", None
        text = f" {' '.join(normalise(question, MAX_TOKENS))} "
        short = request.subject if request.subject in self.acronyms else next(
            (key for key in sorted(self.acronyms, key=len, reverse=True) if " " in key and f" {key} " in text), "")
        return (short.upper() if " " not in short else short.title()), self.acronyms.get(short)

    def _decide_for(self, question: str, analysis: Analysis, request: Request, weighed: tuple[WeighedTerm, ...],
                    scope: set[str], explain: bool) -> Match:
        if not analysis.terms:
            return Match([], 0.0, reason="the question has no words the matcher can use")
        edition = self._other_edition(question)
        if edition:
            return Match([], 0.0, note=edition, reason=edition)
        if scope and all(term.terms and term.terms <= self.scope_terms and not term.parts for term in analysis.terms):
            people = self._people_of(scope, question)
            if people:
                return Match(people, 1.0, reason="the question asks who, where or what work of a study's people")
            return self._check_request(self._whole_study(scope, analysis), analysis, request)
        size = self._sample_size(scope, analysis)
        if size:
            return Match([size], 1.0, reason="a count of whom the one study named counts, and nothing else: its design")
        kind = self._kind_of(scope, request)
        if kind:
            return Match([kind], 1.0, reason="a yes/no question about what kind of study it was: its design says")
        if 0 < len(scope) <= NAMED_STUDIES:
            weighed = self._within(scope, analysis, weighed, request.head)
        shares = [term.weight / (sum(t.weight for t in weighed) or 1.0) for term in weighed]
        scored = []
        for position, unit in self._candidates(analysis, scope):
            score = self._score(unit, analysis, request, shares, scope)
            scored.append((score * (1 + HINT_BONUS * _hints_shared(unit, analysis)), score, position))
        if not scored:
            missing = tuple(term.wrote for term in weighed if term.unheld)
            found = Match([], 0.0, reason=f"no unit has any of the question's words{_listing(missing)}",
                          missing=missing, suggestions=self._like(analysis))
            return self._check_request(found, analysis, request)
        # on a tie, the studies a post cites first: a member asking about no study in particular reads that post
        scored.sort(key=lambda row: (-row[1], self.units[row[2]].target.source_id not in self.cited, -row[0], row[2]))
        found = self._each_study(analysis, request, weighed, scope) if 1 < len(scope) <= NAMED_STUDIES else None
        words = set(normalise(question, MAX_TOKENS))
        decided = self._decide(scored, analysis, weighed, comparing=not COMPARING.isdisjoint(words))
        found = found or self._pair(decided, scored, analysis, request, shares, scope,
                                    joins_two=not TWO_THINGS.isdisjoint(words))
        if not scope and not EACH_STUDY.isdisjoint(words) and self.units[scored[0][2]].target.part not in FIGURE_PARTS:
            found = self._each_of(found, scored)
        found = self._check_request(found, analysis, request)
        if analysis.figure and found.targets and self.reader.first_names(question) \
                and all(target.part in FIGURE_PARTS for target in found.targets):
            declined = (f"{self.sources[found.targets[0].source_id].short_name} reports figures for groups; it gives "
                        "no one person's numbers.")
            found = _with(found, targets=[], suggestions=[*found.targets, *found.suggestions][:3], note=declined,
                          reason=declined, ambiguous=False)
        if explain:
            candidates = tuple(self._candidate(self.units[position], analysis, request, shares, scope, score)
                               for score, _, position in scored[:EXPLAINED])
            found = _with(found, candidates=candidates)
        return found

    def _kind_of(self, scope: set[str], request: Request) -> Target | None:
        """The design of the one study a question names, when it asks whether the study was a kind of study that
        none of its units mentions ("was the Discord study a randomized trial?"): a design kind is a topic of the
        field. A kind the study speaks of ("too heterogeneous to perform meta-analyses") is matched as usual."""
        if len(scope) != 1 or not request.kind_of:
            return None
        source_id = next(iter(scope))
        design = Target(source_id, Part.DESIGN)
        units = [self.units[position] for position in self.source_units[source_id]]
        kinds = [term for term in self.lexicon.analyse(request.kind_of).terms
                 if self.lexicon.field_topic(term.terms) or Part.DESIGN.value in term.parts]
        unheld = kinds and not any(self._holds(unit, term) for unit in units for term in kinds)
        return design if unheld and design in self.unit_of else None

    def _within(self, scope: set[str], analysis: Analysis, weighed: tuple[WeighedTerm, ...],
                head: str) -> tuple[WeighedTerm, ...]:
        """Weights for a question about named studies: a word none of their units holds, though other studies' do,
        is unknown to them and weighs as an unknown word ("faculty" of "among the ICEM faculty", when another study
        counts faculty), and a topic of the field as one nobody measured ("Facebook" of the ICEM speakers, when only
        the review counted Facebook), unless it is the ``head`` the question asks to name ("which website")."""
        units = [self.units[p] for source_id in scope for p in self.source_units[source_id]]
        out = []
        for term, weighed_term in zip(analysis.terms, weighed, strict=True):
            if term.terms and not term.parts and not weighed_term.unheld and not term.terms & self.scope_terms \
                    and not any(self._holds(unit, term) or term.terms & unit.terms for unit in units):
                topic = self.lexicon.field_topic(term.terms) and term.wrote != head
                weight = self.unknown_weight * (1.0 if topic else english_rarity(term.wrote))
                weighed_term = replace(weighed_term, weight=round(weight, 3),
                                       why=f"{weighed_term.why}; not in the study named, weighed as unknown there")
            out.append(weighed_term)
        return tuple(out)

    def _like(self, analysis: Analysis) -> list[Target]:
        """For a question about a topic of the field that no source measured ("Instagram"), the findings that measured
        topics of its kind (the platforms), so the member hears what was measured instead."""
        if not any(self.lexicon.field_topic(term.terms) for term in analysis.terms):
            return []
        return self.topic_findings

    def _scope(self, analysis: Analysis) -> set[str]:
        """The studies a question names. A name that fits at most :data:`NAMED_STUDIES` studies names them ("the
        review vs ICEM" names two); names that fit many ("Smith", "2019") name the studies that fit the most of them
        ("Smith 2019" is the Smith study of 2019, not every Smith and every study of 2019). "The author", with no
        study named, names the one source a single author wrote (of those, the one that cites others)."""
        named: Counter[str] = Counter()
        specific: set[str] = set()
        by_topic: set[str] = set()  # studies named only by a topic of the field ("TikTok" of "the TikTok study")
        for term in analysis.terms:
            sources = {source for alt in term.terms for source in self.scope_index.get(alt, ())} \
                if self.reader.names(term) else set()
            named.update(sources)
            if len(sources) <= NAMED_STUDIES:
                specific |= sources
                by_topic |= sources if self.lexicon.field_topic(term.terms) else set()
        plainly = {source for source in specific if source not in by_topic or named[source] > 1}
        if plainly and len(specific) > 1:
            return plainly  # "% of the reviewed studies that used TikTok": the review, and TikTok as its topic
        if specific:
            return specific
        most = max(named.values(), default=0)
        if not most and self.the_author and any(term.parts and is_the_author(term) for term in analysis.terms):
            return {self.the_author}  # "where does the author work"
        return {source for source, count in named.items() if count == most}

    def _people_of(self, scope: set[str], question: str) -> list[Target]:
        """The authors of the studies a question names and asks nothing else of but who, or where or what work of an
        author ("where does Rezaie work?", "rezaie, where does he work", "what does Rezaie do?", "who are Neill et
        al.?"), else []: a person's place is the
        authors' to give, not the overview ("where was ICEM 2012?" and "where was the Neill study done?" ask no
        person)."""
        words = normalise(question, MAX_TOKENS)
        person = bool(set(words) & self.reader.initials.keys()) and not any(
            stem(word) in self.lexicon.hints for word in words)  # not "the Neill study"
        asking = next((word for word in words if word in QUESTION_WORDS), "")
        occupation = "does" in words and "do" in words[words.index("does"):]  # "what does Rezaie do?": his work
        if asking not in ("who", "whom") and not (asking in ("where", "what") and person and (
                asking == "where" or occupation)):
            return []
        found = [Target(source, part) for source in sorted(scope) for part in (Part.AUTHOR, Part.AUTHORS)
                 if Target(source, part) in self.unit_of]
        return found[:MAX_TARGETS]

    def _whole_study(self, scope: set[str], analysis: Analysis) -> Match:
        """A question that names studies and nothing else: their overview, or their design when a number is asked."""
        named = {source: sum(bool(term.terms & self.scopes[source]) for term in analysis.terms) for source in scope}
        wholes = [self._whole(source, analysis) for source in sorted(scope) if named[source] == max(named.values())]
        if all(wholes):
            return Match([target for target in wholes if target], 1.0, reason="the question names only a study",
                         whole_study=True)
        return Match([], 0.0, reason=f"nothing in the study counts {analysis.asked_count_word!r}")

    def _each_study(self, analysis: Analysis, request: Request, weighed: tuple[WeighedTerm, ...],
                    scope: set[str]) -> Match | None:
        """A question naming several studies ("Twitter in the review vs among ICEM speakers") gets each study's best
        unit, scored without the other studies' names or the terms only another of them holds ("Facebook in the
        review vs Google Plus at ICEM"), when every named study has one above the line and no ambiguity; else None,
        and the question is decided as usual."""
        targets: list[Target] = []
        confidences = []
        held = {source_id: {i for i, term in enumerate(analysis.terms)
                            if any(self._holds(self.units[p], term) for p in self.source_units[source_id])}
                for source_id in scope}
        for source_id in sorted(scope):
            others = frozenset().union(*(self.scopes[other] for other in scope if other != source_id))
            elsewhere = set().union(*(held[other] for other in scope if other != source_id)) - held[source_id]
            keep = [i for i, term in enumerate(analysis.terms)
                    if not (term.terms and term.terms <= others) and i not in elsewhere]
            whom = frozenset().union(analysis.hints, *(analysis.terms[i].terms for i in keep)) & self.lexicon.populations
            if not any(not analysis.terms[i].terms & (self.scopes[source_id] | self.lexicon.populations) for i in keep):
                size = self._size(source_id, whom) if analysis.figure else None
                if size is None:
                    return None
                targets.append(size)
                confidences.append(1.0)
                continue
            own = replace(analysis, terms=tuple(analysis.terms[i] for i in keep))
            if not analysis.asked_count & own.asked:
                own = replace(own, asked_count=frozenset(), asked_count_word="")  # "% of ICEM speakers": not the review's
            total = sum(weighed[i].weight for i in keep) or 1.0
            shares = [weighed[i].weight / total for i in keep]
            rows = sorted(((self._score(self.units[p], own, request, shares, {source_id}), -p)
                           for p in self.source_units[source_id]), reverse=True)
            if not rows or rows[0][0] < ANSWER_AT:
                return None
            chosen, alternatives = _collapse([self.units[-p].target for s, p in rows if s >= rows[0][0] - TIE])
            if alternatives:
                return None
            targets += chosen
            confidences.append(rows[0][0])
        return Match(targets[:MAX_TARGETS], round(min(confidences), 3),
                     reason=f"each named study has a unit scoring at least {ANSWER_AT}")

    def _as_part_of_the_study(self, analysis: Analysis, scope: set[str]) -> Analysis:
        """The word heading a part's "X of the study" phrase, read as that part when the one study named (``scope``)
        holds it nowhere ("the aim of the Neill study": its objective, though the review counts aims)."""
        if len(scope) != 1:
            return analysis
        units = [self.units[position] for position in self.source_units[next(iter(scope))]]
        terms = tuple(replace(term, terms=frozenset(), parts=self.lexicon.part_heads[stem(term.wrote)])
                      if not term.parts and stem(term.wrote) in self.lexicon.part_heads
                      and not any(self._holds(unit, term) for unit in units) else term for term in analysis.terms)
        return replace(analysis, terms=terms)

    def _descriptors_as_names(self, analysis: Analysis, scope: set[str], question: str) -> Analysis:
        """When a part of the one study named is asked, the words that describe it ("twitter" of "the full reference
        for the Twitter conference study") name it too: they say which paper, and its citation (or conclusion, or
        limitations) need not hold them. Only words some unit of that study holds, written between "the" and a word
        for a paper, or just after it ("the study about tweeting at ...")."""
        if len(scope) != 1 or analysis.figure or not any(t.parts for t in analysis.terms):
            return analysis
        words = normalise(question, MAX_TOKENS)
        described: set[str] = set()
        for end, word in enumerate(words):
            if word in PAPER_WORDS:
                start = next((at for at in range(end - 1, max(end - DESCRIBED, 0) - 1, -1) if words[at] in DEFINITE),
                             None)
                described.update(words[start + 1:end] if start is not None else ())
                if words[end + 1:end + 2] in (("about",), ("on",), ("of",), ("into",)):  # "the study about tweeting"
                    described.update(words[end + 2:end + 2 + DESCRIBED_AFTER])
        source_id = next(iter(scope))
        held = frozenset().union(*(self.units[position].terms for position in self.source_units[source_id]))
        name = min(self.scopes[source_id])  # any of its names: every unit of the study holds them all
        return replace(analysis, terms=tuple(
            replace(term, terms=term.terms | {name}) if not term.parts and term.wrote in described
            and term.terms & held and not term.terms & self.scope_terms else term for term in analysis.terms))

    def _as_counted(self, analysis: Analysis) -> Analysis:
        """A part's "X of the study" phrase read as the plain word X when a figure is asked and a figure holds X
        ("the most common aim of the studies": the aims the review counts, not each study's objective)."""
        if not analysis.figure:
            return analysis
        terms = []
        for term in analysis.terms:
            words = normalise(term.wrote)
            if term.parts and words[1:3] == ("of", "the") and stem(words[0]) in self.lexicon.part_heads:
                plain = self.lexicon.analyse(words[0]).terms
                if plain and plain[0].terms & self.figure_terms:
                    term = plain[0]
            terms.append(term)
        return replace(analysis, terms=tuple(terms))

    def _sample_size(self, scope: set[str], analysis: Analysis) -> Target | None:
        """The design of the one study a question names, when the question asks how many of those it counts and
        nothing more ("how many residents were in the Okafor survey?"), else None. People in general, or those who
        took part ("how many participants"), are whoever its design counts. A post named with a study it cites
        ("the post cites a review: how many studies did it include?") only says where the study was met."""
        scope = {source_id for source_id in scope if not scope.intersection(self.sources[source_id].cites)}
        if len(scope) != 1 or not analysis.figure or not analysis.asked_count & (self.lexicon.populations
                                                                                 | self.taking_part):
            return None
        if any(not (term.terms and term.terms <= self.scope_terms | self.lexicon.populations | self.taking_part)
               or term.parts for term in analysis.terms):
            return None
        source_id = next(iter(scope))
        if analysis.asked_count <= self.lexicon.hints | self.taking_part:
            return Target(source_id, Part.DESIGN) if Target(source_id, Part.DESIGN) in self.unit_of else None
        return self._size(source_id, analysis.asked_count)

    def _size(self, source_id: str, whom: frozenset[str]) -> Target | None:
        """The design of a study, when it counts who a question asks about ("how many speakers"), else None."""
        design = next((self.units[p] for p in self.source_units[source_id]
                       if self.units[p].target.part == Part.DESIGN), None)
        return design.target if design and whom & design.counts else None

    def _decide(self, scored: list[tuple[float, float, int]], analysis: Analysis,
                weighed: tuple[WeighedTerm, ...], comparing: bool = False) -> Match:
        """From units ranked (score with hints, score, position): an answer, an abstention, or a question back;
        ``comparing`` questions ("members vs non-members") keep a tied group whole rather than one of its figures."""
        top, best, _ = scored[0]
        ranked = [self.units[position].target for _, _, position in scored[:12]]
        if best < ANSWER_AT:
            heavy = tuple(t.wrote for t in sorted(weighed, key=lambda t: -t.weight)
                          if t.unheld and t.weight >= self.unknown_weight * 0.5)[:3]
            reason = f"best score {best:.2f} is below {ANSWER_AT}" + (
                f"; the knowledge base never mentions {_listing(heavy, lead='')}" if heavy else "")
            suggestions = _distinct_groups(ranked)[:3]
            return Match([], round(best, 3), suggestions=suggestions, reason=reason, missing=heavy)
        first = self.units[scored[0][2]].target.source_id
        tied = [self.units[position] for ranked_score, score, position in scored if score >= best - TIE
                and (ranked_score > top - HINT_BONUS or self.units[position].target.source_id == first)]
        tied = [unit.target for unit in self._named_outright(tied, analysis)]
        targets, alternatives = _collapse(tied, comparing)
        if alternatives:
            return Match([], round(best, 3), suggestions=alternatives, ambiguous=True,
                         reason=f"two findings of one study score within {TIE} of each other")
        others = [(score, self.units[position].target) for score, _, position in scored
                  if not any(_related(self.units[position].target, chosen) for chosen in targets)]
        if others and best < SURE and top - others[0][0] < CLOSE:
            return Match([], round(best, 3), suggestions=[*targets, others[0][1]], ambiguous=True,
                         reason=f"the runner-up is within {CLOSE} and the best is below {SURE}")
        suggestions = _distinct_groups([target for _, target in others[:12]])
        return Match(targets, round(best, 3), suggestions=suggestions[:3],
                     reason=f"best score {best:.2f} is at least {ANSWER_AT}")

    @staticmethod
    def _named_outright(tied: list[Unit], analysis: Analysis) -> list[Unit]:
        """Of a source's tied units, the group of the one figure whose whole label the question names ("posted by
        doctors": "Physicians"), before figures and groups that hold its words among others ("Inaccurate among
        videos by physicians")."""
        asked = analysis.asked
        named = {(unit.target.source_id, unit.target.finding) for unit in tied
                 if unit.target.part == Part.STAT and unit.primary and unit.primary <= asked}
        sources = [source_id for source_id, _ in named]
        return [unit for unit in tied if sources.count(unit.target.source_id) != 1
                or (unit.target.source_id, unit.target.finding) in named]

    def _check_request(self, found: Match, analysis: Analysis, request: Request) -> Match:
        """Decline when the chosen unit does not hold what is asked: a definition, a place, a duration, an
        identifier the source lacks, the complement of a figure, or a count of something nothing counts."""
        if not found.targets and not found.ambiguous:
            source = self.sources[found.suggestions[0].source_id] if found.suggestions else None
            declined = _declined(request, source, None, analysis, self.lexicon, self.counts, self.df)
            closest = self.unit_of.get(found.suggestions[0]) if found.suggestions else None
            if not declined and closest and request.attribute and not self._holds_attribute(closest, request.attribute):
                return _with(found, note=f"The knowledge base does not record the {request.attribute} asked for.",
                             missing=())
            return _with(found, note=declined) if declined and not found.note and not found.missing else found
        target = (found.targets or found.suggestions)[0]
        unit = self.unit_of.get(target)
        source = self.sources[target.source_id]
        if request.asks is Asked.WHEN:
            design = Target(source.id, Part.DESIGN)
            if design in self.unit_of and _dated(source):
                return _with(found, targets=[design], ambiguous=False, reason="the design says when the study was done")
            declined = f"{source.short_name} records no dates for that; the knowledge base holds its findings."
            return _with(found, targets=[], suggestions=[design, *found.suggestions][:3], note=declined,
                         reason=declined, ambiguous=False)
        declined = _declined(request, source, unit, analysis, self.lexicon, self.counts, self.df)
        if not declined and unit and unit.figures and self._negated(analysis, unit):
            declined = _complement(source.short_name)
        if not declined and unit and analysis.figure and request.joint and not request.claim \
                and self._joint(analysis, unit):
            declined = (f"{source.short_name} gives each figure on its own; it does not say how many were in both "
                        "groups, or how many of one group were also in the other.")
        if not declined and unit and request.attribute and not self._holds_attribute(unit, request.attribute) \
                and not self._part_asked(unit, analysis, request.attribute):
            declined = f"The knowledge base does not record the {request.attribute} asked for."
        if not declined and unit and unit.target.part == Part.LIMITATIONS and not request.method and not any(
                Part.LIMITATIONS.value in term.parts for term in analysis.terms):
            declined = self._unmeasured(source, analysis)
        if not declined and unit and unit.figures and request.timing and DURING not in request.timing:
            declined = self._other_time(target, source)
        label = self._one_figure_of(unit, request.head, analysis) if request.specific and request.head else ""
        if not declined and label:
            declined = f"{source.short_name} reports {label} as one figure; it names no specific {request.head}."
        if not declined and request.head and found.targets:
            named = [t for t in found.targets if not self._unnamed(self.unit_of.get(t), request.head)]
            group = self._group_listing(unit, request.head) if not named else None
            if group:
                return _with(found, targets=[group], reason=f"{found.reason}; its group lists the {request.head}")
            if not named:
                declined = self._unnamed(unit, request.head)
            elif named != found.targets:
                return _with(found, targets=named, reason=f"{found.reason}; the others do not name the {request.head}")
        if declined:
            return _with(found, targets=[], suggestions=[*found.targets, *found.suggestions][:3], note=declined,
                         reason=declined, ambiguous=False)
        return found

    def _a_count(self, unit: Unit) -> bool:
        """Whether ``unit`` is one figure that is a count, not a percentage: its label says what it counts."""
        stat = unit.target.stat
        return stat is not None and not self.sources[unit.target.source_id].finding(
            unit.target.finding).stats[stat].value.is_percent

    def _counts_some(self, unit: Unit, analysis: Analysis) -> bool:
        """Whether a figure counts only some people ("people who produced tweets"), that the question, asking of
        people in general ("how many people attended?"), does not name."""
        some = unit.counts & self.lexicon.populations - self.lexicon.hints
        return unit.target.part in FIGURE_PARTS and bool(some) and not any(term.terms & some for term in analysis.terms)

    def _group_of(self, unit: Unit) -> Unit | None:
        """The finding group a figure belongs to (a group is its own)."""
        return self.unit_of.get(Target(unit.target.source_id, Part.FINDING, unit.target.finding))

    def _aimed_at(self, unit: Unit) -> bool:
        """Whether ``unit`` is a figure of, or a finding that counts, what was aimed at ("most common aims")."""
        if unit.target.part not in FIGURE_PARTS:
            return False
        group = self._group_of(unit)
        return bool(group and group.primary & self.intent)

    def _joint(self, analysis: Analysis, unit: Unit) -> bool:
        """Whether a question that joins groups ("both", "also") names two groups of ``unit``'s finding ("on both
        Twitter and LinkedIn", "of those with a blog, how many also used Twitter?"): figures count each on its own."""
        if unit.target.part not in FIGURE_PARTS:
            return False
        group = self._group_of(unit)
        named = [labels for labels in (group.labels if group else ())
                 if any(term.terms & labels - group.primary for term in analysis.terms)]
        return len(named) > 1

    def _unmeasured(self, source: Source, analysis: Analysis) -> str:
        """The limitation that says the study did not measure or could not record what is asked ("Did not measure
        whether using Reddit affected examination scores"), as a reason to decline, or ""."""
        asked = analysis.asked - self.scopes[source.id]
        said = [(len(self.lexicon.index_terms(line).terms & asked), line) for line in source.limitations
                if NOT_MEASURED.search(line)]
        hits, line = max(said, default=(0, ""))
        return f"{source.short_name} states this as a limitation: {line[0].lower()}{line[1:]}." if hits else ""

    @staticmethod
    def _other_time(target: Target, source: Source) -> str:
        """Why a figure counted during something ("Tweets during the conference") does not answer a question about
        before or after it, or ""."""
        finding = source.finding(target.finding) if target.finding else None
        if finding is None:
            return ""
        label = finding.stats[target.stat].label if target.stat is not None else ""
        if DURING not in normalise(f"{finding.topic} {label}"):
            return ""
        return f"{source.short_name} counts {finding.topic[0].lower()}{finding.topic[1:]}; it gives no figure for " \
               "before or after."

    def _negated(self, analysis: Analysis, unit: Unit) -> bool:
        """Whether the question asks for the opposite of what ``unit`` counts, in one word the base lacks
        ("unrelated" of "related", "dissatisfied" of "satisfied"), or in "non" before a word it holds ("non-clinical"
        of "clinical")."""
        held = unit.primary.union(*unit.labels)
        if any(first.wrote == "non" and not first.terms & held and second.terms & held
               for first, second in zip(analysis.terms, analysis.terms[1:], strict=False)):
            return True
        for term in analysis.terms:
            word = term.wrote
            if " " in word or term.parts or any(alt in self.df for alt in term.terms):
                continue
            for prefix in NEGATING_PREFIXES:
                root = self.lexicon.analyse(word[len(prefix):]).terms if word.startswith(prefix) and \
                    len(word) - len(prefix) >= 4 else ()
                if root and root[0].terms & held:
                    return True
        return False

    def _unnamed(self, unit: Unit | None, head: str) -> str:
        """Why "which X" cannot be answered from ``unit``, a figure, or "": one person it does not count ("which
        speaker sent the most tweets" of a count of tweets: figures never name who), the things a plain count
        counts ("which countries" of "countries represented: 11"), or the things a figure's label only speaks of
        ("which specialties" of "increase interest in a field")."""
        if head.endswith("s") and unit is not None and unit.target.part in DESCRIBED_BY_DESIGN:
            source = self.sources[unit.target.source_id]
            return f"{source.short_name} gives the number of {head} but does not name them." \
                if _counted_in_design(source, head) else ""
        if not head or unit is None or unit.target.part not in (Part.STAT, Part.FINDING):
            return ""
        terms = self.lexicon.terms_of(head)
        name = self.sources[unit.target.source_id].short_name
        if terms & self.lexicon.populations and not head.endswith("s") and not terms & unit.counts:
            return f"{name} reports figures for groups; it does not say which {head}."
        stat = unit.target.stat
        counted = stat is not None and not self.sources[unit.target.source_id].finding(
            unit.target.finding).stats[stat].value.is_percent
        if counted and terms & unit.counts:
            return f"{name} counts the {head} but does not name them."
        if stat is not None and terms and terms <= unit.primary and (head.endswith("s") or self._in_general(
                self.sources[unit.target.source_id].finding(unit.target.finding).stats[stat].label, terms)):
            return f"{name} reports a figure about {head} in general; it does not say which {head}."
        return ""

    def _one_figure_of(self, unit: Unit | None, head: str, analysis: Analysis) -> str:
        """The label of the figure of ``unit``'s finding that counts ``head`` ("issues") as a whole ("Technical
        issues"), the one sharing most of the question's words, or "": asked for specific ones, the finding names
        none."""
        if unit is None or unit.target.part not in FIGURE_PARTS:
            return ""
        finding = self.sources[unit.target.source_id].finding(unit.target.finding)
        group = self._group_of(unit)
        terms = self.lexicon.terms_of(head)
        asked = analysis.asked
        counting = [(len(labels & asked), stat.label) for stat, labels in zip(
            finding.stats, group.labels if group else (), strict=False) if terms and terms <= labels]
        return max(counting)[1] if counting else ""

    def _group_listing(self, unit: Unit | None, head: str) -> Target | None:
        """The finding group of a figure, when the group is what "which X" or "what were the X" asks to list: its
        topic holds the X ("what were the main concerns?" of "had technical problems", one of the concerns)."""
        if unit is None or unit.target.part != Part.STAT or not head.endswith("s"):
            return None
        group = self._group_of(unit)
        terms = self.lexicon.terms_of(head)
        return group.target if group and terms and terms <= group.primary else None

    def _in_general(self, label: str, terms: frozenset[str]) -> bool:
        """Whether ``label`` speaks of any one of ``terms`` ("increase interest in *a field*"): it names none."""
        words = normalise(label)
        after_article = [word for article, word in zip(words, words[1:], strict=False) if article in ("a", "an")]
        return any(term.terms & terms for word in after_article for term in self.lexicon.analyse(word).terms)

    def _other_edition(self, question: str) -> str:
        """A question about another year of a named event ("ICEM 2014") is not about the study of ICEM 2012."""
        words = normalise(question, 60)
        for before, name, year in zip(("", *words[:-1]), words, (*words[1:], ""), strict=True):
            known = self.editions.get(name)
            if known and len(year) == 4 and year.isdigit() and year not in known:
                return f"The knowledge base covers {name.upper()} {', '.join(sorted(known))} only, not {year}."
            if known and before in OTHER_EDITION:
                return f"The knowledge base covers {name.upper()} {', '.join(sorted(known))} only, not the {before} one."
        return ""

    def _whole(self, source_id: str, analysis: Analysis) -> Target | None:
        """A question that only names a study: its design if a number is asked for (None when the number asked
        counts something the design does not), else its overview."""
        units = {self.units[position].target.part: self.units[position] for position in self.source_units[source_id]}
        if not analysis.figure:
            return Target(source_id, Part.OVERVIEW if Part.OVERVIEW in units else Part.STUDY)
        design = units.get(Part.DESIGN)
        population = analysis.asked_count & self.lexicon.populations
        if design is None or (population and not analysis.asked_count & design.counts):
            return None
        return design.target

    def _weigh(self, term: Term, names: set[str]) -> WeighedTerm:
        """How much a term of the question weighs, and why."""
        alternatives = tuple(sorted(term.terms | term.parts))
        df = max((self.df.get(alt, 0) for alt in term.terms), default=0)
        if df and term.terms & self.figure_terms:
            weight, why = self._idf(df), f"in {df} units"
        elif df:
            rarity = english_rarity(term.wrote, known=True)
            weight, why = self._idf(df) * rarity, f"in {df} units, prose only{'; common in English' * (rarity < 1)}"
        elif term.parts:
            df = max(self.part_df.get(part, 0) for part in term.parts)
            weight, why = self._idf(df), f"asks for a part ({', '.join(sorted(term.parts))})"
        elif term.terms and self.lexicon.field_topic(term.terms):
            weight, why = self.unknown_weight, "a topic of the field (vocabulary) that no unit holds"
        elif term.wrote in names:
            weight, why = self.unknown_weight, "unknown to the knowledge base; a name, or what is asked for"
        else:
            rarity = english_rarity(term.wrote)
            weight = self.unknown_weight * rarity
            why = f"unknown to the knowledge base; {'rare' if rarity > 0.5 else 'common'} in English"
        if term.terms & self.scope_terms and self.reader.names(term):
            weight *= SCOPE_WEIGHT
            why += "; names a study"
        elif df and term.terms & self.lexicon.populations:
            weight *= POPULATION_WEIGHT
            why += "; names who was counted"
        return WeighedTerm(term.wrote, alternatives, round(weight, 3), why, unheld=not df and not term.parts)

    def _candidates(self, analysis: Analysis, scope: set[str]) -> list[tuple[int, Unit]]:
        """Units sharing at least one term or part with the question: all of them, or FTS5's best in a large base,
        plus every unit of a study the question names and of the studies posts cite (a member reading a post asks
        about its studies first)."""
        terms = {alt for term in analysis.terms for alt in term.terms if alt in self.df}
        parts = {part for term in analysis.terms for part in term.parts}
        if self.fts is None:
            return [(position, unit) for position, unit in enumerate(self.units)
                    if not terms.isdisjoint(unit.terms) or not parts.isdisjoint(unit.parts)]
        positions = set(self.fts.narrow((terms - self.scope_terms) | set(map(part_token, parts))))
        for source_id in scope if len(scope) <= NAMED_STUDIES else ():
            positions.update(self.source_units[source_id])
        positions.update(p for p in self.cited_units if not terms.isdisjoint(self.units[p].terms)
                         or not parts.isdisjoint(self.units[p].parts))  # the studies a post cites break ties first
        return [(position, self.units[position]) for position in sorted(positions)]

    def _holds_attribute(self, unit: Unit, attribute: str) -> bool:
        """Whether ``unit`` holds the attribute a "what is the X of Y" question asks for: each of its words, in it or
        in one of its figures' labels, or its part, except plain English filler (figure cues and stopwords are not
        terms at all)."""
        return all(self._holds(unit, term) or any(term.terms & labels for labels in unit.labels) or self._filler(term)
                   for term in self.lexicon.analyse(attribute).terms)

    @staticmethod
    def _part_asked(unit: Unit, analysis: Analysis, attribute: str) -> bool:
        """Whether the attribute asked for ("the aim of the study") is a part ``unit`` answers."""
        words = set(normalise(attribute))
        return any(term.parts & unit.parts for term in analysis.terms if words & set(normalise(term.wrote)))

    def _filler(self, term: Term) -> bool:
        """A word no unit has that is plain, common English: it says how a question is put, not what it asks."""
        return (not term.parts and not any(map(self.df.__contains__, term.terms))
                and not self.lexicon.field_topic(term.terms) and english_rarity(term.wrote) < 0.5)

    def _holds(self, unit: Unit, term: Term) -> bool:
        """Whether ``unit`` is about ``term``: its own words, its study's name, its value, its part, the
        population its figures count ("% of speakers"), or a part word it has as a plain word ("first-year")."""
        alternatives = term.terms
        if alternatives & unit.primary or term.parts & unit.parts:
            return True
        named_only = alternatives & self.named_parts and unit.target.part not in NAMED_BY_JOURNAL  # "of Emerg Med J"
        return bool((alternatives & unit.scope and not named_only)
                    or (unit.value in alternatives and not term.of_population)
                    or (unit.figures and alternatives & unit.counts & self.lexicon.populations)
                    or (term.parts and not alternatives and _plain(term) <= unit.primary))

    def _cited_part_in_prose(self, unit: Unit, term: Term, before: Term | None) -> bool:
        """Whether ``unit`` is prose that has a bibliographic part's word only as a plain word ("the authors could not
        confirm ...", "their year of study"), which asks for no such part ("who are the authors?", "what year is it
        from?"), unless the question's word before it is the unit's too ("first-year" in both)."""
        return (not unit.figures and bool(term.parts) and term.parts <= CITED_PARTS and not term.parts & unit.parts
                and not term.terms and not (before is not None and before.terms & unit.primary))

    def _score(self, unit: Unit, analysis: Analysis, request: Request, shares: list[float], scope: set[str],
               trace: list[str] | None = None) -> float:
        """How well ``unit`` answers: 1.0 when it holds every term, less by the share of each term it lacks."""
        score = 1.0
        for (factor, why), term, share in zip(self._term_factors(unit, analysis), analysis.terms, shares, strict=True):
            score *= factor ** share
            if trace is not None and factor < 1:
                trace.append(f"{why} '{term.wrote}' (x{factor ** share:.2f})")
        return score * self._kind_factor(unit, analysis, request, scope, trace)

    def _term_factors(self, unit: Unit, analysis: Analysis) -> list[tuple[float, str]]:
        """For each term of the question, how far ``unit`` holds it (1.0: fully) and why not."""
        named = [labels for labels in unit.labels if any(term.terms & labels for term in analysis.terms)]
        listed = frozenset().union(*named) if named else frozenset()
        label_factor = 1.0 if len(named) > 1 else ONE_LABEL
        options = unit.target.part == Part.DESIGN and any(Part.DESIGN.value in term.parts for term in analysis.terms)
        factors = []
        for before, term in zip((None, *analysis.terms), analysis.terms, strict=False):
            alternatives = term.terms
            if self._holds(unit, term) and not self._cited_part_in_prose(unit, term, before):
                factors.append((1.0, "holds"))
            elif alternatives & analysis.kinds and len(unit.primary & self.lexicon.topics) == 1:
                factors.append((1.0, "names one of the kind asked"))  # "which platform": the one it names
            elif analysis.figure and alternatives & unit.stated:
                factors.append((1.0, "a share its design states"))  # "response rate": "312 responded (75.7%)"
            elif unit.figures and alternatives and alternatives == analysis.asked_count and alternatives & unit.counts:
                factors.append((1.0, "what its figures count"))  # "how many of the videos ...": "of 240 videos"
            elif options and self.lexicon.field_topic(alternatives):  # "what kind of study: trial, survey, review?"
                factors.append((1.0, "a kind of study offered to choose from"))
            elif alternatives & listed:
                factors.append((label_factor, "names one of its figures"))
            elif analysis.figure and unit.counts & self.counted_studies and term.parts and not alternatives \
                    and term.parts <= COUNTED_AIMS:  # "% of studies set out to ...": aims counted, no objective
                factors.append((CONTEXT, "what was aimed at, counted by its figures"))
            elif alternatives & unit.context or alternatives & unit.study or term.parts & unit.context_parts \
                    or alternatives & unit.scope:
                factors.append((CONTEXT, "only in its context"))
            elif unit.figures and alternatives & self.source_counts.get(unit.target.source_id, frozenset()):
                factors.append((UNCOVERED, "a group its study counts in other figures, not these"))
            elif unit.figures and alternatives & self.known_populations:
                factors.append((CONTEXT, "a population its figures do not name"))
            elif alternatives & unit.background:
                factors.append((BACKGROUND, "only in how its study was done"))
            else:
                factors.append((UNCOVERED, "lacks"))
        return factors

    def _kind_factor(self, unit: Unit, analysis: Analysis, request: Request, scope: set[str],
                     trace: list[str] | None) -> float:
        """How far ``unit`` is the kind of answer asked for: a figure, results, what is counted, the study named."""
        score = 1.0
        if request.claim and request.claim.percent and not unit.figures:
            score *= UNCOVERED
            _note(trace, f"a share is claimed and it holds no figure to settle it (x{UNCOVERED})")
        elif request.share and not unit.figures:
            score *= NOT_A_SHARE
            _note(trace, f"a share is asked and it holds no figure (x{NOT_A_SHARE})")
        elif analysis.figure and not (analysis.figure_only_as_topic and analysis.figure_topics & unit.primary) \
                and (not unit.figures or (unit.target.part == Part.DESIGN and not analysis.asked_count & unit.counts
                                          and not any(term.terms & unit.stated for term in analysis.terms))):
            score *= NOT_A_FIGURE
            _note(trace, f"a number is asked and it holds none of that (x{NOT_A_FIGURE})")
        if request.who and (unit.target.part in NAMES_NO_ONE
                            or unit.target.part in FIGURE_PARTS and not unit.primary & self.people):
            score *= NOT_PEOPLE
            _note(trace, f"people are asked and its figures name none (x{NOT_PEOPLE})")
        if request.effect and self._aimed_at(unit) and not any(term.terms & self.intent for term in analysis.terms):
            score *= NOT_RESULTS
            _note(trace, f"an effect is asked and it counts what was aimed at (x{NOT_RESULTS})")
        if request.results and unit.target.part in NOT_RESULT_PARTS:
            score *= NOT_RESULTS
            _note(trace, f"results are asked and it holds none (x{NOT_RESULTS})")
        if unit.target.part in BIBLIOGRAPHIC and not any(t.parts or t.terms & unit.primary for t in analysis.terms):
            score *= UNASKED
            _note(trace, f"no part of a source is asked, and it is one (x{UNASKED})")
        asked = analysis.asked_count & self.lexicon.populations  # who is counted; "interventions" may be "studies"
        if asked & self.counts and unit.counts & self.lexicon.populations and not asked & unit.counts \
                and not (asked & unit.primary and self._a_count(unit)):  # ">400 people who tweeted" counts tweeters
            score *= UNCOVERED
            _note(trace, f"counts something other than '{analysis.asked_count_word}' (x{UNCOVERED})")
        elif asked and asked <= self.lexicon.hints and self._counts_some(unit, analysis):
            score *= UNCOVERED
            _note(trace, f"counts some {analysis.asked_count_word}, not all (x{UNCOVERED})")
        subgroup = self._other_subgroup(unit, analysis)
        if subgroup:
            score *= UNCOVERED
            _note(trace, f"its study gives '{subgroup}' figures of their own, and this is not one (x{UNCOVERED})")
        if scope and unit.target.source_id not in scope:
            factor = CITED_SCOPE if self._cited_by(scope, unit.target.source_id) else OFF_SCOPE
            score *= factor
            _note(trace, f"the question names another study (x{factor})")
        return score

    def _other_subgroup(self, unit: Unit, analysis: Analysis) -> str:
        """The subgroup a question names ("r/medicalschool threads") when ``unit`` is a figure of everyone or of
        another subgroup, and its study gives that subgroup figures of its own; else "". A figure of one of two
        subgroups a question compares is of a subgroup named."""
        if unit.target.part not in FIGURE_PARTS:
            return ""
        subgroups = self.subgroups[unit.target.source_id]
        if not subgroups:
            return ""
        named = [term for term in analysis.terms if term.terms & subgroups]
        own = unit.primary | unit.counts | unit.context
        if any(term.terms & own for term in named):  # one of two subgroups compared is enough
            return ""
        return named[0].wrote if named else ""

    def _cited_by(self, scope: set[str], source_id: str) -> bool:
        """Whether a source the question names cites ``source_id``: what a post says of a study it summarises is
        that study's finding ("does the post list privacy as a challenge?")."""
        return any(source_id in self.sources[named].cites for named in scope)

    def _each_of(self, found: Match, scored: list[tuple[float, float, int]]) -> Match:
        """A question about "both papers" or "each study" that ties on one part of several sources (their journals):
        that part of each study, the studies a post cites before other studies and those before other sources,
        instead of asking which."""
        best = self.units[scored[0][2]]
        tied = [self.units[position] for _, score, position in scored if score >= scored[0][1] - CLOSE
                and self.units[position].target.part == best.target.part]
        sources = list(dict.fromkeys(unit.target.source_id for unit in tied))
        if len(sources) < 2:
            return found
        sources.sort(key=lambda source_id: (self.sources[source_id].kind != "study", source_id not in self.cited))
        targets = [next(u.target for u in tied if u.target.source_id == source_id) for source_id in sources]
        return Match(targets[:MAX_TARGETS], found.confidence, suggestions=found.suggestions,
                     reason=f"the question asks about each study, and their {best.target.part} tie")

    def _pair(self, found: Match, scored: list[tuple[float, float, int]], analysis: Analysis, request: Request,
              shares: list[float], scope: set[str], joins_two: bool) -> Match:
        """A question about two things ("compare more feedback with privacy concerns", "the top aim and the top
        opportunity") that no one unit holds: the best unit and the one of its study that holds what it lacks,
        answered together when together they explain the question at least :data:`PAIR_GAIN` better, and above the
        line (a line higher by as much when the best alone was below it, and only when the question ``joins_two``
        things)."""
        if found.ambiguous or len(found.targets) > 1 or not scored or not (found.targets or joins_two):
            return found
        best_score, best_position = scored[0][1], scored[0][2]
        best = self.units[best_position]
        best_factors = self._term_factors(best, analysis)
        if all(factor == 1.0 for factor, _ in best_factors):
            return found
        best_kind = self._kind_factor(best, analysis, request, scope, None)
        chosen: tuple[float, Unit] | None = None
        for _, _, position in scored[1:PAIRED]:
            other = self.units[position]
            if _related(other.target, best.target) or other.target.source_id != best.target.source_id or (
                    other.target.part in FIGURE_PARTS) != (best.target.part in FIGURE_PARTS):
                continue
            together = math.prod(max(a, b) ** share for (a, _), (b, _), share
                                 in zip(best_factors, self._term_factors(other, analysis), shares, strict=True))
            together *= min(best_kind, self._kind_factor(other, analysis, request, scope, None))
            line = ANSWER_AT if found.targets else ANSWER_AT + PAIR_GAIN
            if together >= max(line, best_score + PAIR_GAIN) and (chosen is None or together > chosen[0]):
                chosen = (together, other)
        if chosen is None:
            return found
        return Match([best.target, chosen[1].target], round(chosen[0], 3), suggestions=found.suggestions,
                     reason=f"two units together score {chosen[0]:.2f}, each holding what the other lacks")

    def _candidate(self, unit: Unit, analysis: Analysis, request: Request, shares: list[float], scope: set[str],
                   score: float) -> Candidate:
        trace: list[str] = []
        self._score(unit, analysis, request, shares, scope, trace)
        hinted = _hints_shared(unit, analysis)
        if hinted:
            trace.append(f"shares {hinted} generic word(s) (x{1 + HINT_BONUS * hinted:.2f})")
        return Candidate(unit.target, round(score, 3), tuple(trace))


def _subgroups(source: Source, lexicon: Lexicon) -> frozenset[str]:
    """The subgroups a study gives figures of its own ("Requests for study resources on r/Step1", a share of
    "r/Step1 threads"): the words a figure's label and its own denominator share. Its other figures are of everyone."""
    found: set[str] = set()
    for finding in source.findings:
        for stat in finding.stats:
            if stat.denominator is not None:
                found |= lexicon.index_terms(stat.label).terms & lexicon.index_terms(
                    _qualifiers(stat.denominator.unit)).terms
    counted = [source.design.unit if source.design else ""]  # what every figure counts ("threads") is no subgroup
    counted += [finding.denominator.unit for finding in source.findings if finding.denominator]
    return frozenset(found).difference(*(lexicon.index_terms(unit).terms for unit in counted))


def _qualifiers(unit: str) -> str:
    """A denominator's words that say which of what it counts ("r/Step1" of "r/Step1 threads", "by physicians" of
    "videos by physicians"), without the thing counted (a share "of 4,500 tweets" is of tweets, no subgroup)."""
    words = unit.split()
    end = next((index for index, word in enumerate(words) if word.casefold() in DENOMINATOR_LINKS), len(words))
    while end > 1 and words[end - 1].endswith("ed"):  # "residents randomized to ...": "residents" is counted
        end -= 1
    return " ".join(words[:end - 1] + words[end:])


def _plain(term: Term) -> frozenset[str]:
    """A part word as a plain word ("year" of "first-year class" asks for no publication year), as it was read."""
    return frozenset(map(stem, normalise(term.spelled or term.wrote)))


def _hints_shared(unit: Unit, analysis: Analysis) -> int:
    """How many of the question's generic words ("studies", "medical education") a unit shares."""
    return len(analysis.hints & unit.hints) + len(analysis.hints & unit.counts)


def _declined(request: Request, source: Source | None, unit: Unit | None, analysis: Analysis, lexicon: Lexicon,
              counts: frozenset[str], in_units: Counter[str]) -> str:
    """Why ``unit`` of ``source`` cannot answer what is asked, or "" when it can (with no unit: what the question
    asks for that no source holds)."""
    name = source.short_name if source else "The knowledge base"
    if request.asks is Asked.ADVICE:
        return ("The knowledge base reports what the studies found; it gives no advice. Ask what they found about "
                "it instead.")
    if request.asks is Asked.ABOUT_BOT:
        return ("I'm the MedEd Evidence Bot: I answer from the knowledge base of studies on social media in medical "
                "education. Ask me about their figures, limitations or citations.")
    if request.asks is Asked.DEFINITION:
        return f"The knowledge base does not define {request.subject or 'terms'}; it holds findings and citations."
    if request.asks is Asked.PLACE:
        return f"{name} records no place for that; the knowledge base holds its findings and citation."
    if request.member and source:
        return f"{name} reports on the studies it reviewed as a group; it does not name or describe them one by one."
    held = unit.primary | unit.counts if unit else frozenset()
    if request.asks is Asked.DURATION and not _timed(held, lexicon) and not _holds_word(request.subject, held, lexicon):
        what = "age" if request.subject == "age" else "duration"
        return f"{name} records no {what}; the knowledge base holds its findings and citation."
    if request.per and unit and not _holds_word(request.per, held | unit.context, lexicon):
        return f"{name} records no figure per {request.per}; the knowledge base holds its findings and citation."
    if request.when and source and not _says_when(source, unit):
        return f"{name} records no date for that; the knowledge base holds its findings and citation."
    labels = _labels(source, unit) if source else []
    if request.asks is Asked.COMPLEMENT and not any(request.subject in normalise(label) for label in labels):
        return _complement(name)
    for identifier in request.identifiers if source else ():
        if identifier == "title" and not source.has_own_title:
            return f"{name} has no title of its own; its citation is below."
        if not getattr(source, identifier):
            return f"The knowledge base records no {identifier.upper()} for {name}; its citation is below."
    word = analysis.asked_count_word
    thing = word.endswith("s") or english_rarity(word) >= 0.5 or lexicon.field_topic(analysis.asked_count)
    unknown = thing and not any(term in in_units or term in lexicon.hints for term in analysis.asked_count)
    uncounted = analysis.asked_count <= lexicon.populations and not analysis.asked_count & counts
    if analysis.figure and analysis.asked_count and (unknown or uncounted):
        return f"Nothing in the knowledge base counts {analysis.asked_count_word}."
    return ""


def _says_when(source: Source, unit: Unit | None) -> bool:
    """Whether ``unit`` can say when: a citation or journal of a dated source (its year), or a unit holding a year;
    with no unit, the whole study, when its design or methods are dated."""
    if unit is None:
        return _dated(source)
    if unit.target.part in NAMED_BY_JOURNAL:
        return bool(source.year)  # its title may name other studies' years
    return any(YEAR.fullmatch(term) for term in unit.primary | unit.context | unit.scope)


def _holds_word(word: str, held: frozenset[str], lexicon: Lexicon) -> bool:
    """Whether terms ``held`` by a unit include ``word`` ("hours") as the lexicon reads it; an empty word, or one
    the vocabulary sets aside, is held by none."""
    return bool(word) and any(term.terms & held for term in lexicon.analyse(word).terms)


def _timed(held: frozenset[str], lexicon: Lexicon) -> bool:
    """Whether a unit holds a figure in units of time ("25 minutes", "2 hours per week"): it answers "how long"."""
    return any(term.terms & held for term in lexicon.analyse(" ".join(sorted(DURATION_UNITS))).terms)


def _counted_in_design(source: Source, head: str) -> bool:
    """Whether a study's design or methods give only a number of ``head`` ("9 US residency programs", "5 hospitals
    in Ontario"), never a list of them: "which programs?" asks to name them, and a count names none."""
    texts = (source.design.description if source.design else "", *source.methods)
    if any(re.search(rf"\b{re.escape(head[:-1])}\w*\s*[(:]", text, re.IGNORECASE) for text in texts):
        return False  # "six hashtags (#ECG, #EKG, ...)": it names them
    wanted = stem(head)
    return any(is_number(word) and wanted in map(stem, words[at + 1:at + 1 + COUNTED_WITHIN])
               for words in map(normalise, texts) for at, word in enumerate(words))


def _complement(name: str) -> str:
    """Why the complement of a figure ("no presence at all", "unrelated") is not answered."""
    return (f"{name} does not state that figure; each figure counts those who did, and they cannot be combined "
            "into those who did not.")


def _labels(source: Source, unit: Unit | None) -> list[str]:
    """The labels of the figures a unit holds (one for a statistic, all of a finding group)."""
    finding = source.finding(unit.target.finding) if unit and unit.target.finding else None
    if finding is None:
        return []
    if unit and unit.target.stat is not None:
        return [finding.stats[unit.target.stat].label]
    return [stat.label for stat in finding.stats]


def _note(trace: list[str] | None, line: str) -> None:
    if trace is not None:
        trace.append(line)


def _with(found: Match, **changes: object) -> Match:
    return replace(found, **changes)


def _the_author(kb: KnowledgeBase) -> str | None:
    """The source "the author" names when a question names no study: the one source a single author wrote, or of
    several, the one that cites others (the post a member reads); None when that is not one source."""
    sole = [source for source in kb.sources if len(source.authors) == 1]
    citing = [source for source in sole if source.cites]
    chosen = citing if len(citing) == 1 else sole
    return chosen[0].id if len(chosen) == 1 else None


def _and(names: list[str]) -> str:
    """"A and B", "A, B and C"."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _listing(words: Iterable[str], lead: str = " such as ") -> str:
    words = [f"'{word}'" for word in words]
    return f"{lead}{', '.join(words)}" if words else ""


ACRONYM = re.compile(r"((?:[A-Z][\w'’-]*|of|on|in|for|and|the|to)(?:\s+(?:[A-Z][\w'’-]*|of|on|in|for|and|the|to)){1,9})"
                     r"\s*\(([A-Z][A-Za-z]{1,9})\)")


def _acronyms(kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    """Acronyms the sources spell out, as "The International Conference on Emergency Medicine (ICEM)", and their
    journals' abbreviations: lowercased short form -> (its expansion, the source that gives it)."""
    found: dict[str, tuple[str, str]] = {}
    for source in kb.sources:
        for text in source_texts(source):
            for phrase, acronym in ACRONYM.findall(text):
                words = phrase.split()
                for start in range(len(words)):
                    capitals = "".join(word[0] for word in words[start:] if word[0].isupper())
                    if capitals.lower() == acronym.lower() and words[start][0].isupper():
                        found.setdefault(acronym.lower(), (" ".join(words[start:]), source.id))
                        break
        if source.journal and source.journal_full and source.journal != source.journal_full:
            found.setdefault(" ".join(normalise(source.journal)), (source.journal_full, source.id))  # "Acad Med"
    return found


YEAR = re.compile(r"(?:19|20)\d\d")  # a year among a unit's terms: it can say when
DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                  r"(?:19|20)\d\d)\b")


def _dated(source: Source) -> bool:
    """Whether a source's design or methods say when it was done (a month or a year)."""
    texts = [source.design.description if source.design else "", *source.methods]
    return any(DATE.search(text) for text in texts)


def _plain_name(source: Source) -> str:
    """A study's name without the full stops of "et al." (which would end a sentence): "Neill 2014"."""
    family = source.authors[0].rpartition(" ")[0] if source.authors else source.id
    return f"{family} {source.year or ''}".strip()


def _citation_order(kb: KnowledgeBase) -> list[str]:
    """The studies in the order a post cites them ("the second paper" of a post is its second, and it has no third),
    else all studies in the knowledge base's order."""
    cited = [source_id for source in kb.sources for source_id in source.cites if kb.source(source_id)]
    return list(dict.fromkeys(cited)) or [source.id for source in kb.studies_first if source.kind == "study"]


def _editions(aliases: Iterable[str]) -> dict[str, set[str]]:
    """Named events with a year among the aliases: "ICEM 2012" -> {"icem": {"2012"}}."""
    editions: dict[str, set[str]] = {}
    for alias in aliases:
        words = normalise(alias)
        if len(words) == 2 and len(words[1]) == 4 and words[1].isdigit():
            editions.setdefault(words[0], set()).add(words[1])
    return editions


def _same_group(a: Target, b: Target) -> bool:
    return a.source_id == b.source_id and a.part == b.part and a.finding == b.finding


def _related(target: Target, chosen: Target) -> bool:
    """The same group or part, or a statistic of the chosen group (or the group of a chosen statistic)."""
    same_finding = bool(target.finding) and target.finding == chosen.finding and target.source_id == chosen.source_id
    return _same_group(target, chosen) or same_finding


def _distinct_groups(targets: list[Target]) -> list[Target]:
    """One target per finding group or part, best first."""
    out: list[Target] = []
    for target in targets:
        if not any(_related(target, kept) for kept in out):
            out.append(target)
    return out


def _collapse(tied: list[Target], whole_groups: bool = False) -> tuple[list[Target], list[Target]]:
    """Tied units -> (what to answer, or two close alternatives to offer instead).

    One target per source, at most :data:`MAX_TARGETS`. Within a source a figure outranks prose that mentions the
    same words; a statistic of one group outranks other groups that only mention its words ("Podcasts 81.4%"
    before "concerns about learning from podcasts"); a group and one of its statistics become the statistic (the
    group, when ``whole_groups``: a comparison wants all its figures); several statistics of one group become the
    group; figures of two different groups of the best source tie only when the question fits both, so the member
    is asked which (a later source that is split so is left out rather than asked about).
    """
    by_source: dict[str, list[Target]] = {}
    for target in tied:
        by_source.setdefault(target.source_id, []).append(target)
    chosen = []
    for targets in by_source.values():
        figures = [t for t in targets if t.part in (Part.FINDING, Part.STAT)] or targets[:1]
        stats_of = {t.finding for t in figures if t.part == Part.STAT}
        if len(stats_of) == 1 and not whole_groups:  # a figure named outright before groups that mention its word
            figures = [t for t in figures if t.finding in stats_of]
        groups = list(dict.fromkeys(t.finding for t in figures))
        if len(groups) > 1:
            if chosen:
                continue
            first, second = (next(t for t in figures if t.finding == g) for g in groups[:2])
            return [], [first, second]
        stats = [t for t in figures if t.part == Part.STAT]
        first = figures[0]
        if len(stats) == 1 and not (whole_groups and len(figures) > 1):
            chosen.append(stats[0])
        elif len(figures) > 1:
            chosen.append(Target(first.source_id, Part.FINDING, first.finding))
        else:
            chosen.append(first)
    return chosen[:MAX_TARGETS], []
