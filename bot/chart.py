"""A PNG bar chart of an answer's percentages, sized for Discord and for a 16:9 slide.

matplotlib is imported when a chart is drawn, not when this module is, so the terminal path stays fast. The chart
uses a Figure directly (no pyplot state), so it can be drawn in a worker thread.
"""

from __future__ import annotations

import io
import textwrap

from bot.answers import Answer, StatLine

WIDTH_INCHES, HEIGHT_INCHES, DPI = 12.8, 7.2, 100
LABEL_WIDTH = 28


class NoChart(ValueError):
    """The answer holds no percentage to draw."""


def chartable(answer: Answer) -> list[StatLine]:
    return [stat for stat in answer.stats if stat.share is not None]


def bar_chart(answer: Answer) -> bytes:
    """Horizontal bars, one per percentage, labelled with the value exactly as written and its denominator."""
    stats = chartable(answer)
    if not stats:
        raise NoChart(f"{answer.title}: no percentages to chart")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    rows = list(reversed(stats))
    bars = axes.barh([textwrap.fill(s.label, LABEL_WIDTH) for s in rows], [s.share for s in rows], color="#2a9d8f")
    axes.bar_label(bars, labels=[f" {s.value}" + (f" ({s.detail})" if s.detail else "") for s in rows],
                   fontsize=13, padding=2)
    axes.set_xlim(0, 140)
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel("% (bar length); label shows the figure as the source states it", fontsize=11)
    axes.tick_params(axis="y", labelsize=13)
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines["bottom"].set_bounds(0, 100)
    figure.suptitle(answer.title, fontsize=18, fontweight="bold")
    if answer.intro:
        axes.set_title(textwrap.fill(answer.intro, 120), fontsize=11, color="#444444")
    others = [s for s in answer.stats if s.share is None]
    notes = ["Also: " + "; ".join(f"{s.label} {s.value}" for s in others)] if others else []
    notes += [f"Source: {ref.citation}" for ref in answer.sources]
    if notes:
        figure.text(0.01, 0.005, "\n".join(textwrap.fill(n, 170) for n in notes), fontsize=9, va="bottom",
                    color="#444444")
        figure.get_layout_engine().set(rect=(0, 0.07 * len(notes), 1, 1 - 0.07 * len(notes)))
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
