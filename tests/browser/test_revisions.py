"""An editor changes a live page; the public page stays until a reviewer compares, reviews and
publishes the change; the history lists the versions and brings the first back as a pending change."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ankle_education import versions
from ankle_education.models import Condition, Version
from tests.factories import ConditionFactory, TreatmentStepFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + next_path)


def test_a_change_to_a_live_page_is_compared_reviewed_published_and_restorable(
    live_server, page, editor_user, reviewer_user
):
    condition = ConditionFactory(
        reviewed=True, name="Achilles tendinitis", slug="achilles-tendinitis", overview="Rest for two days."
    )
    TreatmentStepFactory(condition=condition, body="Ice the heel.")
    public_url = f"{live_server.url}{condition.get_absolute_url()}"
    change_path = f"/admin/ankle_education/condition/{condition.pk}/change/"

    # The editor changes the live page and saves.
    log_in(page, live_server.url, editor_user.username, change_path)
    page.locator("#id_overview").fill("Rest for three days, then walk.")
    page.get_by_role("button", name=re.compile(r"^Save and continue editing$")).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as a pending change")
    expect(page.locator("#pending-change")).to_contain_text("This page has unpublished changes")
    expect(page.locator("#id_overview")).to_have_value("Rest for three days, then walk.")

    # Patients still read the live page.
    page.goto(public_url)
    expect(page.locator("main")).to_contain_text("Rest for two days.")
    expect(page.locator("main")).not_to_contain_text("three days")

    # The reviewer compares the pending change with the live version ...
    log_in(page, live_server.url, reviewer_user.username, change_path)
    page.get_by_role("link", name="Compare it with the live version").click()
    expect(page.locator("del", has_text="two")).to_be_visible()
    expect(page.locator("ins", has_text="three")).to_be_visible()
    expect(page.locator("ins", has_text="then walk.")).to_be_visible()

    # ... records the review of exactly this version and publishes it.
    page.goto(live_server.url + change_path)
    today = timezone.localdate()
    page.locator("#id_last_reviewed").fill(today.isoformat())
    page.locator("#id_next_review_due").fill(today.replace(year=today.year + 1).isoformat())
    page.locator("#id_reviewed_by").fill("Dr Ben Okafor, PT")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name=re.compile(r"^Save$")).click()
    expect(page.locator(".messagelist")).to_contain_text("Published: patients now see version")

    page.goto(public_url)
    expect(page.locator("main")).to_contain_text("Rest for three days, then walk.")
    expect(page.locator("main")).to_contain_text("Dr Ben Okafor, PT")

    # The history lists the versions; the first comes back as a pending change, not live.
    page.goto(f"{live_server.url}/admin/ankle_education/condition/{condition.pk}/history/")
    rows = page.locator("#version-list tbody tr")
    # As it was, the editor's change, the reviewer's signed-off save of it, and its publication.
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Published")
    expect(rows.nth(0)).to_contain_text("Reviewed")
    expect(rows.nth(2)).to_contain_text("Edited")
    expect(rows.nth(3)).to_contain_text("Recorded as it stood")
    page.get_by_role("link", name="Compare version 1").click()
    expect(page.locator("del", has_text="three")).to_be_visible()
    page.get_by_role("button", name="Restore as a pending change").click()
    expect(page.locator(".messagelist")).to_contain_text("Version 1 is back as a pending change")
    expect(page.locator("#id_overview")).to_have_value("Rest for two days.")

    page.goto(public_url)
    expect(page.locator("main")).to_contain_text("Rest for three days, then walk.")
    condition = Condition.objects.get(pk=condition.pk)
    pending = versions.pending_version(condition)
    assert (pending.action, pending.data["fields"]["overview"]) == (Version.Action.RESTORED, "Rest for two days.")
