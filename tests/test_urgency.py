"""The one rule that must never break: the answer is the most urgent ticked sign."""

from __future__ import annotations

from itertools import chain, combinations

import pytest

from ankle_education.models import Urgency
from ankle_education.starter_content.signs import WARNING_SIGNS
from ankle_education.urgency import Level, decide


def subsets(items):
    return chain.from_iterable(combinations(items, size) for size in range(len(items) + 1))


def expected(levels) -> Level:
    """An independent statement of the rule, written as a clinician would say it."""
    levels = set(levels)
    if Level.EMERGENCY in levels:
        return Level.EMERGENCY
    if Level.URGENT in levels:
        return Level.URGENT
    if Level.ROUTINE in levels:
        return Level.ROUTINE
    return Level.SELF_CARE


def test_levels_are_ordered_and_named():
    assert list(Level) == sorted(Level)
    assert [level.slug for level in Level] == ["self-care", "routine", "urgent", "emergency"]


@pytest.mark.parametrize("level", list(Level))
def test_from_slug_round_trips(level):
    assert Level.from_slug(level.slug) is level


@pytest.mark.parametrize("slug", ["", "EMERGENCY", "self_care", "critical", " routine"])
def test_from_slug_refuses_unknown_slugs(slug):
    with pytest.raises(ValueError, match="unknown urgency level"):
        Level.from_slug(slug)


def test_every_sign_urgency_is_a_level_above_self_care():
    assert sorted(Level.from_slug(value) for value in Urgency.values) == [Level.ROUTINE, Level.URGENT, Level.EMERGENCY]


def test_nothing_ticked_is_self_care():
    assert decide([]) is Level.SELF_CARE


def test_every_combination_of_two_signs_per_level():
    signs = [level for level in Level for _ in range(2)]
    checked = 0
    for ticked in subsets(signs):
        assert decide(ticked) is expected(ticked), ticked
        checked += 1
    assert checked == 2 ** 8


def test_every_subset_of_the_starter_signs():
    levels = [Level.from_slug(sign.urgency) for sign in WARNING_SIGNS]
    assert Level.EMERGENCY in levels and Level.URGENT in levels and Level.ROUTINE in levels
    checked = 0
    for ticked in subsets(levels):
        assert decide(ticked) is expected(ticked)
        checked += 1
    assert checked == 2 ** len(WARNING_SIGNS)


def test_decide_accepts_a_generator():
    assert decide(level for level in [Level.ROUTINE, Level.EMERGENCY, Level.URGENT]) is Level.EMERGENCY
