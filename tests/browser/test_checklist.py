"""Tick, submit, read the answer, follow the booking link: with JavaScript on and off."""

from __future__ import annotations

import pytest

from ankle_education.models import BookingClick
from tests.quality import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JS_OFF = pytest.mark.browser_context_args(java_script_enabled=False)


@pytest.mark.parametrize(
    ("ticked", "heading", "link", "booking_path", "urgency"),
    [
        pytest.param(
            ["It still hurts after a week of rest", "The swelling is getting worse"],
            "Urgent advice: Get seen today",
            "Book a same-day appointment",
            "/book/same-day/",
            "urgent",
            id="javascript-on",
        ),
        pytest.param(
            ["It still hurts after a week of rest"],
            "Non-urgent advice: Book an appointment",
            "Book an appointment",
            "/book/",
            "routine",
            id="javascript-off",
            marks=JS_OFF,
        ),
    ],
)
def test_tick_submit_read_answer_and_book(live_server, page, checklist_url, ticked, heading, link, booking_path,
                                          urgency):
    page.goto(checklist_url)
    assert page.locator("legend.ankle-checklist__legend").inner_text() == "Which of these do you have now?"
    if urgency == "urgent":  # axe runs its script in the page, so only where JavaScript is on
        assert axe_violations(page) == []
    for label in ticked:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Get my answer").click()

    assert page.url == checklist_url  # the answers were posted, not put in the URL
    assert " ".join(page.locator("h1").inner_text().split()) == heading
    for label in ticked:
        assert page.locator("#ankle-answer li", has_text=label).is_visible()
    if urgency == "urgent":
        assert axe_violations(page) == []

    page.locator("#ankle-answer").get_by_role("link", name=link).click()
    assert page.url == f"{live_server.url}{booking_path}?condition=ankle-sprain&urgency={urgency}"
    assert page.locator("#booking-condition").inner_text() == "ankle-sprain"
    assert page.locator("#booking-urgency").inner_text() == urgency
    assert BookingClick.objects.get().count == 1


def test_emergency_and_self_care_answers_have_no_axe_violations(page, checklist_url):
    page.goto(checklist_url)
    page.get_by_label("You cannot take four steps").check()
    page.get_by_role("button", name="Get my answer").click()
    heading = " ".join(page.locator("h1").inner_text().split())
    assert heading == "Immediate action required: Call 911 or go to the emergency department now"
    assert page.locator("#ankle-answer a").count() == 1
    assert page.locator("#ankle-answer a").get_attribute("href") == "tel:911"
    # Nothing else anywhere on the page: the example site's header and footer hide booking and the clinic's phone.
    assert page.locator('a[href*="/book"], a[href^="tel:"]').count() == 1
    assert axe_violations(page) == []

    page.goto(checklist_url)
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Get my answer").click()
    assert " ".join(page.locator("h1").inner_text().split()) == "Self-care advice: Look after your ankle at home"
    assert axe_violations(page) == []


def test_general_form_routine_answer_and_error_page_have_no_axe_violations(live_server, page, checklist_url):
    general_url = f"{live_server.url}/patient-education/ankle/seek-help/"
    page.goto(general_url)
    assert page.locator('input[type="checkbox"]').count() == 3  # not the condition's own sign; "None of these"
    assert axe_violations(page) == []

    page.get_by_label("It still hurts after a week of rest").check()
    page.get_by_role("button", name="Get my answer").click()
    assert " ".join(page.locator("h1").inner_text().split()) == "Non-urgent advice: Book an appointment"
    assert axe_violations(page) == []

    # A tampered value: the page answers 400 with the reason, and stays accessible.
    page.goto(general_url)
    page.locator('input[type="checkbox"]').first.evaluate("box => { box.value = 'abc'; box.checked = true; }")
    with page.expect_response(general_url) as answer:
        page.get_by_role("button", name="Get my answer").click()
    assert answer.value.status == 400
    assert page.get_by_text("not a number from this checklist").is_visible()
    assert axe_violations(page) == []



def test_a_checklist_sent_after_its_cookie_expired_is_explained_and_offered_again(page, checklist_url):
    page.goto(checklist_url)
    page.context.clear_cookies()  # the CSRF cookie expired while the page stayed open
    page.get_by_label("It still hurts after a week of rest").check()
    with page.expect_response(checklist_url) as refused:
        page.get_by_role("button", name="Get my answer").click()

    assert refused.value.status == 403
    assert page.locator("h1").inner_text() == "This form has expired"
    assert page.get_by_role("link", name="Call 911 or go to the emergency department now").get_attribute("href") == "tel:911"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Fill in the checklist again").click()
    page.get_by_label("It still hurts after a week of rest").check()
    page.get_by_role("button", name="Get my answer").click()
    assert " ".join(page.locator("h1").inner_text().split()) == "Non-urgent advice: Book an appointment"
