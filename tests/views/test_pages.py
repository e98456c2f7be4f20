"""The public pages: what each shows, published content only, metadata, queries, valid HTML."""

from __future__ import annotations

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from ankle_education.models import Condition, Status
from ankle_education.rendering import MAX_MARKDOWN_CHARACTERS
from ankle_education.views.pages import LIST_PAGE_SIZE
from tests.factories import (
    CategoryFactory,
    ConditionFactory,
    ConditionSourceFactory,
    ConditionWarningSignFactory,
    PreventionTipFactory,
    SourceFactory,
    TreatmentStepFactory,
    TreatmentTierFactory,
    WarningSignFactory,
    condition_with_content,
)
from tests.quality import nu_html_errors, queries_for

pytestmark = pytest.mark.django_db


CSS = Path(__file__).resolve().parents[2] / "ankle_education" / "static" / "ankle_education" / "ankle_education.css"


def url(name: str, **kwargs: object) -> str:
    return reverse(f"ankle_education:{name}", kwargs=kwargs or None)


@pytest.fixture
def content():
    """One published piece of every kind, linked together, plus a draft of each kind."""
    condition = condition_with_content(name="Achilles tendinitis", slug="achilles-tendinitis", tips=2, signs=3)
    return {
        "condition": condition,
        "category": condition.category,
        "tip": condition.prevention_tips.first(),
        "draft_category": CategoryFactory(draft=True, name="Draft cause"),
        "draft_condition": ConditionFactory(draft=True, name="Draft condition", category=condition.category),
        "archived_condition": ConditionFactory(status=Status.ARCHIVED, name="Archived condition"),
        "draft_tip": PreventionTipFactory(draft=True, title="Draft tip", conditions=[condition]),
        "draft_tier": TreatmentTierFactory(draft=True, name="Draft tier"),
    }


def public_urls(content: dict) -> dict[str, str]:
    """Every public page type, by name."""
    return {
        "hub": url("hub"),
        "category": url("category", slug=content["category"].slug),
        "condition list": url("condition_list"),
        "condition": url("condition", slug=content["condition"].slug),
        "prevention list": url("prevention_list"),
        "prevention tip": url("prevention_tip", slug=content["tip"].slug),
        "treatment": url("treatment"),
        "search": url("search") + "?q=tendinitis",
        "empty search": url("search"),
    }


class _InlineCode(HTMLParser):
    """Collects what a strict Content-Security-Policy would block: inline styles and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "style" or "style" in attributes or any(name.startswith("on") for name in attributes):
            self.found.append(tag)
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/ld+json":
            self.found.append("inline script")


def canonical_of(response) -> str:
    html = response.content.decode()
    found = re.search(r'<link rel="canonical" href="([^"]*)">', html)
    assert found is not None
    assert f'<meta property="og:url" content="{found[1]}">' in html
    return found[1]


def test_every_page_type_answers_200(client, content):
    for name, page_url in public_urls(content).items():
        assert client.get(page_url).status_code == 200, name


def test_every_page_type_is_valid_html(client, content):
    documents = {name: client.get(page_url).content.decode() for name, page_url in public_urls(content).items()}
    documents["bad search"] = client.get(url("search"), {"q": "x" * 300}).content.decode()
    assert nu_html_errors(documents) == {}


def test_no_page_has_inline_script_or_style(client, content):
    for name, page_url in public_urls(content).items():
        parser = _InlineCode()
        parser.feed(client.get(page_url).content.decode())
        assert parser.found == [], name


def test_hub_shows_published_content_and_every_way_in(client, content):
    condition_in_draft_category = ConditionFactory(name="Hidden by its category", category=content["draft_category"])
    response = client.get(url("hub"))
    html = response.content.decode()
    assert content["category"].name in html
    assert f'href="{content["condition"].get_absolute_url()}"' in html
    assert f'href="{content["tip"].get_absolute_url()}"' in html
    for hidden in ("Draft cause", "Draft condition", "Archived condition", "Draft tip", "Draft tier"):
        assert hidden not in html
    assert condition_in_draft_category.name not in html
    for name in ("condition_list", "prevention_list", "treatment", "seek_help"):
        assert f'href="{url(name)}"' in html
    assert '<form class="ankle-search" role="search" method="get"' in html


@pytest.mark.parametrize(
    "name",
    ["category", "condition", "prevention_tip", "condition_seek_help"],
)
def test_unknown_slugs_are_404(client, name):
    assert client.get(url(name, slug="no-such-page")).status_code == 404


def test_drafts_and_archived_content_are_404(client, content):
    condition_in_draft_category = ConditionFactory(category=content["draft_category"])
    for page_url in (
        content["draft_category"].get_absolute_url(),
        content["draft_condition"].get_absolute_url(),
        content["archived_condition"].get_absolute_url(),
        condition_in_draft_category.get_absolute_url(),
        content["draft_tip"].get_absolute_url(),
    ):
        assert client.get(page_url).status_code == 404, page_url


def test_category_page_lists_its_published_conditions_only(client, content):
    html = client.get(content["category"].get_absolute_url()).content.decode()
    assert "Achilles tendinitis" in html
    assert "Draft condition" not in html
    assert "<strong>markdown</strong>" in html


def test_condition_page_has_every_section(client, content):
    condition = content["condition"]
    html = client.get(condition.get_absolute_url()).content.decode()
    assert condition.summary in html
    assert "<p>What this condition is.</p>" in html
    assert "<li>Pain at the back of the ankle</li>" in html
    assert "Running too far, too soon." in html
    for tip in condition.prevention_tips.published():
        assert f'<a href="{tip.get_absolute_url()}">{tip.title}</a>' in html
    assert "Draft tip" not in html
    source = condition.sources.get()
    assert f'<a href="{source.url}" rel="noopener noreferrer">{source.title}</a>, {source.publisher}.' in html
    assert 'Accessed <time datetime="2026-11-01">1 November 2026</time>' in html
    assert f'href="{url("condition_seek_help", slug=condition.slug)}"' in html
    assert "Page last reviewed" in html
    assert "Next review due" in html
    assert f'<time datetime="{condition.last_reviewed:%Y-%m-%d}">' in html
    assert "Dr Ana Silva, DPT" in html


def test_condition_page_says_when_it_was_never_reviewed(client):
    condition = ConditionFactory()
    html = client.get(condition.get_absolute_url()).content.decode()
    assert html.count("Not yet clinically reviewed") == 2


def test_condition_treatment_is_grouped_by_published_tier_in_ladder_order(client):
    condition = ConditionFactory()
    higher = TreatmentTierFactory(name="Physical therapy", order=2)
    lower = TreatmentTierFactory(name="Self-care", order=1)
    TreatmentStepFactory(condition=condition, tier=higher, body="See a physio.")
    TreatmentStepFactory(condition=condition, tier=lower, body="Rest and ice.", order=2)
    TreatmentStepFactory(condition=condition, tier=lower, body="Cut your mileage.", order=1)
    TreatmentStepFactory(condition=condition, tier=TreatmentTierFactory(draft=True, name="Draft tier"), body="Secret.")
    html = client.get(condition.get_absolute_url()).content.decode()
    expected_order = ("Self-care", "Cut your mileage.", "Rest and ice.", "Physical therapy", "See a physio.")
    positions = [html.index(text) for text in expected_order]
    assert positions == sorted(positions)
    assert "Draft tier" not in html
    assert "Secret." not in html


def test_condition_warning_signs_show_as_care_cards_most_urgent_first(client):
    condition = ConditionFactory()
    WarningSignFactory(text="Routine sign", urgency="routine", applies_to_all_conditions=True)
    ConditionWarningSignFactory(
        condition=condition, warning_sign__text="Emergency sign", warning_sign__urgency="emergency"
    )
    ConditionWarningSignFactory(condition=condition, warning_sign__text="Draft sign", warning_sign__draft=True)
    ConditionWarningSignFactory(warning_sign__text="Another condition's sign")
    html = client.get(condition.get_absolute_url()).content.decode()
    section = html[html.index('id="ankle-get-help"'):]
    assert section.index("Emergency sign") < section.index("Routine sign")
    assert "ankle-card--emergency" in section
    assert "Draft sign" not in html
    assert "Another condition's sign" not in html


def test_metadata_of_a_condition_page(client, content):
    condition = content["condition"]
    html = client.get(condition.get_absolute_url() + "?utm_source=x").content.decode()
    canonical = f"http://testserver{condition.get_absolute_url()}"
    assert f"<title>{condition.name} | Riverside Running Clinic</title>" in html
    assert f'<meta name="description" content="{condition.summary}">' in html
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:title" content="{condition.name}">' in html
    assert f'<meta property="og:description" content="{condition.summary}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert 'name="robots"' not in html


def test_condition_page_has_one_json_ld_block_with_published_content_only(client, content):
    html = client.get(content["condition"].get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["name"] == "Achilles tendinitis"
    assert "Draft tip" not in blocks[0]
    assert "Draft tier" not in blocks[0]


def test_text_fields_are_escaped_everywhere(client):
    condition = ConditionFactory(name="<script>alert(1)</script>", summary='"><img src=x onerror=alert(1)>')
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


def test_condition_list_is_paginated_and_a_bad_page_is_404(client):
    ConditionFactory.create_batch(LIST_PAGE_SIZE + 1)
    first = client.get(url("condition_list"))
    assert len(first.context["conditions"]) == LIST_PAGE_SIZE
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert len(client.get(url("condition_list"), {"page": 2}).context["conditions"]) == 1
    for bad in ("3", "0", "abc", "-1", "9" * 30):
        assert client.get(url("condition_list"), {"page": bad}).status_code == 404, bad


@pytest.mark.parametrize("name", ["condition_list", "category"])
def test_a_later_page_of_a_list_is_its_own_canonical_page_with_only_its_page_number(client, name):
    category = CategoryFactory()
    ConditionFactory.create_batch(LIST_PAGE_SIZE + 1, category=category)
    path = url(name, slug=category.slug) if name == "category" else url(name)
    first, second = f"http://testserver{path}", f"http://testserver{path}?page=2"
    # Twice each, in turn: the second visit comes from the page cache and must keep its own canonical.
    for _ in range(2):
        assert canonical_of(client.get(path, {"page": 2})) == second
        assert canonical_of(client.get(path)) == first
    assert canonical_of(client.get(path, {"page": 1})) == first
    assert canonical_of(client.get(path, {"page": "02"})) == second
    assert canonical_of(client.get(path, {"page": 2, "utm_source": "x"})) == second


def test_a_page_that_is_not_a_list_ignores_a_page_parameter_in_its_canonical(client):
    condition = ConditionFactory()
    canonical = f"http://testserver{condition.get_absolute_url()}"
    assert canonical_of(client.get(condition.get_absolute_url(), {"page": 2})) == canonical


def test_condition_list_hides_unpublished(client, content):
    html = client.get(url("condition_list")).content.decode()
    assert "Achilles tendinitis" in html
    assert "Draft condition" not in html
    assert "Archived condition" not in html


def test_prevention_pages(client, content):
    tip = content["tip"]
    PreventionTipFactory(title="Second tip")
    tip.conditions.add(content["draft_condition"])
    tip.sources.add(SourceFactory(title="Running injuries"))
    listing = client.get(url("prevention_list")).content.decode()
    assert tip.title in listing
    assert "Second tip" in listing
    assert "Draft tip" not in listing
    page = client.get(tip.get_absolute_url()).content.decode()
    assert tip.summary in page
    assert "Do this before every run." in page
    assert f'href="{content["condition"].get_absolute_url()}"' in page
    assert "Draft condition" not in page
    assert "Running injuries" in page


def test_treatment_ladder_shows_published_tiers_in_order(client):
    TreatmentTierFactory(name="Advanced treatment", order=4, when_to_move_up="")
    TreatmentTierFactory(name="Self-care", order=1, when_to_move_up="If it is no better after a week.")
    TreatmentTierFactory(name="Hidden tier", order=2, draft=True)
    html = client.get(url("treatment")).content.decode()
    assert html.index("Self-care") < html.index("If it is no better after a week.") < html.index("Advanced treatment")
    assert "Hidden tier" not in html


def test_condition_page_queries_do_not_grow_with_content(client, django_assert_max_num_queries):
    small = condition_with_content(tips=3, signs=3, tiers=3)
    large = condition_with_content(tips=30, signs=30, tiers=4)
    WarningSignFactory.create_batch(5)  # general signs show on every condition page
    small_count = queries_for(client, small.get_absolute_url())
    with django_assert_max_num_queries(small_count):
        client.get(large.get_absolute_url())


def test_hub_queries_do_not_grow_with_conditions(client, django_assert_max_num_queries):
    categories = CategoryFactory.create_batch(2)
    for index in range(4):
        ConditionFactory(category=categories[index % 2])
    small_count = queries_for(client, url("hub"))
    for index in range(36):
        ConditionFactory(category=categories[index % 2])
    PreventionTipFactory.create_batch(10)
    TreatmentTierFactory.create_batch(4)
    with django_assert_max_num_queries(small_count):
        client.get(url("hub"))


def test_host_base_template_is_used_as_configured(client, settings, content):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BASE_TEMPLATE": "minimal_base.html"}
    html = client.get(content["condition"].get_absolute_url()).content.decode()
    assert "Riverside Running Clinic · 12 River Road" not in html
    assert "<main>" in html
    assert content["condition"].name in html


def test_host_can_override_a_page_template(client, settings, tmp_path, content):
    override = tmp_path / "ankle_education" / "treatment.html"
    override.parent.mkdir()
    override.write_text('{% extends "ankle_education/base.html" %}{% block page %}<h1>Our ladder</h1>{% endblock %}')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    assert "<h1>Our ladder</h1>" in client.get(url("treatment")).content.decode()


def test_stylesheet_is_small_and_has_a_print_handout(client, content):
    css = CSS.read_text()
    assert len(css.encode()) < 10 * 1024
    assert "@media print" in css
    assert 'attr(href)' in css
    assert ".ankle-noprint" in css
    assert 'href="/static/ankle_education/ankle_education.css"' in client.get(url("hub")).content.decode()


def test_review_dates_are_shown_as_dates(client):
    condition = ConditionFactory(last_reviewed=datetime.date(2026, 1, 5), next_review_due=datetime.date(2027, 1, 5))
    html = client.get(condition.get_absolute_url()).content.decode()
    assert '<time datetime="2026-01-05">5 January 2026</time>' in html
    assert '<time datetime="2027-01-05">5 January 2027</time>' in html


def test_sources_of_a_condition_are_listed_once_each(client):
    condition = ConditionFactory()
    ConditionSourceFactory.create_batch(2, condition=condition)
    assert client.get(condition.get_absolute_url()).content.decode().count("Accessed <time") == 2


def test_condition_page_offers_booking_through_the_counting_redirect(client):
    condition = ConditionFactory(slug="ankle-sprain")
    TreatmentStepFactory(condition=condition)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert f'href="{reverse("ankle_education:book")}?condition=ankle-sprain&amp;urgency=routine"' in html


def test_markdown_saved_before_it_was_validated_never_breaks_a_page(client):
    # Deeply nested and over the limit: the admin refuses the length now, but older rows may hold it.
    condition = ConditionFactory()
    text = "*" * 2000 + "x" + "*" * 2000 + " " + "y" * MAX_MARKDOWN_CHARACTERS
    Condition.objects.filter(pk=condition.pk).update(overview=text)
    response = client.get(condition.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong><strong><strong>" in html
    assert "y" * MAX_MARKDOWN_CHARACTERS in html


@pytest.mark.parametrize(("routine_sign", "steps", "buttons"), [(True, False, 1), (False, False, 1), (True, True, 2)])
def test_a_condition_page_offers_routine_booking_once_per_section(client, routine_sign, steps, buttons):
    """A routine care card ends with booking; without treatment steps the section offered a second button."""
    condition = ConditionFactory(slug="ankle-sprain")
    if routine_sign:
        ConditionWarningSignFactory(condition=condition, warning_sign__urgency="routine")
    if steps:
        TreatmentStepFactory(condition=condition)  # the treatment section ends with booking too
    html = client.get(condition.get_absolute_url()).content.decode()
    routine = f'href="{reverse("ankle_education:book")}?condition=ankle-sprain&amp;urgency=routine"'
    assert html.count(routine) == buttons
