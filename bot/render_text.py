"""Render an Answer for the terminal (with bars) and as plain text / JSON (for scripts and the scorer)."""

from __future__ import annotations

from typing import Any

from bot.answers import Answer, StatLine
from bot.schema import Part

BAR_WIDTH = 20
PLAIN_CAVEATS = 2       # the compact text lists this many caveats and counts the rest; `caveats` in JSON has all
PLAIN_BUDGET = 1100     # characters the compact text aims at: a chat reply read at a glance (JSON keeps everything)
PLAIN_MAX = 1200        # characters the compact text never runs past while a section can still be cut
PLAIN_LINES = 3         # lines of a section the compact text keeps at last (a design's methods, say)
FULL, FIRST_CLAUSE, NO_INTRO = range(3)  # how much of an answer's introduction the compact text keeps
EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells for a 0-100 share, drawn in eighths of a cell."""
    eighths = round(max(0.0, min(100.0, share)) / 100 * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[rest] if rest else "")).ljust(width)


def _stat_rows(stats: tuple[StatLine, ...]) -> list[str]:
    label_width = max(len(s.label) for s in stats)
    value_width = max(len(s.value) for s in stats)
    rows = []
    for stat in stats:
        marker = "▶ " if stat.focus else "  "
        drawn = bar(stat.share) if stat.share is not None else " " * BAR_WIDTH
        detail = f"  ({stat.detail})" if stat.detail else ""
        rows.append(f"{marker}{stat.label.ljust(label_width)}  {drawn}  {stat.value.rjust(value_width)}{detail}")
    return rows


def to_terminal(answer: Answer) -> str:
    """The human rendering: title, figures as bars, caveats, source."""
    out = [answer.title, "=" * min(len(answer.title), 100)]
    if answer.intro:
        out.append(answer.intro)
    if answer.note and answer.note not in answer.intro:
        out.append(answer.note)
    for section in answer.sections:
        out.append("")
        if section.heading != answer.title:
            out.append(section.heading)
        if section.stats:
            out.extend(_stat_rows(section.stats))
        out.extend(f"  • {line}" for line in section.lines)
    if answer.caveats:
        out.append("")
        out.append("Caveats")
        out.extend(f"  • {line}" for line in answer.caveats)
    for ref in answer.sources:
        out.append("")
        out.append(f"Source: {ref.citation}")
        if ref.url:
            out.append(f"  {ref.url}")
    if answer.suggestions:
        out.append("")
        out.append("You could ask:" if not answer.answered else "Related:")
        out.extend(f"  • {s.label}" for s in answer.suggestions)
    return "\n".join(out)


def to_plain(answer: Answer) -> str:
    """Compact plain text: the figures, the first caveats, the source, no bars (the `text` of the JSON output).

    Past :data:`PLAIN_BUDGET` characters it tightens, one step at a time, keeping the figures asked for and the
    citation: one caveat is listed and the rest counted, a finding's other figures are counted, the study's
    description is cut to its first clause, the caveats are only counted, an answer with sections drops its
    introduction (the title says what it is), the source is named by its short name and locator, and last each
    section lists its first :data:`PLAIN_LINES` lines and counts the rest; past :data:`PLAIN_MAX`, its first line."""
    text = ""
    steps = ((PLAIN_CAVEATS, False, FULL, True, None), (1, False, FULL, True, None), (1, True, FULL, True, None),
             (1, True, FIRST_CLAUSE, True, None), (0, True, FIRST_CLAUSE, True, None), (0, True, NO_INTRO, True, None),
             (0, True, NO_INTRO, False, None), (0, True, NO_INTRO, False, PLAIN_LINES))
    for caveats, focus_only, intro, citation, lines in steps:
        text = _plain(answer, caveats, focus_only, intro, citation, lines)
        if len(text) <= PLAIN_BUDGET:
            break
    if len(text) > PLAIN_MAX:  # two long answers together: each section keeps its first line
        text = _plain(answer, 0, True, NO_INTRO, False, 1)
    return text


def _plain(answer: Answer, caveats: int, focus_only: bool, intro_length: int, citation: bool,
           lines: int | None) -> str:
    out = [answer.title]
    intro = answer.intro.split("; ")[0] if intro_length == FIRST_CLAUSE else answer.intro
    if intro and (intro_length != NO_INTRO or not answer.sections):
        out.append(intro)
    if answer.note and answer.note not in answer.intro:
        out.append(answer.note)
    for section in answer.sections:
        if section.heading not in (answer.title, "Citation") or not section.stats:
            heading = f"{section.heading}:" if section.heading != answer.title else ""
            if heading and (section.stats or section.lines):
                out.append(heading)
        shown = [stat for stat in section.stats if stat.focus] if focus_only else []
        shown = shown or list(section.stats)
        out.extend(f"- {stat.as_text()}" for stat in shown)
        if len(shown) < len(section.stats):
            out.append(f"- and {len(section.stats) - len(shown)} more figures of this finding")
        out.extend(f"- {line}" for line in section.first_lines(lines))
        if lines is not None and len(section.lines) > lines:
            out.append(f"- and {len(section.lines) - lines} more")
    if answer.caveats:
        more = len(answer.caveats) - caveats
        listed = "; ".join(answer.caveats[:caveats])
        if listed:
            out.append(f"Caveats: {listed}" + (f"; and {more} more (see the study's limitations)." if more > 0 else "."))
        else:
            out.append(f"Caveats: {more}, listed in the study's limitations.")
    if len(answer.sources) == 1:
        ref = answer.sources[0]
        out.append(f"Source: {ref.citation}" if citation else f"Source: {ref.name} ({ref.locator})")
    elif answer.sources:
        out.append("Sources: " + "; ".join(f"{ref.name} ({ref.locator})" for ref in answer.sources))
    if answer.kind == Part.CITATION:  # a member asking for a reference wants where to find it
        out.extend(f"Link ({ref.name}): {ref.url}" if len(answer.sources) > 1 else f"Link: {ref.url}"
                   for ref in answer.sources if ref.url)
    if answer.suggestions and not answer.answered:
        out.append("Closest findings: " + "; ".join(s.label for s in answer.suggestions))
    return "\n".join(out)


def to_json(answer: Answer) -> dict[str, Any]:
    """The machine rendering: `answered`, the whole answer as `text`, and its parts."""
    return {
        "answered": answer.answered,
        "kind": answer.kind,
        "title": answer.title,
        "text": to_plain(answer),
        "source": answer.source.id if answer.source else None,
        "sources": [
            {"id": ref.id, "name": ref.name, "citation": ref.citation, "url": ref.url} for ref in answer.sources
        ],
        "stats": [
            {
                "label": s.label, "value": s.value, "denominator": s.denominator, "count": s.count,
                "derived": s.derived, "unit": s.unit, "focus": s.focus,
            }
            for s in answer.stats
        ],
        "caveats": list(answer.caveats),
        "confidence": answer.confidence,
        "reason": answer.reason,
        "suggestions": [{"label": s.label, "question": s.question} for s in answer.suggestions],
    }
