"""The core as every front end sees it: load once, then ask, look up stats, studies, limitations and citations.

The terminal, the Discord cogs and the benchmarks all go through :class:`Evidence`, so they give the same answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot.answers import Answer, Composer, Outcome, Suggestion, Target, abstention, design_phrase, did_you_mean
from bot.citations import cite
from bot.claims import rank_line, verdict
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.schema import Finding, Part, Source
from bot.search import Match, Matcher

TOPIC_CUTOFF = 70
HOLDINGS_NAMED = 5      # sources a miss names when it says what the knowledge base holds; the rest are counted
MAX_QUESTION_CHARS = 500  # Discord caps a slash-command option here; the matcher never reads more of any question


class NotFound(LookupError):
    """A study id or topic that the knowledge base does not hold; the message lists what it does hold."""


@dataclass(frozen=True)
class Topic:
    """One finding group, named for people: 'Most common social media tools used (Cheston et al. 2013)'."""

    key: str
    name: str
    source: Source
    finding: Finding

    @property
    def words(self) -> str:
        """The words autocomplete and free-text topics are matched against."""
        return " ".join((self.finding.id, self.finding.topic, *self.finding.aliases))


class Evidence:
    """One loaded knowledge base with its matcher and composer: every question and lookup goes through here."""

    def __init__(self, kb: KnowledgeBase, narrow: bool | None = None) -> None:
        self.kb = kb
        self.matcher = Matcher(kb, narrow=narrow)
        self.composer = Composer(kb)
        self.topics = [
            Topic(f"{source.id}/{finding.id}", f"{finding.topic} ({source.short_name})", source, finding)
            for source in kb.sources
            for finding in source.findings
        ]
        self._topic_words = [utils.default_process(t.words) for t in self.topics]
        named = [f"{source.short_name} ({design_phrase(source)})" if source.design else source.short_name
                 for source in kb.studies_first[:HOLDINGS_NAMED]]
        more = len(kb.sources) - len(named)
        self.holdings = "; ".join(named) + (f"; and {more:,} more sources (medbot topics lists them)" if more else "")

    @classmethod
    def load(cls, knowledge_dir: Path, index_path: Path | None = None) -> Evidence:
        """The core on the knowledge in ``knowledge_dir``: served from the index at ``index_path`` when given
        (rebuilt first if the YAML changed), else parsed from the YAML."""
        if index_path is None:
            return cls(load_knowledge(knowledge_dir))
        from bot.store import served_knowledge

        return cls(served_knowledge(knowledge_dir, index_path))

    def ask(self, question: str) -> Answer:
        """Answer a member's question (its first :data:`MAX_QUESTION_CHARS` characters), or abstain with
        suggestions; the answer carries the matcher's confidence and the reason for its decision."""
        return self.answer_match(self.matcher.match(question[:MAX_QUESTION_CHARS]), question)

    def explain(self, question: str) -> Match:
        """How the matcher read ``question``: its terms and weights, the top candidates, the decision and why."""
        return self.matcher.explain(question[:MAX_QUESTION_CHARS])

    def answer_match(self, match: Match, question: str = "") -> Answer:
        """The Answer for a match: the figures, a question back, or an abstention that says what is missing."""
        suggestions = tuple(self.suggestion(t) for t in match.suggestions)
        named = self.topics_named(question) if question and not match.targets and not suggestions else []
        if match.ambiguous:
            answer = did_you_mean(suggestions)
        elif len(named) > 1:
            answer = did_you_mean(tuple(Suggestion(t.name, t.name, Target(t.source.id, Part.FINDING, t.finding.id))
                                        for t in named))
        elif match.targets:
            targets, reading = self.reading(match)
            answer = self.composer.compose(targets, match.note, suggestions)
            if reading:
                answer = replace(answer, note=f"{reading} {answer.note}".strip())
            answer = self._with_asked_lines(answer, question)
        elif match.request.identifiers and match.suggestions:
            citation = self.composer.compose([Target(match.suggestions[0].source_id, Part.CITATION)])
            answer = replace(citation, answered=False, kind=Outcome.ABSTAIN, intro=match.note,
                             suggestions=suggestions[1:])
        else:
            answer = abstention(self.holdings, suggestions, match.note or self.missing_note(match))
        return replace(answer, confidence=match.confidence, reason=match.reason)

    def _with_asked_lines(self, answer: Answer, question: str) -> Answer:
        """``answer`` with each section's lines that share a word with ``question`` marked, so a compact reply that
        cuts the section keeps them ("could not be verified" of "did they verify the creators?")."""
        if not question or not any(section.lines for section in answer.sections):
            return answer
        lexicon = self.matcher.lexicon
        asked = lexicon.terms_of(question) - self.matcher.scope_terms
        sections = tuple(replace(section, asked_lines=frozenset(
            index for index, line in enumerate(section.lines) if asked & lexicon.index_terms(line).terms))
            for section in answer.sections)
        return replace(answer, sections=sections)

    def reading(self, match: Match) -> tuple[list[Target], str]:
        """What a one-study answer's figures say to the question's claim or rank ("Yes: Blogs 71% is more than
        half.", "Second: Wikis 21%."), with the target moved to the figure at the rank asked for."""
        target = match.targets[0]
        source = self.kb.source(target.source_id)
        finding = source.finding(target.finding) if source and target.finding else None
        if finding is None or len(match.targets) > 1:
            return match.targets, ""
        if match.request.claim and target.stat is not None:
            return match.targets, verdict(finding.stats[target.stat], match.request.claim)
        if match.request.rank is not None:
            line, ranked = rank_line(finding, match.request.rank)
            if ranked is not None:
                target = Target(target.source_id, Part.STAT, finding.id, ranked)
            return [target], line
        return match.targets, ""

    def missing_note(self, match: Match) -> str:
        """ "Instagram is not among the figures the knowledge base holds; the closest finding ... covers ..." """
        if not match.missing:
            return ""
        words = " and ".join(word.capitalize() if word.islower() else word for word in match.missing)
        measured = [(self.kb.source(t.source_id), t.finding) for t in match.suggestions if t.finding]
        findings = [(source, source.finding(finding_id)) for source, finding_id in measured if source]
        if not findings:
            return f"{words}: the knowledge base has nothing on that."
        listed = "; ".join(f"{finding.topic} ({source.short_name}): {', '.join(s.label for s in finding.stats)}"
                           for source, finding in dict.fromkeys(findings) if finding)
        verb = "were" if len(match.missing) > 1 else "was"
        return f"{words} {verb} not among what the studies measured. They measured: {listed}."

    def topics_named(self, question: str) -> list[Topic]:
        """Topics whose names hold every meaningful word of ``question`` ('what were the most common' names the four
        'Most common ...' topics): asked back rather than abstained on."""
        stop = set(self.kb.vocabulary.stopwords)
        words = [word for word in re.findall(r"[a-z]+", question.lower()) if word not in stop and len(word) > 2]
        if not words:
            return []
        return [topic for topic in self.topics
                if all(any(name.startswith(word) for name in topic.finding.topic.lower().split()) for word in words)]

    def answer(self, target: Target) -> Answer:
        """The answer about one target (a finding, a stat, a part of a study)."""
        return self.composer.compose([target])

    def suggestion(self, target: Target) -> Suggestion:
        """A short label and a question that leads to ``target``."""
        source = self.kb.source(target.source_id)
        assert source is not None
        finding = source.finding(target.finding) if target.finding else None
        if finding is not None and target.stat is not None:
            stat = finding.stats[target.stat]
            return Suggestion(f"{stat.label} ({finding.topic}, {source.short_name})",
                              f"{stat.label} in {source.short_name}", target)
        if finding is not None:
            return Suggestion(f"{finding.topic} ({source.short_name})", f"{finding.topic} in {source.short_name}",
                              target)
        label = f"{target.part.replace('_', ' ').capitalize()} of {source.short_name}"
        return Suggestion(label, label, target)

    def target_name(self, target: Target) -> str:
        """A target as people read it: "Wikis (Most common social media tools used, Cheston et al. 2013)"."""
        return self.suggestion(target).label

    def source(self, source_id: str) -> Source:
        """The study or post ``source_id``; NotFound lists the ones there are."""
        source = self.kb.source(source_id.strip().lower())
        if source is None:
            known = ", ".join(s.id for s in self.kb.sources)
            raise NotFound(f"no study '{source_id}' in the knowledge base (known: {known})")
        return source

    def find_topic(self, text: str) -> Topic:
        """The finding group a free-text topic names ('tools', 'speakers', 'challenges')."""
        exact = [t for t in self.topics if text.strip().lower() in (t.key, t.finding.id, t.name.lower())]
        if exact:
            return exact[0]
        best = process.extractOne(utils.default_process(text), self._topic_words, scorer=fuzz.WRatio,
                                  score_cutoff=TOPIC_CUTOFF)
        if best is None:
            raise NotFound(f"no topic matches '{text}'. Topics: " + ", ".join(t.finding.id for t in self.topics))
        return self.topics[best[2]]

    def stats(self, topic: str) -> Answer:
        """Every figure of the finding group a topic names."""
        found = self.find_topic(topic)
        return self.answer(Target(found.source.id, Part.FINDING, found.finding.id))

    def complete_topic(self, text: str, limit: int = 25) -> list[Topic]:
        """Topics for autocomplete: all of them for an empty prefix, else the best fuzzy matches."""
        if not text.strip():
            return self.topics[:limit]
        hits = process.extract(utils.default_process(text), self._topic_words, scorer=fuzz.WRatio, limit=limit,
                               score_cutoff=50)
        return [self.topics[index] for _, _, index in hits]

    def study(self, source_id: str) -> Answer:
        """A whole study."""
        return self.answer(Target(self.source(source_id).id, "study"))

    def limitations(self, source_id: str) -> Answer:
        """A study's limitations; NotFound if it lists none."""
        source = self.source(source_id)
        if not source.limitations:
            raise NotFound(f"{source.short_name} lists no limitations")
        return self.answer(Target(source.id, Part.LIMITATIONS))

    def cite(self, source_id: str, style: str = "ama") -> str:
        """The citation of a study in one style."""
        return cite(self.source(source_id), style)

    def related(self, source_id: str) -> Answer:
        """Every topic, this study's first, as suggestions to follow."""
        name = self.source(source_id).short_name
        topics = sorted(self.topics, key=lambda topic: topic.source.id != source_id)
        suggestions = tuple(Suggestion(t.name, t.name, Target(t.source.id, Part.FINDING, t.finding.id)) for t in topics)
        return Answer(True, f"Related to {name}", "Every topic in the knowledge base, this study's first.",
                      suggestions=suggestions, kind=Outcome.RELATED)
