"""The custom-id protocol of the answer controls: targets written into ids and read back, and ids that fit Discord."""

from __future__ import annotations

import pytest

from bot.answers import StaleTarget, Target
from bot.render_discord import Act, Press
from commands.replies import EvidenceButton, parse_target_key, target_key

TARGETS = (Target("a", "study"), Target("a", "finding", "tools"), Target("a", "stat", "tools", 0),
           Target("neill-2014", "stat", "speakers", 12))


def test_target_keys_round_trip_alone_and_together() -> None:
    for target in TARGETS:
        assert parse_target_key(target_key((target,))) == (target,)
    assert parse_target_key(target_key(TARGETS)) == TARGETS
    assert target_key(TARGETS[2:3]) == "a/stat/tools/0"


def test_a_part_this_version_does_not_know_is_stale() -> None:
    with pytest.raises(StaleTarget):
        parse_target_key("a/vanished_part")


@pytest.mark.parametrize("press", [
    Press(Act.LIMITATIONS, "Limitations of X", 0, source_id="neill-2014"),
    Press(Act.CHART, "Chart", 2, TARGETS),
    Press(Act.SHARE, "Share in channel", 2, TARGETS[2:]),
    Press(Act.DELETE, "Delete", 2, user_id=123456789012345678),
])
def test_each_button_matches_its_own_template(press: Press) -> None:
    button = EvidenceButton(press)
    assert button.template.fullmatch(button.custom_id)
    assert button.item.label == press.label
