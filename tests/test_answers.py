"""The words of each answer, and the care cards that group signs by urgency."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from ankle_education.answers import answer_context, answer_for, care_cards
from ankle_education.urgency import SIGN_LEVELS, Level
from tests.factories import ConditionFactory, WarningSignFactory

pytestmark = pytest.mark.django_db


def test_every_level_says_its_level_in_words_and_has_one_heading():
    labels = {level: answer_for(level).label for level in Level}
    assert labels == {
        Level.SELF_CARE: "Self-care advice:",
        Level.ROUTINE: "Non-urgent advice:",
        Level.URGENT: "Urgent advice:",
        Level.EMERGENCY: "Immediate action required:",
    }
    assert answer_for(Level.ROUTINE).heading == "Book an appointment"
    assert answer_for(Level.URGENT).heading == "Get seen today"
    assert all(answer_for(level).explanation for level in Level)


def test_emergency_heading_names_the_configured_number(settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EMERGENCY_NUMBER": "999"}
    assert answer_for(Level.EMERGENCY).heading == "Call 999 or go to the emergency department now"


def test_care_cards_group_by_level_most_urgent_first_in_sign_order():
    routine_a = WarningSignFactory(urgency=Level.ROUTINE.slug)
    emergency = WarningSignFactory(urgency=Level.EMERGENCY.slug)
    routine_b = WarningSignFactory(urgency=Level.ROUTINE.slug)
    cards = care_cards([routine_a, emergency, routine_b])
    assert [card.answer.level for card in cards] == [Level.EMERGENCY, Level.ROUTINE]
    assert cards[0].signs == [emergency]
    assert cards[1].signs == [routine_a, routine_b]
    assert cards[0].heading == "Call 911 or go to the emergency department now if:"
    assert cards[1].heading == "Book an appointment if:"


def test_answer_context_is_the_most_urgent_sign_with_its_one_link():
    condition = ConditionFactory(slug="ankle-sprain")
    routine, emergency = WarningSignFactory(urgency=Level.ROUTINE.slug), WarningSignFactory(urgency=Level.EMERGENCY.slug)

    booked = answer_context([routine], condition)
    called = answer_context([routine, emergency], condition)
    nothing = answer_context([])

    assert (booked["answer"].level, booked["ticked"], booked["ankle_emergency"]) == (Level.ROUTINE, [routine], False)
    assert booked["action"].href == "/patient-education/ankle/book/?condition=ankle-sprain&urgency=routine"
    assert (called["answer"].level, called["ankle_emergency"]) == (Level.EMERGENCY, True)
    assert (called["action"].href, called["action"].is_phone) == ("tel:911", True)
    assert (nothing["answer"].level, nothing["action"], nothing["ankle_emergency"]) == (Level.SELF_CARE, None, False)


def test_self_care_answer_lists_the_urgent_and_emergency_signs_that_should_bring_the_patient_back():
    asked = [WarningSignFactory(urgency=level) for level in (Level.ROUTINE.slug, Level.URGENT.slug, Level.EMERGENCY.slug)]

    context = answer_context([], asked=asked)

    assert [card.answer.level for card in context["return_cards"]] == [Level.EMERGENCY, Level.URGENT]
    assert answer_context(asked[:1], asked=asked)["return_cards"] == []


def test_urgent_answer_names_where_to_go_when_the_clinic_cannot_see_them_today(settings):
    assert answer_for(Level.URGENT).advice == (
        "If the clinic cannot see you today, go to an urgent care center.",
        "If it gets worse while you wait, or you get any emergency sign, call 911.",
    )
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "URGENT_CARE_PLACE": "the walk-in clinic on Main St"}
    assert answer_for(Level.URGENT).advice[0] == "If the clinic cannot see you today, go to the walk-in clinic on Main St."
    assert all(answer_for(level).advice == () for level in Level if level is not Level.URGENT)


def test_no_signs_no_cards():
    assert care_cards([]) == []


def test_emergency_card_only_calls_and_routine_card_books():
    condition = ConditionFactory(slug="ankle-sprain")
    signs = [WarningSignFactory(urgency=Level.EMERGENCY.slug), WarningSignFactory(urgency=Level.ROUTINE.slug)]
    emergency_card, routine_card = care_cards(signs, condition)
    assert (emergency_card.action.text, emergency_card.action.href) == ("Call 911", "tel:911")
    assert routine_card.action.href == "/patient-education/ankle/book/?condition=ankle-sprain&urgency=routine"


def test_urgent_card_uses_the_same_day_booking_page():
    (card,) = care_cards([WarningSignFactory(urgency=Level.URGENT.slug)])
    assert card.heading == "Get seen today if:"
    assert card.action.text == "Book a same-day appointment"
    assert card.action.href == "/patient-education/ankle/book/?urgency=urgent"


def test_care_cards_template_emergency_card_has_the_number_and_only_its_tel_link():
    signs = [
        WarningSignFactory(urgency=level, text=f"{level} sign", explanation=f"{level} explained")
        for level in [level.slug for level in SIGN_LEVELS]
    ]
    html = render_to_string(
        "ankle_education/includes/care_cards.html", {"cards": care_cards(signs, ConditionFactory())}
    )
    emergency = html[html.index("ankle-card--emergency"):html.index("ankle-card--urgent")]
    assert (
        '<h3 class="ankle-card__heading"><span class="ankle-card__label">Immediate action required:</span> '
        "Call 911 or go to the emergency department now if:</h3>"
    ) in emergency
    assert re.findall(r"<a [^>]*>", emergency) == ['<a class="ankle-action__link" href="tel:911">']
    assert html.index("ankle-card--emergency") < html.index("ankle-card--urgent") < html.index("ankle-card--routine")
    assert html.count("<a ") == 3  # the emergency card's tel: link, one booking link each for urgent and routine
    assert "emergency explained" in html
