"""Question -> the part of the knowledge base it asks about, or an honest abstention.

The knowledge base is cut into *units*, each a thing one answer can be about: a finding group ("most common tools"),
one statistic ("Wikis 21%"), a study's limitations, conclusion, design, questions, objective, citation, authors,
journal, and the post's advantages, bottom line and author. Each unit has *primary* terms (what it is about) and
*context* terms (its group, its denominator, the study's names). A question is scored against a unit by how much of
the question's weighted content the unit covers (rare words weigh more; a word the knowledge base has never seen
weighs most, so "retweets" or "followers" pull a question below the line). Naming a study ("review", "ICEM") scopes
the question; asking for a number favours statistics. Below :data:`ANSWER_AT` the matcher abstains.

With a large knowledge base, SQLite FTS5 first narrows the units to those sharing a term with the question, so cost
grows slowly with size; with a small one every unit is scored (and both give the same answer there).
"""

from __future__ import annotations

import gc
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from bot.answers import Target
from bot.knowledge import KnowledgeBase
from bot.lexicon import HINT, Analysis, Lexicon, normalise
from bot.schema import Denominator, Finding, Source

# Scoring. A question's terms are weighed by rarity; a unit keeps a term at full value when the term is one of its
# primary or scope terms, and scales the score by these factors (each raised to the term's share of the weight).
CONTEXT = 0.6           # the term is only around the unit (its group, its denominator)
ONE_LABEL = 0.45        # a group named through one of its statistics: the statistic is the better answer
UNCOVERED = 0.15        # the unit does not have the term at all (nor does the knowledge base, for an unknown word)
SCOPE_WEIGHT = 0.5      # a study's name weighs half: it says where to look, not what is asked
OFF_SCOPE = 0.6         # the question names another study
NOT_A_FIGURE = 0.85     # a number is asked for, and this unit holds none
FIGURE_PARTS = ("stat", "finding", "design")
HINT_BONUS = 0.05       # per generic word ("studies") the unit shares: breaks ties, never decides

# Deciding.
ANSWER_AT = 0.64        # below this the matcher abstains (tuned on questions written blind from the source)
TIE = 0.03              # units this close to the best are answered together (or offered as "did you mean")
SURE = 0.85             # below this, a runner-up within CLOSE is offered instead of guessed
CLOSE = 0.08
MAX_TARGETS = 2

# Narrowing a large knowledge base with FTS5.
NARROW_AT = 500         # units; below it every unit is scored
CANDIDATES = 100        # units FTS5 returns, best bm25 first
RAREST = 3              # only the question's rarest terms are searched ...
COMMON_TERM_SHARE = 0.02    # ... and only those in at most this share of units
RARE_POSTINGS = 2000        # ... or this many, whichever is fewer
NAMED_STUDIES = 3       # a question naming at most this many studies gets all their units as candidates


@dataclass(frozen=True)
class Match:
    """What a question is about: ``targets`` (empty = abstain), with closest alternatives as ``suggestions``."""

    targets: list[Target]
    confidence: float = 0.0
    note: str = ""
    suggestions: list[Target] = field(default_factory=list)
    ambiguous: bool = False


@dataclass(slots=True)
class Unit:
    """One thing an answer can be about: ``primary`` terms say what, ``context`` terms where, ``scope`` which study.

    A finding group also knows its statistics' ``labels``; a figure knows what it ``counts`` and its ``value`` as a
    term ("57"), so "what is the 57%?" finds it.
    """

    target: Target
    primary: frozenset[str]
    context: frozenset[str]
    scope: frozenset[str]
    labels: tuple[frozenset[str], ...] = ()
    counts: frozenset[str] = frozenset()
    value: str = ""

    @property
    def terms(self) -> frozenset[str]:
        """Every term that can tie a question to this unit."""
        return self.primary.union(self.context, self.scope, *self.labels, (self.value,) if self.value else ())


class UnitBuilder:
    """Cuts sources into units, analysing each text once and sharing equal term sets between units."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._sets: dict[tuple[str, ...], frozenset[str]] = {}
        self._shared: dict[frozenset[str], frozenset[str]] = {}
        self._unions: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = {}
        self._values: dict[str, str] = {}
        self._content: dict[tuple[str, ...], frozenset[str]] = {}

    def counted(self, *texts: str) -> frozenset[str]:
        """Terms of what a figure counts ("14 studies"), hints included: "% of studies" points at the review."""
        found = self._sets.get(texts)
        if found is None:
            found = self._sets[texts] = self.share(frozenset().union(*map(self.lexicon.index_terms, texts)))
        return found

    def terms(self, *texts: str) -> frozenset[str]:
        """Content terms of texts (no hints: generic words in prose say nothing about what a unit is)."""
        found = self._content.get(texts)
        if found is None:
            found = self._content[texts] = self.share(frozenset(t for t in self.counted(*texts) if t[0] != HINT))
        return found

    def share(self, terms: frozenset[str]) -> frozenset[str]:
        """One object for equal sets: a large knowledge base repeats its labels and denominators many times."""
        return self._shared.setdefault(terms, terms)

    def union(self, first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
        """``first | second``, computed once per pair of shared sets."""
        found = self._unions.get((first, second))
        if found is None:
            found = self._unions[(first, second)] = self.share(first | second)
        return found

    def scope(self, source: Source) -> frozenset[str]:
        """The terms that name a study: its aliases, its authors' family names and its year (never a part-of-study
        word such as @authors)."""
        families = (author.rpartition(" ")[0] or author for author in source.authors)
        names = self.terms(*source.aliases, *families, str(source.year or ""))
        return self.share(frozenset(term for term in names if not term.startswith(("@", "~"))))

    def units(self, source: Source) -> Iterable[Unit]:
        title_hints = frozenset(term for term in self.counted(source.title) if term.startswith(HINT))
        scope = self.share(self.scope(source) | title_hints)
        title = self.terms(source.title)
        voice = frozenset({"@authors"}) if source.kind == "post" else frozenset()

        def unit(part: str, primary: frozenset[str], context: frozenset[str] = frozenset(),
                 counts: frozenset[str] = frozenset()) -> Unit:
            """A part of the study; everything a post says is its author's, so "the author's view" fits any of it."""
            return Unit(Target(source.id, part), primary | {f"@{part}"}, (context | voice) - primary, scope,
                        counts=counts)

        for finding in source.findings:
            yield from self._finding_units(source, finding, scope)
        if source.limitations:
            yield unit("limitations", self.terms(*source.limitations))
        if source.conclusion:
            yield unit("conclusion", self.terms(source.conclusion))
        if source.design or source.methods:
            design = source.design
            texts = [design.description, design.type, str(design.n or "")] if design else []
            yield unit("design", self.terms(*texts), self.terms(design.unit if design else "", *source.methods),
                       self.counted(design.unit) if design else frozenset())
        if source.questions_asked:
            yield unit("questions", self.terms(*source.questions_asked), self.terms(source.question))
        if source.objective:
            yield unit("objective", self.terms(source.objective))
        identifiers = {name for name, value in (("doi", source.doi), ("pmid", source.pmid)) if value}
        yield unit("citation", frozenset(identifiers), title | self.terms(source.journal, source.journal_full))
        if source.kind == "study":
            yield unit("authors", self.terms(*(a.rpartition(" ")[0] for a in source.authors)), title)
            yield unit("journal", self.terms(source.journal, source.journal_full), title)
            yield unit("overview", frozenset(), title)
        else:
            yield unit("author", self.terms(source.author_display) | {"@authors"}, self.terms(*source.author_roles))
        if source.advantages:
            yield unit("advantages", self.terms(*source.advantages, source.advantages_intro))
        if source.bottom_line:
            yield unit("bottom_line", self.terms(source.bottom_line) | {"@conclusion"})

    def _finding_units(self, source: Source, finding: Finding, scope: frozenset[str]) -> Iterable[Unit]:
        group = self.terms(finding.topic, *finding.aliases)
        shared = self.counted(finding.denominator.unit) if finding.denominator else frozenset()
        group_context = self.figure_context(group, finding.denominator)
        labels = tuple(self.terms(stat.label, *stat.aliases) for stat in finding.stats)
        stats = []
        for index, stat in enumerate(finding.stats):
            own = self.terms(stat.label, *stat.aliases, stat.unit) if stat.aliases or stat.unit else labels[index]
            if stat.denominator is None:
                context, counts = group_context, shared or self.counted(stat.unit)
            else:
                context, counts = self.figure_context(group, stat.denominator), self.counted(stat.denominator.unit)
            stats.append(Unit(Target(source.id, "stat", finding.id, index), own, context, scope, counts=counts,
                              value=self.value(stat.value.text)))
        counts = self.share(shared.union(*(unit.counts for unit in stats)))
        yield Unit(Target(source.id, "finding", finding.id), group | {"@finding"}, self.share(shared - group), scope,
                   labels, counts)
        yield from stats

    def figure_context(self, group: frozenset[str], denominator: Denominator | None) -> frozenset[str]:
        """Where a figure sits: its group's terms and what it is a share of."""
        if denominator is None:
            return group
        return self.union(group, self.counted(denominator.unit, denominator.n.text))

    def value(self, written: str) -> str:
        """A figure as a term: "71%" -> "71", "4,500" -> "4500"."""
        found = self._values.get(written)
        if found is None:
            found = self._values[written] = next(iter(self.counted(written.lstrip("<>~="))), "")
        return found


class Matcher:
    """Scores questions against the units of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, narrow: bool | None = None) -> None:
        with _collector_paused():
            self._build(kb, narrow)

    def _build(self, kb: KnowledgeBase, narrow: bool | None) -> None:
        self.lexicon = Lexicon(kb.vocabulary, (alias for source in kb.sources for alias in source.aliases))
        self.lexicon.learn(text for source in kb.sources for text in _source_texts(source))
        self.lexicon.freeze()
        builder = UnitBuilder(self.lexicon)
        self.units = [unit for source in kb.studies_first for unit in builder.units(source)]
        self.scopes = {source.id: builder.scope(source) for source in kb.sources}
        self.scope_terms = frozenset().union(*self.scopes.values())
        self.scope_index: dict[str, set[str]] = {}
        for source_id, terms in self.scopes.items():
            for term in terms:
                self.scope_index.setdefault(term, set()).add(source_id)
        self.editions = _editions(alias for source in kb.sources for alias in source.aliases)
        self.df: Counter[str] = Counter()
        self.source_units: dict[str, list[int]] = {}
        for position, unit in enumerate(self.units):
            self.source_units.setdefault(unit.target.source_id, []).append(position)
        self.unknown_weight = self._idf(1)
        self.narrow = len(self.units) > NARROW_AT if narrow is None else narrow
        for unit in self.units:
            self.df.update(unit.terms)
        self.fts = _UnitIndex(self.units) if self.narrow else None
        self.lexicon.forget_texts()

    def _idf(self, df: int) -> float:
        return math.log(1 + len(self.units) / max(df, 1))

    def match(self, question: str) -> Match:
        analysis = self.lexicon.analyse(question)
        if not analysis.terms:
            return Match([], 0.0)
        scope = {source for alternatives in analysis.terms for term in alternatives
                 for source in self.scope_index.get(term, ())}
        edition = self._other_edition(question)
        if edition:
            return Match([], 0.0, note=edition)
        if scope and all(alt <= self.scope_terms for alt in analysis.terms):
            named = {source: sum(bool(alt & self.scopes[source]) for alt in analysis.terms) for source in scope}
            wholes = [self._whole(source, analysis) for source in sorted(scope) if named[source] == max(named.values())]
            return Match([target for target in wholes if target], 1.0 if all(wholes) else 0.0)
        weights = [self._weight(alternatives) for alternatives in analysis.terms]
        shares = [weight / sum(weights) for weight in weights]
        candidates = self._candidates(analysis, scope)
        scored = []
        for position, unit in candidates:
            score = self._score(unit, analysis, shares, scope)
            hinted = len(analysis.hints & (unit.primary | unit.context | unit.scope))
            scored.append((score * (1 + HINT_BONUS * hinted), score, position))
        if not scored:
            return Match([], 0.0)
        scored.sort(key=lambda row: (-row[0], row[2]))
        return self._decide(scored)

    def _decide(self, scored: list[tuple[float, float, int]]) -> Match:
        """From units ranked (score with hints, score, position): an answer, an abstention, or a question back."""
        top, best, _ = scored[0]
        ranked = [self.units[position].target for _, _, position in scored[:12]]
        if best < ANSWER_AT:
            return Match([], round(best, 3), suggestions=_distinct_groups(ranked)[:3])
        tied = [self.units[position].target for score, _, position in scored if score >= top - TIE]
        targets, alternatives = _collapse(tied)
        if alternatives:
            return Match([], round(best, 3), suggestions=alternatives, ambiguous=True)
        others = [(score, self.units[position].target) for score, _, position in scored
                  if not any(_related(self.units[position].target, chosen) for chosen in targets)]
        if others and best < SURE and top - others[0][0] < CLOSE:
            runner_up = others[0][1]
            return Match([], round(best, 3), suggestions=[*targets, runner_up], ambiguous=True)
        suggestions = _distinct_groups([target for _, target in others[:12]])
        return Match(targets, round(best, 3), suggestions=suggestions[:3])

    def _other_edition(self, question: str) -> str:
        """A question about another year of a named event ("ICEM 2014") is not about the study of ICEM 2012."""
        words = normalise(question)
        for name, year in zip(words, words[1:]):
            known = self.editions.get(name)
            if known and len(year) == 4 and year.isdigit() and year not in known:
                return f"The knowledge base covers {name.upper()} {', '.join(sorted(known))} only, not {year}."
        return ""

    def _whole(self, source_id: str, analysis: Analysis) -> Target | None:
        """A question that only names a study: its design if a number is asked for (None when the number asked
        counts something the design does not), else its overview."""
        units = {self.units[position].target.part: self.units[position] for position in self.source_units[source_id]}
        if not analysis.figure:
            return Target(source_id, "overview" if "overview" in units else "study")
        design = units.get("design")
        if design is None or (analysis.counted and not analysis.counted & design.counts):
            return None
        return design.target

    def _weight(self, alternatives: frozenset[str]) -> float:
        df = max((self.df.get(term, 0) for term in alternatives), default=0)
        weight = self._idf(df) if df else self.unknown_weight
        return weight * SCOPE_WEIGHT if alternatives & self.scope_terms else weight

    def _candidates(self, analysis: Analysis, scope: set[str]) -> list[tuple[int, Unit]]:
        """Units sharing at least one term with the question: all of them, or FTS5's best in a large base, plus
        every unit of a study the question names."""
        terms = {term for alternatives in analysis.terms for term in alternatives if term in self.df}
        if self.fts is None:
            return [(position, unit) for position, unit in enumerate(self.units) if not terms.isdisjoint(unit.terms)]
        terms -= self.scope_terms
        common = max(min(len(self.units) * COMMON_TERM_SHARE, RARE_POSTINGS), CANDIDATES)
        ranked = True
        if len(self.units) > common:
            by_rarity = sorted(terms, key=self.df.__getitem__)
            rare = {term for term in by_rarity[:RAREST] if self.df[term] <= common}
            ranked = bool(rare)
            terms = rare or set(by_rarity[:1])
        positions = set(self.fts.search(terms, ranked))
        if len(scope) <= NAMED_STUDIES:
            for source_id in scope:
                positions.update(self.source_units[source_id])
        return [(position, self.units[position]) for position in sorted(positions)]

    def _score(self, unit: Unit, analysis: Analysis, shares: list[float], scope: set[str]) -> float:
        """How well ``unit`` answers: 1.0 when it holds every term, less by the share of each term it lacks."""
        named = [labels for labels in unit.labels if any(alternatives & labels for alternatives in analysis.terms)]
        listed = frozenset().union(*named) if named else frozenset()
        label_factor = 1.0 if len(named) > 1 else ONE_LABEL
        score = 1.0
        for alternatives, share in zip(analysis.terms, shares):
            if alternatives & unit.primary or alternatives & unit.scope or unit.value in alternatives:
                continue
            if alternatives & listed:
                factor = label_factor
            else:
                factor = CONTEXT if alternatives & unit.context else UNCOVERED
            score *= factor ** share
        if analysis.figure and unit.target.part not in FIGURE_PARTS:
            score *= NOT_A_FIGURE
        if analysis.counted and unit.counts and not analysis.counted & unit.counts:
            score *= UNCOVERED
        if scope and unit.target.source_id not in scope:
            score *= OFF_SCOPE
        return score


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the index is built, then move what was built out of its reach.

    Building creates hundreds of thousands of long-lived objects and no cycles; each automatic full collection
    would walk the whole knowledge base again (a third of the build time at 100k findings), and later ones would
    stall a question now and then. Objects are still freed as usual when nothing refers to them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _editions(aliases: Iterable[str]) -> dict[str, set[str]]:
    """Named events with a year among the aliases: "ICEM 2012" -> {"icem": {"2012"}}."""
    editions: dict[str, set[str]] = {}
    for alias in aliases:
        words = normalise(alias)
        if len(words) == 2 and len(words[1]) == 4 and words[1].isdigit():
            editions.setdefault(words[0], set()).add(words[1])
    return editions


def _source_texts(source: Source) -> list[str]:
    texts = [str(source.year or ""), source.title, source.question, source.objective, source.conclusion, source.summary, source.bottom_line,
             source.author_display, *source.aliases, *source.authors, *source.limitations, *source.methods,
             *source.questions_asked, *source.advantages, *source.author_roles, source.journal, source.journal_full]
    for finding in source.findings:
        texts += [finding.topic, *finding.aliases]
        for stat in finding.stats:
            texts += [stat.label, *stat.aliases, stat.unit, stat.value.text]
            denominator = finding.denominator_of(stat)
            if denominator:
                texts += [denominator.unit, denominator.n.text]
    return texts


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
        if not any(_same_group(target, kept) or (target.finding and target.finding == kept.finding
                                                  and target.source_id == kept.source_id) for kept in out):
            out.append(target)
    return out


def _collapse(tied: list[Target]) -> tuple[list[Target], list[Target]]:
    """Tied units -> (what to answer, or two close alternatives to offer instead).

    One target per source, at most :data:`MAX_TARGETS`. Within a source a figure outranks prose that mentions the
    same words; a group and one of its statistics become the statistic; several statistics of one group become the
    group; figures of two different groups tie only when the question fits both, so the member is asked which.
    """
    by_source: dict[str, list[Target]] = {}
    for target in tied:
        by_source.setdefault(target.source_id, []).append(target)
    chosen = []
    for targets in by_source.values():
        figures = [t for t in targets if t.part in ("finding", "stat")] or targets[:1]
        groups = list(dict.fromkeys(t.finding for t in figures))
        if len(groups) > 1:
            first, second = (next(t for t in figures if t.finding == g) for g in groups[:2])
            return [], [first, second]
        stats = [t for t in figures if t.part == "stat"]
        first = figures[0]
        if len(stats) == 1:
            chosen.append(stats[0])
        elif len(figures) > 1:
            chosen.append(Target(first.source_id, "finding", first.finding))
        else:
            chosen.append(first)
    return chosen[:MAX_TARGETS], []


class _UnitIndex:
    """An in-memory FTS5 index of the units' terms, used to narrow candidates in a large knowledge base."""

    def __init__(self, units: list[Unit]) -> None:
        self._texts: dict[frozenset[str], str] = {}
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("create virtual table units using fts5(terms, tokenize = 'unicode61 tokenchars ''@_''')")
        self.db.executemany("insert into units(rowid, terms) values (?, ?)",
                            ((position, self._document(unit)) for position, unit in enumerate(units)))

    def _document(self, unit: Unit) -> str:
        """A unit's content terms as FTS5 tokens (a study's names are found through the scope index, and hints are
        never searched), built from the unit's shared term sets, each written out once."""
        parts = [self._text(unit.primary), self._text(unit.context), *map(self._text, unit.labels)]
        return " ".join((*parts, _token(unit.value))) if unit.value else " ".join(parts)

    def _text(self, terms: frozenset[str]) -> str:
        found = self._texts.get(terms)
        if found is None:
            found = self._texts[terms] = " ".join(_token(term) for term in terms if term[0] != HINT)
        return found

    def search(self, terms: set[str], ranked: bool = True) -> list[int]:
        """Units holding any of ``terms``: the best by bm25, or, for terms so common that ranking them all would
        cost more than it tells, simply the first ones found."""
        if not terms:
            return []
        query = " OR ".join(f'"{_token(term)}"' for term in sorted(terms))
        order = "order by rank" if ranked else ""
        rows = self.db.execute(f"select rowid from units where units match ? {order} limit ?", (query, CANDIDATES))
        return sorted(row[0] for row in rows.fetchall())


@cache
def _token(term: str) -> str:
    """A term as one FTS5 token: multi-word terms joined with underscores."""
    return term.replace(" ", "_").replace('"', "")
