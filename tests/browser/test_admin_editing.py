"""A clinical reviewer edits a condition in the admin, previews the draft, and publishes it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import ConditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Rest for **two days**, then walk. <script>window.previewRan = true</script>"


def test_reviewer_edits_previews_and_publishes_a_condition(live_server, page, reviewer_user):
    condition = ConditionFactory(draft=True, reviewed=True, name="Achilles tendinitis", slug="achilles-tendinitis")
    public_url = f"{live_server.url}/patient-education/ankle/conditions/{condition.slug}/"
    change_path = f"/admin/ankle_education/condition/{condition.pk}/change/"
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{live_server.url}/admin/login/?next={change_path}")
    page.get_by_label("Username").fill(reviewer_user.username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + change_path)

    # The markdownx editor's live preview is the sanitised public rendering.
    page.locator("#id_overview").fill(TYPED)
    preview = page.locator(".markdownx", has=page.locator("#id_overview")).locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("two days")
    assert "<script" not in preview.inner_html()
    assert page.evaluate("window.previewRan") is None

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    # The review was of the text before this edit: the form says so, and the edit needs its own.
    expect(page.locator(".messagelist")).to_contain_text("Your changes cleared the clinical review")
    expect(page.locator("#review-left-behind")).to_contain_text("This version needs its own review")
    assert page.request.get(public_url).status == 404  # still a draft

    page.get_by_role("link", name="Preview as patients will see it").click()
    expect(page.locator("h1")).to_have_text("Achilles tendinitis")
    expect(page.locator("strong", has_text="two days")).to_be_visible()
    assert page.evaluate("window.previewRan") is None

    page.go_back()
    today = timezone.localdate()
    page.locator("#id_last_reviewed").fill(today.isoformat())
    page.locator("#id_next_review_due").fill((today + datetime.timedelta(days=365)).isoformat())
    page.locator("#id_reviewed_by").fill("Dr Ana Silva, DPT")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name=re.compile(r"^Save$")).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(public_url)
    expect(page.locator("strong", has_text="two days")).to_be_visible()
    assert "Rest for" in page.locator("main").inner_text()
    assert page.evaluate("window.previewRan") is None
    assert dialogs == []
