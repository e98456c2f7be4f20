"""The public pages in chromium: accessibility, strict CSP, no third parties, no JavaScript needed,
phone and desktop widths, keyboard-only use and a clean printed handout."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ankle_education.urgency import Level
from tests.factories import ConditionWarningSignFactory, SourceFactory, WarningSignFactory, condition_with_content
from tests.quality import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def condition():
    """A condition page with everything on it: tips, tiers, a source and a card for each urgency."""
    condition = condition_with_content(name="Achilles tendinitis", slug="achilles-tendinitis", tips=2, signs=3)
    WarningSignFactory(text="The foot is numb, cold or blue", urgency=Level.EMERGENCY.slug)
    ConditionWarningSignFactory(condition=condition, warning_sign__urgency=Level.URGENT.slug)
    tip = condition.prevention_tips.first()
    tip.sources.add(SourceFactory())
    return condition


def page_paths(condition) -> dict[str, str]:
    def url(name: str, **kwargs: str) -> str:
        return reverse(f"ankle_education:{name}", kwargs=kwargs or None)

    return {
        "hub": url("hub"),
        "category": condition.category.get_absolute_url(),
        "condition list": url("condition_list"),
        "condition": condition.get_absolute_url(),
        "prevention list": url("prevention_list"),
        "prevention tip": condition.prevention_tips.first().get_absolute_url(),
        "treatment": url("treatment"),
        "search results": url("search") + "?q=tendinitis",
        "search error": url("search") + "?q=" + "x" * 201,
    }


FOCUSED_LINK = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName,
        href: element.getAttribute("href"),
        outline: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
    };
}"""


PRINTED_TEXT = """() => {
    // innerText leaves out generated content, which is where printed link addresses are.
    const generated = [...document.body.querySelectorAll("*")]
        .filter(element => element.getClientRects().length > 0)
        .flatMap(element => ["::before", "::after"].map(pseudo => getComputedStyle(element, pseudo).content))
        .filter(content => content !== "none" && content !== "normal");
    return [document.body.innerText, ...generated].join("\\n");
}"""


def test_every_page_type_is_accessible_under_a_strict_csp_with_no_third_party_request(live_server, page, condition):
    requested: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: console.append(message.text))

    violations = {}
    for name, path in page_paths(condition).items():
        response = page.goto(live_server.url + path)
        assert response is not None
        assert "default-src 'self'" in response.headers["content-security-policy"]
        violations[name] = axe_violations(page)

    assert {name: found for name, found in violations.items() if found} == {}
    assert [message for message in console if "Content Security Policy" in message] == []
    assert [url for url in requested if not url.startswith(live_server.url + "/")] == []
    assert any(url.endswith("/ankle_education/ankle_education.css") for url in requested)


def test_pages_work_without_javascript(live_server, browser, condition):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("ankle_education:hub"))
    page.get_by_role("link", name="Achilles tendinitis").click()
    expect(page.locator("h1")).to_have_text("Achilles tendinitis")
    expect(page.get_by_role("heading", name="When to get help")).to_be_visible()
    expect(page.locator(".ankle-card--emergency")).to_contain_text("The foot is numb, cold or blue")
    page.get_by_role("link", name="Ankle pain after running").last.click()  # the breadcrumb
    page.get_by_role("searchbox", name="Search this guide").fill("tendinitis")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Achilles tendinitis")).to_be_visible()
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_hub_to_condition_to_checklist(live_server, page, condition, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + reverse("ankle_education:hub"))
    page.get_by_role("link", name="Achilles tendinitis").click()
    expect(page.locator("h1")).to_have_text("Achilles tendinitis")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing forces sideways scrolling
    page.get_by_role("link", name="Check your symptoms: when to get help for Achilles tendinitis").click()
    checklist = reverse("ankle_education:condition_seek_help", kwargs={"slug": condition.slug})
    expect(page).to_have_url(live_server.url + checklist)


def test_keyboard_reaches_every_link_with_a_visible_focus_and_print_is_a_clean_handout(live_server, page, condition):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + condition.get_absolute_url())
    on_screen_only = [
        page.locator("section[aria-labelledby='ankle-treatment'] .ankle-action__link"),  # the booking link
        page.get_by_role("link", name="How the treatment ladder works"),
        page.get_by_role("link", name="Check your symptoms: when to get help for Achilles tendinitis"),
    ]
    for link in on_screen_only:
        expect(link).to_be_visible()
    links = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")

    reached: list[str] = []
    for _ in range(len(links) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_LINK)
        if focused["tag"] == "A":
            assert focused["outline"] != "none", focused
            assert focused["width"] >= 2, focused
            reached.append(focused["href"])
    assert sorted(set(reached)) == sorted(set(links))

    page.emulate_media(media="print")
    for navigation in page.locator("nav").all():
        expect(navigation).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    source = page.locator(".ankle-sources a").first
    after = source.evaluate("link => getComputedStyle(link, '::after').content")
    assert source.get_attribute("href") in after
    for link in on_screen_only:
        expect(link).to_be_hidden()
    expect(page.locator(".ankle-card--emergency")).to_be_visible()
    printed = page.evaluate(PRINTED_TEXT)
    assert source.get_attribute("href") in printed  # so the printed text does include link addresses
    assert "/book/" not in printed
    assert "/patient-education/" not in printed


SEPARATOR = """item => {
    const before = getComputedStyle(item, "::before");
    return {content: before.content, display: before.display, width: parseFloat(before.width),
            border: parseFloat(before.borderTopWidth) + parseFloat(before.borderRightWidth)};
}"""


def test_breadcrumbs_are_separated_on_screen_and_the_separator_is_never_read_out(live_server, page, condition):
    page.goto(live_server.url + condition.get_absolute_url())
    crumbs = page.locator(".ankle-breadcrumbs li")
    expect(crumbs).to_have_count(2)
    assert crumbs.first.evaluate(SEPARATOR)["content"] in ("none", "normal")  # nothing before the first crumb
    separator = crumbs.last.evaluate(SEPARATOR)
    assert separator["display"] != "none"
    assert separator["width"] > 0
    assert separator["border"] > 0  # drawn, so it has no text at all to read out
    assert separator["content"] in ('""', '"" / ""')
    # What a screen reader gets: the two links, and no text between them.
    snapshot = page.get_by_role("navigation", name="Breadcrumb").aria_snapshot()
    assert [line.strip() for line in snapshot.splitlines() if "/url:" not in line] == [
        '- navigation "Breadcrumb":',
        "- list:",
        "- listitem:",
        '- link "Ankle pain after running":',
        "- listitem:",
        f'- link "{condition.category.name}":',
    ]


CARD_GAP = """card => {
    const heading = card.querySelector(".ankle-card__heading");
    return heading.getBoundingClientRect().top - card.getBoundingClientRect().top
        - parseFloat(getComputedStyle(card).borderTopWidth);
}"""


def test_care_card_headings_sit_flush_inside_the_border(live_server, page, condition, checklist_url):
    page.goto(live_server.url + condition.get_absolute_url())
    cards = page.locator(".ankle-card")
    assert cards.count() == 3
    assert [card.evaluate(CARD_GAP) for card in cards.all()] == [0, 0, 0]

    page.goto(checklist_url)
    page.get_by_label("It still hurts after a week of rest").check()
    page.get_by_role("button", name="Get my answer").click()
    assert page.locator("#ankle-answer").evaluate(CARD_GAP) == 0
