"""A pending change to live content reaches no patient: not the pages, search, the sitemap, the
structured data, the page cache or the booking redirect; only staff see it, in the preview."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ankle_education import caching, versions
from ankle_education.cache_tags import EVERYTHING
from tests import factories
from tests.admin.helpers import admin_url, form_data

pytestmark = pytest.mark.django_db

PENDING = {
    "name": "Zebrafied sprain",
    "summary": "Pendingsummaryword for the cards.",
    "overview": "Pendingoverviewword only in the pending change.",
    "also_called": "quokkaterm",
    "booking_url": "https://pending.example/book",
}


def public_views(client: Client, condition) -> dict[str, str]:
    """Everything a patient can fetch that could show the condition, as text (or the redirect's target)."""
    pages = {
        name: client.get(url).content.decode()
        for name, url in {
            "condition": condition.get_absolute_url(),
            "hub": reverse("ankle_education:hub"),
            "conditions": reverse("ankle_education:condition_list"),
            "category": condition.category.get_absolute_url(),
            "seek help": reverse("ankle_education:condition_seek_help", kwargs={"slug": condition.slug}),
            "search by pending word": reverse("ankle_education:search") + "?q=quokkaterm",
            "search by live name": reverse("ankle_education:search") + "?q=Ankle+sprain",
            "sitemap": "/sitemap.xml",
        }.items()
    }
    book = client.get(reverse("ankle_education:book"), {"condition": condition.slug, "urgency": "routine"})
    pages["booking redirect"] = book["Location"]
    return pages


def test_the_public_never_sees_a_pending_change(client, editor_user, absolute_booking_urls):
    condition = factories.ConditionFactory(
        reviewed=True, name="Ankle sprain", slug="ankle-sprain", summary="A stretched ligament.", overview="Live words."
    )
    factories.TreatmentStepFactory(condition=condition, body="Live step.")
    before = public_views(client, condition)  # the page cache now holds these
    assert "Live words." in before["condition"]
    assert "application/ld+json" in before["condition"]

    staff = Client()
    staff.force_login(editor_user)
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(staff.get(url)), **PENDING, "treatment_steps-0-body": "Pendingstepword."}
    assert staff.post(url, data).status_code == 302
    assert versions.pending_version(condition).data["fields"]["name"] == "Zebrafied sprain"
    # Staff look at the pending change: the form and the preview show it ...
    assert "Pendingoverviewword" in staff.get(url).content.decode()
    preview = staff.get(reverse("ankle_education:preview", kwargs={"kind": "condition", "pk": condition.pk}))
    assert "Pendingoverviewword" in preview.content.decode()
    assert "Pendingstepword" in preview.content.decode()

    # ... and patients see exactly what they saw, from the page cache and rendered afresh.
    cached = public_views(client, condition)
    caching.purge({EVERYTHING})
    fresh = public_views(client, condition)
    for views in (cached, fresh):
        assert views == before
        for name, text in views.items():
            for word in ("Zebrafied", "Pendingsummaryword", "Pendingoverviewword", "Pendingstepword", "pending.example"):
                assert word not in text, (name, word)
    assert "Ankle sprain" in fresh["search by live name"]
    assert fresh["booking redirect"].startswith("https://booking.example.com/appointments")


def test_page_last_reviewed_belongs_to_the_live_version(client, editor_user, reviewer_user):
    import datetime

    from django.utils import timezone

    from ankle_education import workflow

    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    condition = factories.ConditionFactory(reviewed=True, last_reviewed=long_ago, reviewed_by="Dr Ana Silva, DPT")
    previous = versions.ensure_recorded(condition)
    data = versions.snapshot(condition)
    data["fields"]["overview"] = "Changed."
    workflow.save_change(condition, previous, data=data, status="in_review", posted=versions.Review.of_version(previous),
                         user=editor_user)  # fmt: skip
    workflow.record_review(condition, "Dr Ben Okafor, PT", reviewer_user)  # a review of the pending change
    page = client.get(condition.get_absolute_url()).content.decode()
    assert "Dr Ana Silva, DPT" in page
    assert "Dr Ben Okafor" not in page
    workflow.publish_all([condition], reviewer_user)
    page = client.get(condition.get_absolute_url()).content.decode()
    assert "Dr Ben Okafor, PT" in page
    assert "Dr Ana Silva" not in page
