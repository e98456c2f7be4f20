"""Review reminders (reminders.py and send_ankle_review_reminders): what is due, who hears of it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ankle_education.models import Condition
from ankle_education.reminders import due_for_review, reviewer_addresses
from tests.factories import CategoryFactory, ConditionFactory, PreventionTipFactory

pytestmark = pytest.mark.django_db

SITE = "https://clinic.example.com"


def days(number: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=number)


@pytest.fixture
def library():
    """Published content due at different times, and drafts that are due but not live."""
    later = CategoryFactory(name="Tendons", reviewed=True, next_review_due=days(200))
    return {
        "overdue": ConditionFactory(name="Ankle sprain", category=later, reviewed=True, next_review_due=days(-3)),
        "soon": PreventionTipFactory(title="Warm up", reviewed=True, next_review_due=days(10)),
        "later": later,
        "never": ConditionFactory(name="Stress fracture", category=later),
        "draft": ConditionFactory(
            name="Draft only", category=later, draft=True, reviewed=True, next_review_due=days(-30)
        ),
    }


def send(*args: str) -> str:
    out = io.StringIO()
    call_command("send_ankle_review_reminders", *args, stdout=out)
    return out.getvalue()


def test_due_lists_live_content_overdue_or_due_within_the_window_most_urgent_first(library):
    items = due_for_review(timezone.localdate(), within_days=30)
    assert [item.name for item in items] == ["Stress fracture", "Ankle sprain", "Warm up"]
    assert [item.is_overdue(timezone.localdate()) for item in items] == [True, True, False]
    assert items[1].admin_path == f"/admin/ankle_education/condition/{library['overdue'].pk}/change/"


def test_reviewers_are_those_who_may_publish(reviewer_user, editor_user, superuser, django_user_model):
    django_user_model.objects.create_user("inactive", "gone@example.com", "password", is_active=False)
    assert reviewer_addresses() == ["reviewer@example.com", "staff@example.com"]


def test_the_reviewers_get_one_email_with_a_link_to_each_page(library, reviewer_user, settings):
    settings.DEFAULT_FROM_EMAIL = "education@clinic.example.com"
    output = send("--site-url", SITE)
    (message,) = mail.outbox
    assert message.to == ["reviewer@example.com"]
    assert message.from_email == "education@clinic.example.com"
    assert message.subject == "3 pages of patient education need their clinical review"
    overdue, soon = message.body.split("Due soon")
    assert "Ankle sprain" in overdue
    assert "Stress fracture (condition, never reviewed)" in overdue
    assert "Warm up" in soon
    assert f"{SITE}/admin/ankle_education/condition/{library['overdue'].pk}/change/" in message.body
    assert "Tendons" not in message.body
    assert "Draft only" not in message.body
    assert "Sent a reminder of 3 pages to 1 addresses." in output


def test_the_window_is_chosen_and_the_addresses_may_be_given(library, reviewer_user):
    send("--site-url", SITE, "--days", "365", "--to", "board@example.com", "lead@example.com")
    (message,) = mail.outbox
    assert message.to == ["board@example.com", "lead@example.com"]
    assert "Tendons" in message.body


def test_a_dry_run_prints_the_email_and_sends_nothing(library, reviewer_user):
    output = send("--site-url", SITE, "--dry-run")
    assert mail.outbox == []
    assert "To: reviewer@example.com" in output
    assert "Ankle sprain" in output
    assert "no email sent" in output


def test_nothing_due_sends_nothing(reviewer_user):
    category = CategoryFactory(reviewed=True, next_review_due=days(100))
    ConditionFactory(category=category, reviewed=True, next_review_due=days(100))
    assert "Nothing is overdue" in send("--site-url", SITE)
    assert mail.outbox == []


def test_without_any_reviewer_address_it_says_so(library):
    with pytest.raises(CommandError, match="No reviewer has an email address"):
        send("--site-url", SITE)


@pytest.mark.parametrize("args", [["--site-url", "clinic.example.com"], ["--days", "-1", "--site-url", SITE], []])
def test_bad_options_are_clear_errors(library, reviewer_user, args):
    with pytest.raises(CommandError):
        send(*args)
    assert mail.outbox == []


def test_the_admin_link_is_the_pages_own(library):
    condition = Condition.objects.get(name="Ankle sprain")
    (item,) = [item for item in due_for_review(timezone.localdate(), 0) if item.name == "Ankle sprain"]
    assert str(condition.pk) in item.admin_path
