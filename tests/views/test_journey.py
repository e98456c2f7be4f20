"""The patient journey across the public pages (views/pages.py): every content page ends with the next step."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import ConditionFactory, condition_with_content
from tests.quality import nu_html_errors

pytestmark = pytest.mark.django_db

CHECKLIST = reverse("ankle_education:seek_help")
BOOKING = f"{reverse('ankle_education:book')}?urgency=routine"


def url(name: str, **kwargs: object) -> str:
    return reverse(f"ankle_education:{name}", kwargs=kwargs or None)


@pytest.fixture
def content_pages() -> dict[str, str]:
    """The content pages that end with the general next step, by name."""
    condition = condition_with_content(name="Achilles tendinitis", slug="achilles-tendinitis")
    return {
        "category": condition.category.get_absolute_url(),
        "condition list": url("condition_list"),
        "prevention list": url("prevention_list"),
        "prevention tip": condition.prevention_tips.first().get_absolute_url(),
        "treatment": url("treatment"),
    }


def what_follows_the_next_step(html: str) -> str:
    """The page after its next-step section, less the sources and review that close every page."""
    section = re.search(r'<section class="ankle-next-steps[^"]*" aria-labelledby="ankle-next-steps">.*?</section>', html, re.S)
    assert section is not None, "no next-step section"
    rest = html[section.end() : html.index("</main>")]
    rest = re.sub(r'<section class="ankle-sources".*?</section>|<dl class="ankle-review">.*?</dl>', "", rest, flags=re.S)
    return re.sub(r"\s|</div>", "", rest)


def test_every_content_page_ends_with_the_checklist_and_booking(client, content_pages):
    for name, path in content_pages.items():
        html = client.get(path).content.decode()
        assert what_follows_the_next_step(html) == "", name
        next_step = html[html.index('aria-labelledby="ankle-next-steps"') :]
        assert f'<a href="{CHECKLIST}">Check your symptoms: when to get help</a>' in next_step, name
        assert f'href="{BOOKING.replace("&", "&amp;")}"' in next_step, name


def test_without_a_booking_url_the_next_step_is_the_checklist_alone(client, settings, content_pages):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BOOKING_URL": None, "URGENT_BOOKING_URL": None}
    html = client.get(content_pages["treatment"]).content.decode()
    assert f'href="{CHECKLIST}"' in html
    assert reverse("ankle_education:book") not in html


def test_the_next_step_is_valid_html(client, content_pages):
    documents = {name: client.get(path).content.decode() for name, path in content_pages.items()}
    assert nu_html_errors(documents) == {}


def test_the_ladder_links_the_checklist_it_asks_patients_to_use_first(client):
    html = client.get(url("treatment")).content.decode()
    lead = re.search(r'<p class="ankle-lead">(.*?)</p>', html, re.S)
    assert lead is not None
    assert f'<a href="{CHECKLIST}">the checklist</a>' in lead[1]


def test_a_condition_without_treatment_steps_still_offers_booking(client):
    condition = ConditionFactory(slug="ankle-sprain")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert f'href="{reverse("ankle_education:book")}?condition=ankle-sprain&amp;urgency=routine"' in html
    assert f'href="{url("condition_seek_help", slug="ankle-sprain")}"' in html
