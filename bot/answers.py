"""What the bot says: an :class:`Answer` built from knowledge records, with no idea how it will be shown.

The terminal, the JSON output and the Discord embed all render the same Answer (DESIGN.md rule 5). Figures are
carried as the source wrote them; a count computed from a percentage is always flagged as derived.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

from bot.citations import cite, locator
from bot.knowledge import KnowledgeBase
from bot.schema import Finding, Part, Source, Stat


class Outcome(StrEnum):
    """What an answer is when it is not about one part of a source: its ``kind`` is then one of these."""

    ABSTAIN = "abstain"  # not in the knowledge base
    DID_YOU_MEAN = "did_you_mean"  # two findings fit equally well: ask which
    RELATED = "related"  # every topic, as suggestions to follow


@dataclass(frozen=True)
class StatLine:
    """One figure: ``value`` exactly as written, ``share`` (0-100) only to size a bar."""

    label: str
    value: str
    denominator: str = ""
    count: int | None = None
    derived: bool = False
    share: float | None = None
    unit: str = ""
    focus: bool = False

    @property
    def detail(self) -> str:
        """'10 of 14 studies, derived', 'of 212 speakers', 'tweets'."""
        if self.count is not None and self.denominator:
            return f"{self.count} of {self.denominator}{', derived' if self.derived else ''}"
        if self.denominator:
            return f"of {self.denominator}"
        return self.unit

    def as_text(self) -> str:
        """'Blogs: 71% (10 of 14 studies, derived)', 'Median weekly listening time: 2.5 hours (of 254 podcast users)',
        'Faculty time spent on the server: 2 hours per week': a count reads with its unit, as it would be said."""
        counted = self.unit and not self.value.endswith("%")
        value = f"{self.value} {self.unit}" if counted else self.value
        detail = f" ({self.detail})" if self.detail and not (counted and self.detail == self.unit) else ""
        return f"{self.label}: {value}{detail}"


@dataclass(frozen=True)
class Section:
    """A block of an answer: a heading with figures and/or plain lines (bullets)."""

    heading: str
    stats: tuple[StatLine, ...] = ()
    lines: tuple[str, ...] = ()
    source_id: str = ""
    asked_lines: frozenset[int] = frozenset()  # lines that have the question's words: kept first when it is cut

    def first_lines(self, count: int | None) -> tuple[str, ...]:
        """At most ``count`` lines, in their order: those the question asks about first, then the first others."""
        if count is None or count >= len(self.lines):
            return self.lines
        chosen = sorted(self.asked_lines)[:count]
        chosen += [index for index in range(len(self.lines)) if index not in chosen][:count - len(chosen)]
        return tuple(self.lines[index] for index in sorted(chosen))


@dataclass(frozen=True)
class SourceRef:
    """A source as an answer cites it: ``name`` ("Cheston et al. 2013"), full ``citation``, short ``locator``."""

    id: str
    name: str
    citation: str
    url: str = ""
    locator: str = ""
    limitations: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A related thing to ask: ``label`` to show, ``question`` to ask it, ``target`` to answer it directly."""

    label: str
    question: str
    target: Target | None = None


@dataclass(frozen=True)
class Answer:
    """Everything one reply says: figures in ``sections``, ``caveats``, ``sources`` cited, ``suggestions`` to follow;
    ``confidence`` and ``reason`` say how sure the matcher was and why."""

    answered: bool
    title: str
    intro: str = ""
    sections: tuple[Section, ...] = ()
    caveats: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    note: str = ""
    kind: Part | Outcome | Literal[""] = ""
    targets: tuple[Target, ...] = ()
    confidence: float | None = None
    reason: str = ""

    @property
    def stats(self) -> tuple[StatLine, ...]:
        """Every figure of every section, in order."""
        return tuple(line for section in self.sections for line in section.stats)

    @property
    def source(self) -> SourceRef | None:
        """The first source cited (the only one, unless the answer spans studies)."""
        return self.sources[0] if self.sources else None


@dataclass(frozen=True)
class Target:
    """A thing in the knowledge base an answer can be about.

    ``part`` is a :class:`~bot.schema.Part`; ``finding`` and ``stat`` narrow a figure down to a group or one statistic.
    """

    source_id: str
    part: Part
    finding: str = ""
    stat: int | None = None


def source_ref(source: Source) -> SourceRef:
    """How an answer cites ``source``: its short name, AMA citation, address and locator."""
    where = f"{source.journal}. {locator(source)}" if source.journal else source.publisher
    return SourceRef(source.id, source.short_name, cite(source, "ama"), source.url, where, bool(source.limitations))


def stat_line(finding: Finding, stat: Stat, focus: bool = False) -> StatLine:
    """One figure of ``finding`` as an answer shows it, with its denominator."""
    denominator = finding.denominator_of(stat)
    share = float(stat.value.number) if stat.value.is_percent else None
    return StatLine(stat.label, stat.value.text, str(denominator) if denominator else "", stat.count, stat.derived,
                    share, stat.unit, focus)


def design_phrase(source: Source) -> str:
    """'systematic literature review of 14 studies' or the post's own description of what was done.

    Only the first letter is lowered, and not when the first word is an acronym ('ICEM'): proper nouns keep their
    capitals.
    """
    if source.design is None:
        return ""
    text = source.design.description
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """``text`` with a capital first letter and every other letter as written (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


class StaleTarget(LookupError):
    """A target the knowledge base no longer holds (a button older than an edit of the knowledge base)."""


def caveats_about(source: Source, finding: Finding, labels: set[str]) -> tuple[str, ...]:
    """The limitations that concern the figures of ``finding`` called ``labels``, or the study as a whole.

    A limitation that names another figure of the same finding ("the impact of Twitter") and none of these is left
    out: under LinkedIn it would mislead.
    """
    known = {stat.label for stat in finding.stats}

    def names(text: str, label: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, re.IGNORECASE) is not None

    return tuple(text for text in source.limitations
                 if any(names(text, label) for label in labels) or not any(names(text, label) for label in known))


class Composer:
    """Turns targets into Answers for one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._builders: dict[Part, Callable[[Source, Target], Answer]] = {
            Part.STAT: self._stat, Part.FINDING: self._finding, Part.LIMITATIONS: self._limitations,
            Part.CONCLUSION: self._conclusion, Part.DESIGN: self._design, Part.QUESTIONS: self._questions,
            Part.OBJECTIVE: self._objective, Part.CITATION: self._citation, Part.AUTHORS: self._authors,
            Part.JOURNAL: self._journal, Part.STUDY: self._study, Part.ADVANTAGES: self._advantages,
            Part.BOTTOM_LINE: self._bottom_line, Part.AUTHOR: self._authors, Part.SUMMARY: self._summary,
            Part.OVERVIEW: self._overview,
        }

    def compose(self, targets: list[Target], note: str = "", suggestions: tuple[Suggestion, ...] = ()) -> Answer:
        """One answer about one or more targets (several when a question spans studies or is evenly split)."""
        order = [source.id for source in self.kb.studies_first]
        targets = sorted(targets, key=lambda target: order.index(target.source_id) if target.source_id in order
                         else len(order))
        answers = [self._one(target) for target in targets]
        if len(answers) == 1:
            answer = answers[0]
            return replace(answer, note=note or answer.note, suggestions=suggestions, targets=tuple(targets))
        sections = []
        for target, answer in zip(targets, answers, strict=True):
            name, focused = answer.sources[0].name, target.part == Part.STAT
            for section in answer.sections:
                stats = tuple(line for line in section.stats if line.focus) if focused else section.stats
                sections.append(Section(_attributed(section.heading, name), stats, section.lines, section.source_id))
        several = len({a.sources[0].id for a in answers}) > 1
        return Answer(
            answered=True,
            title=" / ".join(dict.fromkeys(_attributed(a.title, a.sources[0].name) if several else a.title
                                           for a in answers)),
            intro=note or _spanning_note(targets, answers),
            sections=tuple(sections),
            caveats=tuple(dict.fromkeys(f"{a.sources[0].name}: {caveat}" if several else caveat
                                        for a in answers if a.stats for caveat in a.caveats)),
            sources=tuple(dict.fromkeys(s for a in answers for s in a.sources)),
            suggestions=suggestions,
            kind=answers[0].kind,
            targets=tuple(targets),
        )

    def _one(self, target: Target) -> Answer:
        source = self.kb.source(target.source_id)
        if source is None:
            raise StaleTarget(f"no source '{target.source_id}'")
        return self._builders[Part(target.part)](source, target)

    def _base(self, source: Source, kind: Part, title: str, intro: str = "", sections: tuple[Section, ...] = (),
              caveats: tuple[str, ...] = ()) -> Answer:
        return Answer(True, title, intro, sections, caveats, (source_ref(source),), kind=kind)

    def _finding(self, source: Source, target: Target) -> Answer:
        finding = source.finding(target.finding)
        if finding is None or (target.stat is not None and not 0 <= target.stat < len(finding.stats)):
            raise StaleTarget(f"no finding '{target.finding}' (figure {target.stat}) in {source.id}")
        lines = tuple(stat_line(finding, stat, focus=index == target.stat) for index, stat in enumerate(finding.stats))
        context = design_phrase(source)
        intro = f"{source.short_name}" + (f", {context}" if context else "")
        shown = {line.label for line in lines if line.focus or target.stat is None}
        return self._base(source, Part.FINDING, finding.topic, intro, (Section(finding.topic, lines, (), source.id),),
                          caveats_about(source, finding, shown))

    def _stat(self, source: Source, target: Target) -> Answer:
        answer = self._finding(source, target)
        focus = next(line for line in answer.stats if line.focus)
        return replace(answer, kind=Part.STAT, title=f"{focus.label}: {focus.value}")

    def _limitations(self, source: Source, target: Target) -> Answer:
        section = Section("Limitations", (), source.limitations, source.id)
        return self._base(source, Part.LIMITATIONS, f"Limitations of {source.short_name}",
                          sentence(design_phrase(source)), (section,))

    def _conclusion(self, source: Source, target: Target) -> Answer:
        section = Section("Conclusion", (), (source.conclusion,), source.id)
        return self._base(source, Part.CONCLUSION, f"Conclusion of {source.short_name}", "", (section,),
                          source.limitations)

    def _design(self, source: Source, target: Target) -> Answer:
        lines = [source.design.description] if source.design else []
        if source.design and source.design.n and source.design.unit and str(source.design.n) not in lines[0]:
            lines.append(f"Sample: {source.design.n} {source.design.unit}")
        lines += list(source.methods[1:] if source.methods and lines and source.methods[0] == lines[0] else source.methods)
        return self._base(source, Part.DESIGN, f"Design of {source.short_name}", source.question,
                          (Section("What they did", (), tuple(lines), source.id),), source.limitations)

    def _questions(self, source: Source, target: Target) -> Answer:
        section = Section("Questions asked", (), source.questions_asked, source.id)
        return self._base(source, Part.QUESTIONS, f"Questions asked by {source.short_name}",
                          sentence(design_phrase(source)), (section,))

    def _objective(self, source: Source, target: Target) -> Answer:
        """The objective, with the design it was pursued by ("documented social media at ICEM 2012")."""
        sections = [Section("Primary objective", (), (source.objective,), source.id)]
        if source.design:
            sections.append(Section("What they did", (), (source.design.description,), source.id))
        return self._base(source, Part.OBJECTIVE, f"Primary objective of {source.short_name}", source.question,
                          tuple(sections))

    def _citation(self, source: Source, target: Target) -> Answer:
        identifiers = tuple(f"{name}: {value}" for name, value in (("DOI", source.doi), ("PMID", source.pmid)) if value)
        section = Section("Citation", (), (cite(source, "ama"), *identifiers), source.id)
        return self._base(source, Part.CITATION, f"Citation: {source.short_name}", source.title, (section,))

    def _authors(self, source: Source, target: Target) -> Answer:
        lines = [", ".join(source.authors)] if source.kind == "study" else [source.author_display, *source.author_roles]
        return self._base(source, Part.AUTHORS, f"Authors of {source.short_name}", source.title,
                          (Section("Authors", (), tuple(lines), source.id), Section("Citation", (), (cite(source),), source.id)))

    def _journal(self, source: Source, target: Target) -> Answer:
        line = f"{source.journal_full} ({source.journal}), {source.year}"
        return self._base(source, Part.JOURNAL, f"Journal: {source.journal}", source.title,
                          (Section("Published in", (), (line,), source.id), Section("Citation", (), (cite(source),), source.id)))

    def _advantages(self, source: Source, target: Target) -> Answer:
        section = Section(source.advantages_intro or "Advantages", (), source.advantages, source.id)
        return self._base(source, Part.ADVANTAGES, "Advantages of social media over in-person/print educational tools",
                          source.summary, (section,))

    def _bottom_line(self, source: Source, target: Target) -> Answer:
        sections = (Section("Bottom line", (), (source.bottom_line,), source.id), *_curators_note(source))
        return self._base(source, Part.BOTTOM_LINE, "Bottom line", "", sections)

    def _summary(self, source: Source, target: Target) -> Answer:
        section = Section("Summary", (), (source.summary,), source.id)
        return self._base(source, Part.SUMMARY, f"Summary of {source.short_name}", "", (section,))

    def _overview(self, source: Source, target: Target) -> Answer:
        """A short overview of a study: what it did and where to look next (the whole study is `study`)."""
        lines = [source.design.description] if source.design else []
        lines += [f"Primary objective: {source.objective}"] if source.objective else []
        lines += [_first_figure(finding) for finding in source.findings if finding.stats]
        if source.conclusion:
            lines.append(f"Conclusion: {source.conclusion}")
        return self._base(source, Part.OVERVIEW, f"{source.short_name}: {source.title}", source.question,
                          (Section("Summary", (), tuple(lines), source.id),), source.limitations)

    def _study(self, source: Source, target: Target) -> Answer:
        """Everything known about one source, for `medbot study` and `/study` (not size-limited)."""
        sections: list[Section] = []
        if source.kind == "post":
            sections.append(Section("Summary", (), (source.summary,), source.id))
            sections.append(Section(source.advantages_intro or "Advantages", (), source.advantages, source.id))
            sections.append(Section("Bottom line", (), (source.bottom_line,), source.id))
            sections.append(Section("Author", (), (source.author_display, *source.author_roles), source.id))
            cited = [s.short_name for s in (self.kb.source(c) for c in source.cites) if s]
            sections.append(Section("Cites", (), tuple(cited), source.id))
        else:
            if source.design:
                sections.append(Section("Design", (), (source.design.description,), source.id))
            if source.methods:
                sections.append(Section("What they did", (), source.methods, source.id))
            if source.questions_asked:
                sections.append(Section("Questions asked", (), source.questions_asked, source.id))
            if source.objective:
                sections.append(Section("Primary objective", (), (source.objective,), source.id))
            for finding in source.findings:
                sections.append(Section(finding.topic, tuple(stat_line(finding, s) for s in finding.stats), (), source.id))
            sections.append(Section("Limitations", (), source.limitations, source.id))
            sections.append(Section("Conclusion", (), (source.conclusion,), source.id))
        sections += _curators_note(source)
        return self._base(source, Part.STUDY, f"{source.short_name}: {source.title}", source.question, tuple(sections))


CURATORS_NOTE = "Curator's note (not the author's text)"


def _first_figure(finding: Finding) -> str:
    """A finding in one line for an overview: its first figure as the source states it, and how many more it has."""
    first, more = finding.stats[0], len(finding.stats) - 1
    label = "" if first.label == finding.topic else f"{first.label} "
    return f"{finding.topic}: {label}{first.value.text}" + (f" (and {more} more)" if more else "")


def _curators_note(source: Source) -> tuple[Section, ...]:
    """A knowledge-base curator's remark, headed so that nobody takes it for the author's words."""
    return (Section(CURATORS_NOTE, (), (source.note,), source.id),) if source.note else ()


def _attributed(heading: str, name: str) -> str:
    """``heading`` with the study it comes from, unless it already names it ("Citation: Neill et al. 2014")."""
    return heading if name in heading else f"{heading} ({name})"


def _spanning_note(targets: list[Target], answers: list[Answer]) -> str:
    """Say plainly that figures from different studies have different denominators and are not combined."""
    focused = [(line, a.sources[0].name) for t, a in zip(targets, answers, strict=True) if t.part == Part.STAT
               for line in a.stats if line.focus]
    if len({name for _, name in focused}) < 2:
        return ""
    each = "; ".join(f"{line.value} {'of ' + line.denominator if line.denominator else line.unit} ({name})"
                     for line, name in focused)
    return (f"This appears in {len(focused)} studies, measured against different denominators: {each}. "
            "They measure different things and are not combined.")


def abstention(holdings: str, suggestions: tuple[Suggestion, ...] = (), note: str = "") -> Answer:
    """A plain "not in the knowledge base", saying what it does hold, with the closest findings to try instead; a
    ``note`` saying why in particular ("... records no PMID ...") comes first."""
    intro = f"{note} The knowledge base holds {holdings}." if note else \
        f"The knowledge base does not cover that. It holds {holdings}."
    return Answer(False, "Not in the knowledge base", intro, suggestions=suggestions, note=note, kind=Outcome.ABSTAIN)


def did_you_mean(suggestions: tuple[Suggestion, ...]) -> Answer:
    """Two findings fit equally well: ask rather than guess, since a wrong figure is worse than a question back."""
    count = {2: "Two", 3: "Three", 4: "Four"}.get(len(suggestions), str(len(suggestions)))
    intro = f"{count} findings fit your question about equally well. Which did you mean?"
    return Answer(False, "Did you mean...?", intro, suggestions=suggestions, kind=Outcome.DID_YOU_MEAN)
