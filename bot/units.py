"""The knowledge base cut into *units*, each a thing one answer can be about.

A unit is a finding group ("most common tools"), one statistic ("Wikis 21%"), or a part of a source (limitations,
conclusion, design, questions, objective, citation, authors, journal, summary, and a post's advantages, bottom line
and author). Its *primary* terms say what it is about, its *context* terms where it sits (its group, what its
figures are a share of), its *scope* terms which study it belongs to, and its *parts* which kind of answer it is.
Every field comes from the knowledge files, so a new source is cut the same way with no code change.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.answers import Target
from bot.lexicon import IndexedText, Lexicon
from bot.scale import TermSets
from bot.schema import Denominator, Finding, Part, Source, written_fields


@dataclass(slots=True)
class Unit:
    """One thing an answer can be about (see the module docstring).

    A finding group also knows its statistics' ``labels``; a figure knows what it ``counts`` and its ``value`` as a
    term ("57"), so "what is the 57%?" finds it. ``context_parts`` are parts the unit answers only in passing (every
    line of a post is its author's view). ``study`` is what the whole study is about (its title and design), one set
    shared by all its figures: the outermost context. ``background`` is how the study was done (its methods and
    objective): a question's word found only there is not held, but not foreign to the figure either; it is kept out
    of :attr:`terms`, so it neither weighs words nor makes candidates. A design's ``stated`` terms are the few words
    just before a share it states ("312 responded" of "312 responded (75.7%)"): a figure it holds, as a finding would.
    """

    target: Target
    primary: frozenset[str]
    context: frozenset[str]
    scope: frozenset[str]
    parts: frozenset[str]
    hints: frozenset[str] = frozenset()
    context_parts: frozenset[str] = frozenset()
    labels: tuple[frozenset[str], ...] = ()
    counts: frozenset[str] = frozenset()
    value: str = ""
    study: frozenset[str] = frozenset()
    background: frozenset[str] = frozenset()
    stated: frozenset[str] = frozenset()
    figures: bool = field(init=False)   # it holds numbers: a figure, a finding group, or a design with its sample

    @property
    def terms(self) -> frozenset[str]:
        """Every content term that can tie a question to this unit."""
        return self.primary.union(self.context, self.scope, self.study, *self.labels,
                                  (self.value,) if self.value else ())

    def __post_init__(self) -> None:
        self.figures = self.target.part in (Part.STAT, Part.FINDING, Part.DESIGN)


# Parts a unit also answers: a post's bottom line is its conclusion, a post's author is its authors, a study's
# research questions are its objective (and the other way round), a post's advantages are part of its intro, and a
# citation names the journal.
ALSO_ANSWERS = {Part.BOTTOM_LINE: (Part.CONCLUSION,), Part.AUTHOR: (Part.AUTHORS,), Part.QUESTIONS: (Part.OBJECTIVE,),
                Part.OBJECTIVE: (Part.QUESTIONS,), Part.ADVANTAGES: (Part.SUMMARY,), Part.CITATION: (Part.JOURNAL,)}


# the few words before a share a design states: what it is a share of ("312 responded (75.7%)")
SHARE = re.compile(r"((?:[\w-]+[^\w;%]+){1,4})\(?\d+(?:\.\d+)?%")
WHO_USED = re.compile(r"\bwho (?:used|use|uses)\b", re.IGNORECASE)


# Parts a unit answers in passing: a study's design says what it examined, though its research questions say it best.
IN_PASSING = {Part.DESIGN: (Part.QUESTIONS, Part.OBJECTIVE)}


class UnitBuilder:
    """Cuts sources into units, analysing each text once and sharing equal term sets between units."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.sets = TermSets()
        self._texts: dict[tuple[str, ...], IndexedText] = {}
        self._values: dict[str, str] = {}

    def indexed(self, *texts: str) -> IndexedText:
        """Terms and hints of some knowledge texts, analysed once per distinct tuple of texts."""
        found = self._texts.get(texts)
        if found is None:
            each = [self.lexicon.index_terms(text) for text in texts]
            found = self._texts[texts] = IndexedText(self.sets.share(frozenset().union(*(i.terms for i in each))),
                                                     self.sets.share(frozenset().union(*(i.hints for i in each))))
        return found

    def terms(self, *texts: str) -> frozenset[str]:
        """Content terms of texts (generic words in prose say nothing about what a unit is)."""
        return self.indexed(*texts).terms

    def population_terms(self, *texts: str) -> frozenset[str]:
        """What a figure counts ("14 studies"), as terms and hints: "% of studies" points at the review. Those "who
        used Instagram" are its users."""
        indexed = self.indexed(*texts, *("users" for text in texts if WHO_USED.search(text)))
        return self.sets.union(indexed.terms, indexed.hints)

    def scope(self, source: Source) -> frozenset[str]:
        """The terms that name a study: its aliases, its journal, its authors' family names and its year."""
        families = (author.rpartition(" ")[0] or author for author in source.authors)
        names = frozenset().union(*map(self.lexicon.name_terms, (*source.aliases, source.journal, source.journal_full)))
        return self.sets.share(names | self.terms(*families, str(source.year or "")))

    def units(self, source: Source) -> Iterable[Unit]:
        """Every unit of one source."""
        scope = self.scope(source)
        hints = self.indexed(source.title).hints
        title = self.terms(source.title)
        voice = frozenset({Part.AUTHORS.value}) if source.kind == "post" else frozenset()

        def unit(part: Part, primary: frozenset[str], context: frozenset[str] = frozenset(),
                 counts: frozenset[str] = frozenset()) -> Unit:
            parts = frozenset((part.value, *(also.value for also in ALSO_ANSWERS.get(part, ()))))
            passing = voice | {also.value for also in IN_PASSING.get(part, ())}
            return Unit(Target(source.id, part), self.sets.share(primary), self.sets.share(context - primary), scope,
                        parts, hints, frozenset(passing - parts), counts=counts)

        study = self.terms(source.title, source.design.description if source.design else "")
        background = self.terms(*source.methods, source.objective, source.question)
        yield from (found for finding in source.findings
                    for found in self._finding_units(source, finding, scope, study, background, hints))
        if source.limitations:
            yield unit(Part.LIMITATIONS, self.terms(*source.limitations))
        if source.conclusion:
            yield unit(Part.CONCLUSION, self.terms(source.conclusion))
        if source.design or source.methods:
            design = source.design
            texts = [design.description, design.type, str(design.n or "")] if design else []
            found = unit(Part.DESIGN, self.terms(*texts), self.terms(design.unit if design else "", *source.methods),
                         self.population_terms(design.unit) if design else frozenset())
            found.stated = self.terms(*(words for text in (*texts, *source.methods) for words in SHARE.findall(text))) \
                - self.terms(design.type if design else "") - scope  # what the share is of, not the study's name
            yield found
        if source.questions_asked:
            yield unit(Part.QUESTIONS, self.terms(*source.questions_asked), self.terms(source.question))
        if source.objective:
            yield unit(Part.OBJECTIVE, self.terms(source.objective))
        yield unit(Part.CITATION, frozenset(), title | self.terms(source.journal, source.journal_full))
        if source.kind == "study":
            yield unit(Part.AUTHORS, self.terms(*(a.rpartition(" ")[0] for a in source.authors)), title)
            journal = frozenset().union(*map(self.lexicon.name_terms, filter(None, (source.journal,
                                                                                     source.journal_full))))
            yield unit(Part.JOURNAL, journal, title | self.terms(source.journal, source.journal_full))
            yield unit(Part.OVERVIEW, frozenset(), title)
        else:
            yield unit(Part.AUTHOR, self.terms(source.author_display), self.terms(*source.author_roles))
        if source.summary:
            yield unit(Part.SUMMARY, self.terms(source.summary))
        if source.advantages:
            yield unit(Part.ADVANTAGES, self.terms(*source.advantages, source.advantages_intro))
        if source.bottom_line:
            yield unit(Part.BOTTOM_LINE, self.terms(source.bottom_line))

    def _finding_units(self, source: Source, finding: Finding, scope: frozenset[str], study: frozenset[str],
                       background: frozenset[str], hints: frozenset[str]) -> Iterable[Unit]:
        """A finding group and each of its statistics; what the study set out to do is their outer context."""
        group = self.terms(finding.topic, *finding.aliases)
        shared = self.population_terms(finding.denominator.unit) if finding.denominator else frozenset()
        group_context = self.figure_context(group, finding.denominator)
        labels = tuple(self.terms(stat.label, *stat.aliases) for stat in finding.stats)
        stat_parts = frozenset((Part.STAT.value,))
        stats = []
        for index, stat in enumerate(finding.stats):
            own = self.terms(stat.label, *stat.aliases, stat.unit) if stat.aliases or stat.unit else labels[index]
            if stat.denominator is None:
                context, counts = group_context, self.sets.union(shared, self.population_terms(stat.unit))
            else:
                context = self.figure_context(group, stat.denominator)
                counts = self.population_terms(stat.denominator.unit)
            stats.append(Unit(Target(source.id, Part.STAT, finding.id, index), own, context, scope, stat_parts,
                              hints, counts=counts, value=self.value(stat.value.text), study=study,
                              background=background))
        counts = self.sets.share(shared.union(*(unit.counts for unit in stats)))
        yield Unit(Target(source.id, Part.FINDING, finding.id), group, self.sets.share(shared - group), scope,
                   frozenset((Part.FINDING.value,)), hints, labels=labels, counts=counts, study=study,
                   background=background)
        yield from stats

    def figure_context(self, group: frozenset[str], denominator: Denominator | None) -> frozenset[str]:
        """Where a figure sits: its group's terms and what it is a share of."""
        if denominator is None:
            return group
        return self.sets.union(group, self.terms(denominator.unit, denominator.n.text))

    def value(self, written: str) -> str:
        """A figure as a term: "71%" -> "71", "4,500" -> "4500"."""
        found = self._values.get(written)
        if found is None:
            found = self._values[written] = next(iter(self.terms(written.lstrip("<>~="))), "")
        return found


#: Fields of a source that hold identifiers, locators or a moderator's remark, not words a member asks with.
NOT_WORDS = frozenset({"id", "kind", "volume", "issue", "pages", "doi", "pmid", "url", "cited_as", "cites", "publisher",
                       "note"})
_SOURCE_TYPES = typing.get_type_hints(Source)
#: Every other field of text or of texts: a new one is learned with no change here.
WORD_FIELDS = tuple(name for name in written_fields(Source)
                    if name not in NOT_WORDS and _SOURCE_TYPES[name] in (str, tuple[str, ...]))


def source_texts(source: Source) -> list[str]:
    """Every text of a source whose words the lexicon must know."""
    texts = [str(source.year or "")]
    for name in WORD_FIELDS:
        value = getattr(source, name)
        texts += value if isinstance(value, tuple) else [value]
    for finding in source.findings:
        texts += [finding.topic, *finding.aliases]
        for stat in finding.stats:
            texts += [stat.label, *stat.aliases, stat.unit, stat.value.text]
            denominator = finding.denominator_of(stat)
            if denominator:
                texts += [denominator.unit, denominator.n.text]
    return texts
