"""A PNG bar chart of an answer's percentages, sized for Discord and for a 16:9 slide, readable in Discord's dark mode.

matplotlib is imported when a chart is drawn, not when this module is, so the terminal path stays fast. The chart
uses a Figure directly (no pyplot state), so it can be drawn in a worker thread. Each bar is labelled with the figure
exactly as the source states it and its denominator; when the bars are shares of different groups the chart says so
above them, and the caveats and the citation are in small print beneath.
"""

from __future__ import annotations

import io
import textwrap

from bot.answers import Answer, StatLine

WIDTH_INCHES, HEIGHT_INCHES, DPI = 12.8, 7.2, 100
LABEL_WIDTH = 28
SMALL_PRINT_WIDTH = 150
BACKGROUND = "#2b2d31"  # Discord's dark theme behind an embed
TEXT = "#dbdee1"
MUTED = "#b5bac1"
BAR = "#2dd4bf"
FOCUS = "#fbbf24"
RIGHT_MARGIN = 1.04  # room after the longest bar label, as a share of the axis


class NoChart(ValueError):
    """The answer holds no percentage to draw."""


def chartable(answer: Answer) -> list[StatLine]:
    """The figures a bar can show: those given as a percentage."""
    return [stat for stat in answer.stats if stat.share is not None]


def denominators(stats: list[StatLine]) -> list[str]:
    """The different groups the percentages are shares of ('>400 people who produced tweets', '4,500 tweets')."""
    return list(dict.fromkeys(stat.denominator or stat.unit or "unstated" for stat in stats))


def small_print(answer: Answer) -> list[str]:
    """Other figures, caveats and sources, for the foot of the chart."""
    others = [s for s in answer.stats if s.share is None]
    notes = ["Also: " + "; ".join(f"{s.label} {s.value}" + (f" ({s.detail})" if s.detail else "") for s in others)]
    notes = notes if others else []
    notes += [f"Caveat: {caveat}" for caveat in answer.caveats]
    notes += [f"Source: {ref.citation}" for ref in answer.sources]
    return notes


def bar_chart(answer: Answer) -> bytes:
    """The chart of :func:`draw` as PNG bytes."""
    figure = draw(answer)
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor=BACKGROUND)
    return out.getvalue()


def draw(answer: Answer):  # noqa: ANN201 - a matplotlib Figure, imported lazily
    """Horizontal bars, one per percentage, labelled with the value exactly as written and its denominator."""
    stats = chartable(answer)
    if not stats:
        raise NoChart(f"{answer.title}: no percentages to chart")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained", facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(facecolor=BACKGROUND)
    rows = list(reversed(stats))
    colours = [FOCUS if s.focus else BAR for s in rows]
    groups = denominators(stats)
    bars = axes.barh(range(len(rows)), [s.share for s in rows], color=colours)
    names = [("▶ " if s.focus else "") + s.label + (f" ({s.denominator})" if len(groups) > 1 and s.denominator else "")
             for s in rows]
    axes.set_yticks(range(len(rows)), [textwrap.fill(name, LABEL_WIDTH) for name in names])
    labels = axes.bar_label(bars, labels=[f" {s.value}" + (f" ({s.detail})" if s.detail else "") for s in rows],
                            fontsize=13, padding=2, color=TEXT)
    axes.set_xlabel("% (bar length); each label shows the figure exactly as the source states it", fontsize=11,
                    color=MUTED)
    axes.tick_params(axis="y", labelsize=13, colors=TEXT)
    axes.tick_params(axis="x", colors=MUTED)
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines[["left", "bottom"]].set_color(MUTED)
    figure.suptitle(answer.title, fontsize=18, fontweight="bold", color=TEXT)
    subtitle = [answer.intro] if answer.intro else []
    if len(groups) > 1:
        subtitle.append("Different denominators, not comparable: these bars are shares of " + "; ".join(groups) + ".")
    if subtitle:
        axes.set_title(textwrap.fill(" ".join(subtitle), 120), fontsize=11, color=FOCUS if len(groups) > 1 else MUTED)
    notes = small_print(answer)
    if notes:
        text = "\n".join(textwrap.fill(note, SMALL_PRINT_WIDTH) for note in notes)
        figure.text(0.01, 0.005, text, fontsize=8, va="bottom", color=MUTED)
        lines = text.count("\n") + 1
        figure.get_layout_engine().set(rect=(0, 0.022 * lines + 0.01, 1, 1 - 0.022 * lines - 0.01))
    _trim_right(figure, axes, labels)
    return figure


def _trim_right(figure, axes, labels) -> None:  # noqa: ANN001 - matplotlib objects, imported lazily
    """End the axis just after the longest bar label, so no empty quarter is left on the right."""
    axes.set_xlim(0, 100)
    axes.set_xticks(range(0, 101, 20))
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    right = max(axes.transData.inverted().transform(label.get_window_extent(renderer))[1][0] for label in labels)
    axes.set_xlim(0, max(right * RIGHT_MARGIN, 10))
    axes.spines["bottom"].set_bounds(0, min(100, right))
    axes.set_xticks([tick for tick in range(0, 101, 20) if tick <= right])
