"""What keeps the matcher fast and small on a large knowledge base; none of it changes an answer.

- :class:`TermSets` keeps one object for equal term sets: 100k synthetic findings repeat their labels and
  denominators, and sharing the sets keeps memory flat.
- :class:`UnitIndex` is an in-memory SQLite FTS5 index of the units' terms; above :data:`NARROW_AT` units it narrows
  the candidates to those sharing one of the question's rarest terms, so cost grows slowly with size.
- :func:`collector_paused` builds without Python's cycle collector walking the growing index again and again.
"""

from __future__ import annotations

import gc
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Protocol

NARROW_AT = 500         # units; below it every unit is scored
CANDIDATES = 100        # units FTS5 returns, best bm25 first
RAREST = 3              # only the question's rarest terms are searched ...
COMMON_TERM_SHARE = 0.02    # ... and only those in at most this share of units
RARE_POSTINGS = 2000        # ... or this many, whichever is fewer


class Indexable(Protocol):
    """What the FTS5 index reads of a unit."""

    primary: frozenset[str]
    context: frozenset[str]
    labels: tuple[frozenset[str], ...]
    parts: frozenset[str]
    value: str


class TermSets:
    """One object for equal term sets, and each union of two shared sets computed once."""

    def __init__(self) -> None:
        self._shared: dict[frozenset[str], frozenset[str]] = {}
        self._unions: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = {}

    def share(self, terms: frozenset[str]) -> frozenset[str]:
        """The shared object equal to ``terms``."""
        return self._shared.setdefault(terms, terms)

    def union(self, first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
        """``first | second``, computed once per pair of shared sets."""
        found = self._unions.get((first, second))
        if found is None:
            found = self._unions[(first, second)] = self.share(first | second)
        return found


class UnitIndex:
    """An in-memory FTS5 index of the units' content terms, to narrow the candidates in a large knowledge base."""

    def __init__(self, units: Sequence[Indexable], df: Counter[str]) -> None:
        self._texts: dict[frozenset[str], str] = {}
        self.df = df.copy()
        for unit in units:
            self.df.update(map(part_token, unit.parts))
        self.size = len(units)
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("create virtual table units using fts5(terms, tokenize = 'unicode61 tokenchars ''_''')")
        self.db.executemany("insert into units(rowid, terms) values (?, ?)",
                            ((position, self._document(unit)) for position, unit in enumerate(units)))
        self._texts.clear()

    def _document(self, unit: Indexable) -> str:
        texts = [self._text(unit.primary), self._text(unit.context), *map(self._text, unit.labels),
                 self._text(frozenset(map(part_token, unit.parts)))]
        return " ".join((*texts, _token(unit.value))) if unit.value else " ".join(texts)

    def _text(self, terms: frozenset[str]) -> str:
        found = self._texts.get(terms)
        if found is None:
            found = self._texts[terms] = " ".join(map(_token, terms))
        return found

    def narrow(self, terms: set[str]) -> list[int]:
        """Positions of the units worth scoring for a question with ``terms`` (a study's names excluded; a part of a
        source asked for as :func:`part_token`): those holding one of its rarest terms, the best by bm25 first."""
        common = max(min(self.size * COMMON_TERM_SHARE, RARE_POSTINGS), CANDIDATES)
        ranked = True
        if self.size > common:
            by_rarity = sorted(terms, key=self.df.__getitem__)
            rare = {term for term in by_rarity[:RAREST] if self.df[term] <= common}
            ranked = bool(rare)
            terms = rare or set(by_rarity[:1])
        return self._search(terms, ranked)

    def _search(self, terms: set[str], ranked: bool) -> list[int]:
        """Units holding any of ``terms``: the best by bm25, or, for terms so common that ranking them all would
        cost more than it tells, simply the first ones found."""
        if not terms:
            return []
        query = " OR ".join(f'"{_token(term)}"' for term in sorted(terms))
        order = "order by rank" if ranked else ""
        rows = self.db.execute(f"select rowid from units where units match ? {order} limit ?", (query, CANDIDATES))
        return sorted(row[0] for row in rows.fetchall())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the index is built, then move what was built out of its reach.

    Building creates hundreds of thousands of long-lived objects and no cycles; each automatic full collection
    would walk the whole knowledge base again (a third of the build time at 100k findings), and later ones would
    stall a question now and then. Objects are still freed as usual when nothing refers to them; ``gc.freeze``
    is process-wide, which is why only the matcher's build calls this.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def part_token(part: str) -> str:
    """A part of a source ("limitations") as an FTS5 token no word can be."""
    return f"part_{part}_"


@cache
def _token(term: str) -> str:
    """A term as one FTS5 token: multi-word terms joined with underscores."""
    return term.replace(" ", "_").replace('"', "")
