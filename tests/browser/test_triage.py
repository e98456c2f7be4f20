"""Triage v2 in a browser: "None of these", nothing ticked, the urgent and emergency answers.

At a phone's and a laptop's width, with JavaScript on and off (axe needs JavaScript to run).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.quality import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Triage v2: "None of these", nothing ticked, and the urgent and emergency answers, at a phone's and a
# laptop's width, with JavaScript on and off.
WIDTHS = {"phone": {"width": 375, "height": 740}, "laptop": {"width": 1280, "height": 800}}
SCRIPT = {"js-on": True, "js-off": False}


@pytest.fixture(params=[(w, j) for w in WIDTHS for j in SCRIPT], ids=lambda p: f"{p[0]}-{p[1]}")
def browser_context_args(request, browser_context_args):
    width, script = request.param
    return {**browser_context_args, "viewport": WIDTHS[width], "java_script_enabled": SCRIPT[script]}


def submit(page) -> None:
    """Send the form and wait for the answer page, so no check reads the page being left."""
    with page.expect_navigation():
        page.get_by_role("button", name="Get my answer").click()


def heading(page) -> str:
    return " ".join(page.locator("h1").inner_text().split())


def test_triage_answers_at_each_width_with_and_without_javascript(page, checklist_url, browser_context_args):
    javascript = browser_context_args["java_script_enabled"]

    # Nothing ticked: asked again, never a guess.
    page.goto(checklist_url)
    submit(page)
    expect(page.get_by_text("Tick the signs you have, or tick “None of these”.")).to_be_visible()
    assert page.locator("#ankle-answer").count() == 0
    if javascript:
        assert axe_violations(page) == []

    # "None of these": the self-care answer.
    page.get_by_label("None of these").check()
    submit(page)
    assert heading(page) == "Self-care advice: Look after your ankle at home"
    if javascript:
        assert axe_violations(page) == []

    # A sign ticked with "None of these": without JavaScript both can be sent, and the sign wins;
    # with it, ticking one clears the other.
    page.goto(checklist_url)
    page.get_by_label("None of these").check()
    page.get_by_label("The swelling is getting worse").check()
    assert page.get_by_label("None of these").is_checked() is not javascript
    submit(page)
    assert heading(page) == "Urgent advice: Get seen today"
    assert page.get_by_text("If the clinic cannot see you today, go to an urgent care center.").is_visible()
    assert page.locator("#ankle-answer").get_by_role("link", name="Book a same-day appointment").is_visible()
    if javascript:
        assert axe_violations(page) == []

    # The emergency answer: one link, the number to tap and call.
    page.goto(checklist_url)
    page.get_by_label("You cannot take four steps").check()
    submit(page)
    assert heading(page) == "Immediate action required: Call 911 or go to the emergency department now"
    call = page.locator("#ankle-answer").get_by_role("link", name="Call 911")
    assert call.is_visible()
    assert call.get_attribute("href") == "tel:911"
    assert page.locator("#ankle-answer a").count() == 1
    box = call.bounding_box()
    assert box is not None
    assert box["height"] >= 24
    assert box["x"] + box["width"] <= page.viewport_size["width"]  # on screen, no sideways scroll
    if javascript:
        assert axe_violations(page) == []
    # Ticking "None of these" with JavaScript clears the signs again.
    if javascript:
        page.goto(checklist_url)
        page.get_by_label("You cannot take four steps").check()
        page.get_by_label("None of these").check()
        assert not page.get_by_label("You cannot take four steps").is_checked()
