"""A question's terms before they are scored: the words that say how it is put, not what it asks, set aside.

The lexicon turns a question into terms, and :mod:`bot.asked` reads what kind of answer it wants. Some terms say who
speaks ("what does the *author* say about ..."), how the question is put ("which pages does the article *span*?",
"... or was it *patchy*?", "did over *5,000* tweet?") or are part of a name ("*Mike* Cadogan"). Scored as content
they sink a plain question, so the :class:`Reader` sets them aside, from the question's wording and from what the
knowledge base holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass, replace

from bot.asked import CARRIED_OUT, MEASURING, RESULT_VERBS, Asked, Request
from bot.knowledge import KnowledgeBase
from bot.lexicon import MAX_TOKENS, Analysis, Lexicon, Term, normalise, stem
from bot.schema import Part

DESIGN = frozenset((Part.DESIGN.value,))
HOW_DONE = {("how", "was"), ("how", "were"), ("how", "is"), ("how", "did")}  # how a study was done: its design
WHERE_DONE = {("where", "was"), ("where", "were"), ("where", "did")}
SPEAKING_PARTS = frozenset((Part.AUTHORS.value, Part.AUTHOR.value))  # parts that say something ("the author says")
BLOG_WORDS = frozenset(("blog", "blogger"))  # "does the blog say ...?": the post, not blogs as a platform
DEFINING = frozenset(("mean",))  # the verb of "what does X mean?", which is also a statistic ("the mean score")
DOING = frozenset(("did", "does", "do"))
FOUND, FOUNDING = "found", "founded"  # "did the author found": to found (establish), not the past of "find"
CITING = frozenset(("cite", "cites"))  # a reporting verb when studies do it, a citation asked when a member does
CLAUSE_WORDS = frozenset(("what", "that", "which", "who", "they", "we", "it", "he", "she"))  # a clause of its own
SUBJECT_FILLER = frozenset(("the", "this", "that", "their", "its", "et", "al"))  # around a study's name
SUBJECT_WORDS = 4       # words of a study's name between "did" and its verb at most ("did the Cheston et al review")
CHECKED = frozenset(("it", "that", "this", "be", "i", "im"))  # "is *that* accurate", "would it *be* correct"
VERDICTS = frozenset(("accurate", "correct", "right", "true"))
COMPARING = frozenset(("compare", "compared", "comparing", "comparison", "vs", "versus", "than", "difference", "differ"))


@dataclass(frozen=True)
class Reader:
    """What the knowledge base tells about a question's words: which terms some unit ``held``, which name a study
    (``scope_terms``, and the words of the studies' aliases), the authors' initials by family name, and the name of
    the one source a single author wrote (``the_author``: "the author", with no study named)."""

    lexicon: Lexicon
    held: Collection[str]
    scope_terms: frozenset[str]
    alias_words: frozenset[str]
    initials: dict[str, frozenset[str]]
    the_author: frozenset[str] = frozenset()

    @classmethod
    def build(cls, kb: KnowledgeBase, lexicon: Lexicon, held: Collection[str], scope_terms: frozenset[str],
              sole_author: str | None) -> Reader:
        """A reader for ``kb``, whose units hold the terms ``held``; ``sole_author`` is the id of the source "the
        author" names, if any."""
        initials: dict[str, set[str]] = {}  # "Cadogan M" -> cadogan: {m}, so "Mike Cadogan" names him
        for author in (author for source in kb.sources for author in source.authors):
            family, _, letters = author.rpartition(" ")
            if family and letters.isalpha() and letters.isupper():
                initials.setdefault(family.casefold(), set()).add(letters[0].casefold())
        source = kb.source(sole_author) if sole_author else None
        the_author = lexicon.name_terms(source.aliases[0] if source.aliases else source.id) if source else frozenset()
        return cls(lexicon, held, scope_terms,
                   frozenset(word for source in kb.sources for alias in source.aliases for word in normalise(alias)),
                   {family: frozenset(letters) for family, letters in initials.items()}, the_author)

    def read(self, question: str, analysis: Analysis, request: Request) -> Analysis:
        """``analysis`` of ``question`` without the terms that say how it is put (see the module docstring)."""
        if request.claim and request.claim.token:
            analysis = without(analysis, {request.claim.token})
        if analysis.asked_count and analysis.asked_count <= self.scope_terms:
            analysis = replace(analysis, asked_count=frozenset(), asked_count_word="")  # "% of the journal club ..."
        if request.asks is Asked.DEFINITION:
            analysis = without(analysis, DEFINING)  # "what does MERSQI mean?": what is defined is asked, not "mean"
        if request.asks is Asked.WHEN:
            analysis = without(analysis, CARRIED_OUT)
        elif normalise(question, MAX_TOKENS)[:2] in HOW_DONE | WHERE_DONE:  # "how was the Sorensen study carried
            # out?", "where was it conducted?": its design, which says how and where
            analysis = as_design(analysis, CARRIED_OUT | MEASURING)
        if request.instrument:  # "what tool did they use to score quality?": the tool is named in its methods, and
            # no count of users is asked
            noun, verb = request.instrument
            analysis = replace(without(as_design(analysis, {verb}), {noun}), figure=False)
        analysis = without(analysis, checking(question))
        analysis = self._study_doing(question, analysis, request.verb)
        analysis = without(analysis, self._studies_citing(question))
        if self.founds(question):  # what was founded is named, not described: "sites" is the kind of thing asked
            founded = {term.wrote for term in analysis.terms if not term.terms & self.scope_terms and not term.parts}
            analysis = without(analysis, founded)
            analysis = replace(analysis, terms=(*analysis.terms, *self.lexicon.analyse(FOUNDING).terms))
        if request.verb and not self.lexicon.known(request.verb):
            analysis = without(analysis, {request.verb})  # "which pages does the article span?"
        if request.results or request.speakers:  # "what did the authors conclude?", "what does the author say
            # about ...": the authors say it, what they say is asked
            terms = tuple(self._as_speaker(term) if _speaking(term, request) or self._blog_speaking(term, request)
                          else term for term in analysis.terms)
            analysis = replace(analysis, terms=tuple(term for term in terms if term.terms or term.parts)
                               or analysis.terms)
        analysis = self._without_unheld_option(analysis, question)
        return without(analysis, self.first_names(question) | self._verbs_of_names(analysis))

    def _study_doing(self, question: str, analysis: Analysis, final_verb: str) -> Analysis:
        """``analysis`` with the part a study's verb asks for ("did the review *ask* about ...?": its questions),
        when a study is the subject of "did/does", or is named before the verb that ends "what did ... do?", and the
        vocabulary's "what did they X" phrase gives the verb a part. What a study found is its findings, not one part
        ("did the review find that most studies used blogs?")."""
        words = normalise(question, MAX_TOKENS)
        for index, word in enumerate(words):
            if word not in DOING:
                continue
            subject = list(itertools.takewhile(self._names_a_source, words[index + 1:index + 1 + SUBJECT_WORDS]))
            verb = words[index + 1 + len(subject)] if index + 1 + len(subject) < len(words) else ""
            if final_verb and self.alias_words & set(words[index + 1:]):
                verb, subject = final_verb, list(words[index + 1:])  # "what did the researchers behind ICEM do?"
            parts = self.lexicon.part_verbs.get(stem(verb), frozenset())
            if parts and verb not in RESULT_VERBS and set(subject) - SUBJECT_FILLER \
                    and not any(t.parts & parts for t in analysis.terms):
                doers = {t.wrote for t in analysis.terms if t.parts and t.parts <= SPEAKING_PARTS and not t.terms
                         and set(t.wrote.split()) <= set(subject)}  # the researchers do it; they are not asked
                analysis = without(analysis, doers)
                return replace(analysis, terms=(*analysis.terms, Term(frozenset(), verb, parts)))
        return analysis

    def _studies_citing(self, question: str) -> set[str]:
        """"cite" written with studies as its subject ("did half the studies cite technical issues?"): they mention
        something, and no citation is asked; "I want to cite the review" asks for one."""
        words = normalise(question, MAX_TOKENS)
        return {word for before, word in zip(words, words[1:], strict=False)
                if word in CITING and (stem(before) in self.lexicon.hints or before in self.alias_words)}

    def founds(self, question: str) -> bool:
        """Whether "found" after "did" is founding, not finding, with a person its subject ("what sites did the
        author found?"): after "did" a verb is in its base form, and the past of "find" is not. A study founds
        nothing ("what did the study found?" is a slip for "find")."""
        words = normalise(question, MAX_TOKENS)
        at = words.index(FOUND) if FOUND in words else 0
        if not DOING & set(words[:at]):
            return False
        between = words[max(i for i, word in enumerate(words[:at]) if word in DOING):at]
        subject = between[:between.index("of")] if "of" in between else between  # "the author of the post"
        head = subject[-1] if subject else ""  # "the post author": an author; "the Neill study": a study
        person = head in self.initials or any(t.parts and t.parts <= SPEAKING_PARTS
                                              for t in self.lexicon.analyse(head).terms)
        return person and not CLAUSE_WORDS & set(between)  # "did they say what they found?": a finding

    def _names_a_source(self, word: str) -> bool:
        """Whether ``word`` may be part of how a question names a study ("the Neill paper", "the review")."""
        return word in SUBJECT_FILLER or word in self.alias_words or stem(word) in self.lexicon.hints

    def _blog_speaking(self, term: Term, request: Request) -> bool:
        """Whether "the blog" says something ("does the blog claim ...?"): the post, when one source is one."""
        return bool(self.the_author) and term.wrote in BLOG_WORDS and term.wrote in request.speakers

    def names(self, term: Term) -> bool:
        """Whether a term may name a study: not the plural of a one-word name ("posts" per session are messages,
        not the post; "reviews" are not the review)."""
        wrote = term.wrote
        return not (" " not in wrote and wrote.endswith("s") and wrote not in self.alias_words
                    and wrote[:-1] in self.alias_words)

    def _as_speaker(self, term: Term) -> Term:
        """A term naming who says what is asked: nothing to look for, or, for "the author" or "the blog", the name
        of the source a single author wrote ("what does the author say about Twitter?" is about the post)."""
        if not self.the_author or not (is_the_author(term) or normalise(term.wrote)[-1:][0] in BLOG_WORDS):
            return replace(term, terms=frozenset(), parts=frozenset())
        return replace(term, terms=self.the_author, parts=frozenset())

    def _without_unheld_option(self, analysis: Analysis, question: str) -> Analysis:
        """The analysis without an option offered with "or" whose words no unit holds ("..., or was it patchy?"):
        the answer says which option holds, and the other must not sink it. An option that is a topic of the field
        ("Instagram or Twitter?") stays, so that what nobody measured is said."""
        options = [set(option.split()) for option in " ".join(normalise(question, MAX_TOKENS)).split(" or ")]
        if len(options) < 2:
            return analysis

        def unheld(term: Term) -> bool:
            return not term.parts and not any(alt in self.held for alt in term.terms) \
                and not self.lexicon.field_topic(term.terms)

        dropped: set[str] = set()
        for option in options:
            inside = [term for term in analysis.terms if set(normalise(term.wrote)) <= option]
            if inside and all(map(unheld, inside)) and any(
                    not unheld(term) and not term.terms & self.scope_terms for term in analysis.terms
                    if term not in inside):
                dropped.update(term.wrote for term in inside)
        return without(analysis, dropped) if dropped else analysis

    def _verbs_of_names(self, analysis: Analysis) -> set[str]:
        """Verb forms of a word that names a study ("after reviewing these papers" names no review): a name is
        written as the noun its aliases use."""
        return {term.wrote for term in analysis.terms if term.terms and term.terms <= self.scope_terms
                and " " not in term.wrote and term.wrote.endswith(("ing", "ed")) and term.wrote not in self.alias_words}

    def first_names(self, question: str) -> set[str]:
        """First names written before an author's family name that the knowledge base lists by initial ("Mike" of
        "Mike Cadogan", listed as "Cadogan M"): part of the name, not a word to look for."""
        words = normalise(question, MAX_TOKENS)
        return {first for first, family in zip(words, words[1:], strict=False)
                if first[:1] in self.initials.get(family, ()) and not self.lexicon.known(first)}


def unseparated(analysis: Analysis, words: tuple[str, ...]) -> tuple[str, str] | None:
    """Two things a comparison sets against each other ("residents versus medical students") that are one term to
    the knowledge base (both learners to it), as written; None when there are none. Words side by side ("tech
    glitches") are one thing, not two set against each other."""
    text = f" {' '.join(words)} "
    for first, second in zip(analysis.terms, analysis.terms[1:], strict=False):
        if first.terms and first.terms == second.terms and not first.parts and first.wrote != second.wrote:
            before, found, _ = f" {text.partition(f' {first.wrote} ')[2]}".partition(f" {second.wrote} ")
            if found and not COMPARING.isdisjoint(before.split()):
                return first.wrote, second.wrote
    return None


def is_the_author(term: Term) -> bool:
    """Whether a term is written "author", one author: "the author" (of the post), not "the authors"."""
    return normalise(term.wrote)[-1:] == ("author",)


def checking(question: str) -> set[str]:
    """The word that asks whether a claim holds ("is it *accurate* that ...", "am I *right*"), not what is claimed
    ("were the videos accurate?")."""
    words = normalise(question, MAX_TOKENS)
    return {word for before, word in zip(words, words[1:], strict=False) if word in VERDICTS and before in CHECKED}


def as_design(analysis: Analysis, verbs: Collection[str]) -> Analysis:
    """The analysis with ``verbs`` ("carried out", "rated") asking for how the study was done: its design."""
    return replace(analysis, terms=tuple(replace(term, terms=frozenset(), parts=DESIGN) if term.wrote in verbs
                                         else term for term in analysis.terms))


def without(analysis: Analysis, words: Collection[str]) -> Analysis:
    """The analysis without the terms written as ``words`` (all of them kept if none would be left)."""
    kept = tuple(term for term in analysis.terms if term.wrote not in words)
    return replace(analysis, terms=kept) if kept else analysis


def _speaking(term: Term, request: Request) -> bool:
    """Whether ``term`` names the authors as who says what is asked, not as what is asked."""
    authors = term.parts and term.parts <= SPEAKING_PARTS
    return bool(authors) and (request.results or normalise(term.wrote)[-1:][0] in request.speakers)
