"""The one rule that must never break: the answer is the most urgent ticked sign."""

from __future__ import annotations

import io
import re
from itertools import chain, combinations, permutations

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from ankle_education.answers import answer_context
from ankle_education.booking_links import book_link
from ankle_education.checklist import checklist_url, read_answers, signs_for
from ankle_education.conf import conf
from ankle_education.models import Condition, WarningSign
from ankle_education.starter_content.conditions import CONDITIONS
from ankle_education.starter_content.signs import WARNING_SIGNS
from ankle_education.urgency import SIGN_LEVELS, Level, decide
from tests.factories import ConditionWarningSignFactory


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


BOOKING_HREFS = ("/book/", "/patient-education/ankle/book/", "tel:+")


def render_answer(values: list[str], signs: list[WarningSign], condition: Condition | None = None) -> tuple[str, str]:
    """The answer page for the posted ``values``, and the answer region inside it."""
    context = answer_context(read_answers(values, signs), condition, signs)
    form_action = checklist_url(condition)
    html = render_to_string(
        "ankle_education/answer.html",
        {
            **context,
            "ankle_base_template": conf.BASE_TEMPLATE,
            "form_action": form_action,
            "canonical_url": f"http://testserver{form_action}",
            "checklist_title": "When to get help",
            "checklist_description": "Tick the signs that apply.",
        },
    )
    start = html.index('<section id="ankle-answer"')
    return html, html[start : html.index("</section>", start)]


def check_answer(html: str, region: str, ticked: list[WarningSign], condition: Condition | None = None) -> Level:
    """Asserts the answer page says the most urgent ticked level and links as that level must; returns it."""
    level = expected(Level.from_slug(sign.urgency) for sign in ticked)
    assert f'class="ankle-card ankle-card--{level.slug} ankle-answer"' in region, ticked
    links = re.findall(r'<a [^>]*href="([^"]*)"', region)
    if level is Level.EMERGENCY:
        assert links == [f"tel:{conf.EMERGENCY_NUMBER}"], ticked
        # Nowhere on the page either, the host's header and footer included (they read ankle_emergency).
        assert not [href for href in re.findall(r'href="([^"]*)"', html) if href.startswith(BOOKING_HREFS)], ticked
    elif level is Level.SELF_CARE:
        assert not [href for href in links if href.startswith(BOOKING_HREFS)]
    else:
        assert links == [book_link(level, condition).replace("&", "&amp;")], ticked
    return level


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
    assert sorted(Level.from_slug(value) for value in [level.slug for level in SIGN_LEVELS]) == [Level.ROUTINE, Level.URGENT, Level.EMERGENCY]


def test_nothing_ticked_is_self_care():
    assert decide([]) is Level.SELF_CARE


def test_every_combination_of_two_signs_per_level():
    signs = [level for level in Level for _ in range(2)]
    checked = 0
    for ticked in subsets(signs):
        assert decide(ticked) is expected(ticked), ticked
        checked += 1
    assert checked == 2 ** 8


def test_every_subset_of_the_starter_checklists():
    """Every subset of the general checklist (2^21, a few seconds); for each condition's checklist,
    every subset of its own signs, alone and with each general sign."""
    general = [Level.from_slug(sign.urgency) for sign in WARNING_SIGNS if sign.applies_to_all_conditions]
    # The starter library uses every level a sign can have (DESIGN.md, "Urgency").
    assert set(general) == {Level.EMERGENCY, Level.URGENT, Level.ROUTINE}
    checked = 0
    for ticked in subsets(general):
        assert decide(ticked) is expected(ticked)
        checked += 1
    assert checked == 2 ** len(general)

    by_key = {sign.key: Level.from_slug(sign.urgency) for sign in WARNING_SIGNS}
    for condition in CONDITIONS:
        own = [by_key[key] for key in condition.warning_signs]
        for ticked in subsets(own):
            for extra in [(), *((level,) for level in general)]:
                assert decide(ticked + extra) is expected(ticked + extra), condition.slug


def test_decide_accepts_a_generator():
    assert decide(level for level in [Level.ROUTINE, Level.EMERGENCY, Level.URGENT]) is Level.EMERGENCY


# The same rule through the real answer path: posted values → read_answers → decide → the answer's
# context → the answer page, rendered (no HTTP) inside the example clinic site's base template.


@pytest.mark.django_db
def test_posted_values_for_every_pair_of_general_signs_are_answered_at_the_most_urgent():
    """The posted-values path (values → read_answers → decide) for nothing, every sign alone and
    every pair, in both orders; the rule itself is checked over every subset above."""
    call_command("load_ankle_starter_content", "--publish", stdout=io.StringIO())
    signs = list(signs_for())
    assert len(signs) == sum(1 for sign in WARNING_SIGNS if sign.applies_to_all_conditions)
    cases = [[], *([sign] for sign in signs), *(list(pair) for pair in permutations(signs, 2))]
    for ticked in cases:
        read = read_answers([str(sign.pk) for sign in ticked], signs)
        assert sorted(read, key=signs.index) == sorted(ticked, key=signs.index)
        assert decide(sign.level for sign in read) is expected(sign.level for sign in ticked)
    assert len(cases) == 1 + len(signs) + len(signs) * (len(signs) - 1)


@pytest.mark.django_db
def test_answer_pages_for_each_sign_alone_and_each_combination_of_levels():
    call_command("load_ankle_starter_content", "--publish", stdout=io.StringIO())
    signs = list(signs_for())
    first_of_level = {level: next(sign for sign in signs if sign.level is level) for level in reversed(Level) if level}
    cases = [[sign] for sign in signs] + [list(combo) for combo in subsets(first_of_level.values())]
    seen = set()
    for ticked in cases:
        html, region = render_answer([str(sign.pk) for sign in ticked], signs)
        seen.add(check_answer(html, region, ticked))
    assert seen == set(Level)


@pytest.mark.django_db
def test_every_subset_of_a_conditions_own_signs_through_the_answer_page():
    """A condition's checklist: each subset of its own signs, alone and with a general sign of each level."""
    call_command("load_ankle_starter_content", "--publish", stdout=io.StringIO())
    sprain = Condition.objects.published().get(slug="ankle-sprain")
    own = [
        ConditionWarningSignFactory(condition=sprain, warning_sign__urgency=urgency).warning_sign
        for urgency in [level.slug for level in SIGN_LEVELS]
    ]
    signs = list(signs_for(sprain))
    general = [None, *({sign.urgency: sign for sign in signs if sign.applies_to_all_conditions}.values())]
    levels = set()
    for ticked_own in subsets(own):
        for extra in general:
            ticked = [*ticked_own, *([extra] if extra else [])]
            html, region = render_answer([str(sign.pk) for sign in ticked], signs, sprain)
            levels.add(check_answer(html, region, ticked, sprain))
    assert levels == set(Level)
