"""How the matcher read a question, for a moderator: ``medbot ask --explain``.

It prints the question's terms with their weights (and why each weighs what it does), the top candidates with their
scores and what lowered each, and the decision with its reason. A term marked "unknown to the knowledge base" that
should have matched is the word to add to knowledge/vocabulary.yaml as a synonym.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.answers import Target
from bot.search import Match


def explanation_lines(match: Match, name: Callable[[Target], str]) -> list[str]:
    """The explanation as lines of text; ``name`` labels a target for people."""
    lines = ["Terms (weight: why)"]
    lines += [f"  {term.wrote!r} -> {', '.join(term.terms) or '-'}  {term.weight:.2f}: {term.why}" for term in match.terms]
    if match.set_aside:
        lines.append(f"Set aside (how the question is put, not what it asks): {', '.join(map(repr, match.set_aside))}")
    if match.request.asks.value != "anything" or match.request.identifiers:
        wanted = [match.request.asks.value, *match.request.identifiers]
        lines.append(f"Asks for: {', '.join(wanted)}")
    lines.append("Top candidates (score: what lowered it)")
    for candidate in match.candidates:
        lowered = "; ".join(candidate.factors) or "holds every term"
        lines.append(f"  {candidate.score:.3f}  {name(candidate.target)}: {lowered}")
    decision = ("answer " + "; ".join(map(name, match.targets)) if match.targets else
                "ask which one" if match.ambiguous else "abstain")
    lines.append(f"Decision: {decision} (confidence {match.confidence:.3f}): {match.reason}")
    return lines


def explanation_json(match: Match, name: Callable[[Target], str]) -> dict[str, Any]:
    """The explanation as plain data for ``--json``."""
    return {
        "terms": [{"wrote": t.wrote, "terms": list(t.terms), "weight": t.weight, "why": t.why} for t in match.terms],
        "set_aside": list(match.set_aside),
        "asks": match.request.asks.value,
        "identifiers": list(match.request.identifiers),
        "candidates": [{"target": name(c.target), "score": c.score, "factors": list(c.factors)}
                       for c in match.candidates],
        "targets": [name(t) for t in match.targets],
        "confidence": match.confidence,
        "reason": match.reason,
    }
