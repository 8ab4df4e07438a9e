"""The chart: exact labels, caveats in small print, a warning when bars measure different groups, no empty right."""

from __future__ import annotations

import pytest

from bot.answers import Target
from bot.chart import NoChart, bar_chart, denominators, draw, small_print
from bot.evidence import Evidence


def texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(lambda artist: hasattr(artist, "get_text"))]


def test_each_bar_carries_the_figure_as_written_and_the_caveats_are_in_small_print(evidence: Evidence) -> None:
    figure = draw(evidence.stats("tools"))
    shown = "\n".join(texts(figure))
    assert " 71% (10 of 14 studies, derived)" in shown
    assert "Caveat: Only one randomized controlled trial reviewed" in shown
    assert "Source: Cheston CC, Flickinger TE, Chisolm MS." in shown


def test_bars_of_different_denominators_are_said_to_be_so(evidence: Evidence) -> None:
    tweets = evidence.stats("tweets")
    assert denominators([s for s in tweets.stats if s.share is not None]) == [">400 people who produced tweets",
                                                                             "4,500 tweets"]
    title = draw(tweets).axes[0].get_title()
    assert "Different denominators, not comparable" in title and "4,500 tweets" in title
    assert "Different denominators" not in draw(evidence.stats("tools")).axes[0].get_title()
    assert any(line.startswith("Also: Tweets during the conference 4,500") for line in small_print(tweets))


def test_the_axis_ends_after_the_longest_label_not_at_140(evidence: Evidence) -> None:
    low = draw(evidence.answer(Target("neill-2014", "finding", "speakers"))).axes[0].get_xlim()[1]
    high = draw(evidence.stats("tools")).axes[0].get_xlim()[1]
    assert 41.5 < low < high < 110


def test_a_figure_is_marked_and_the_png_is_slide_sized(evidence: Evidence) -> None:
    figure = draw(evidence.answer(Target("neill-2014", "stat", "speakers", 0)))
    assert "▶ LinkedIn" in [t.get_text() for t in figure.axes[0].get_yticklabels()]
    png = bar_chart(evidence.stats("tools"))
    assert png.startswith(b"\x89PNG") and png[16:24] == (1280).to_bytes(4, "big") + (720).to_bytes(4, "big")


def test_no_percentages_no_chart(evidence: Evidence) -> None:
    with pytest.raises(NoChart):
        draw(evidence.limitations("neill-2014"))
