"""The admin forms (admin/forms.py): the statuses offered, review before publishing, valid fields,
the list's locked rows, and inline rows that cannot duplicate a link."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ankle_education import versions
from ankle_education.models import Condition, Status
from ankle_education.rendering import MAX_MARKDOWN_CHARACTERS
from tests import factories
from tests.admin.helpers import TODAY, admin_url, form_data, messages_of, unreviewed_draft_condition

pytestmark = pytest.mark.django_db


BOOKING_OVERRIDES = pytest.mark.parametrize("field", ["booking_url", "urgent_booking_url"])


# The change form offers only the statuses the user may choose --------------------------------


def test_editor_is_not_offered_published_in_the_form(editor_client):
    condition = unreviewed_draft_condition()
    form = editor_client.get(admin_url("condition", "change", condition.pk)).context["adminform"].form
    assert [value for value, _label in form.fields["status"].choices] == ["draft", "in_review"]
    # The review is a clinical sign-off: editors see it but cannot fill it in.
    assert not {"last_reviewed", "next_review_due", "reviewed_by"} & set(form.fields)


def test_editor_crafted_form_post_cannot_publish(editor_client):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(editor_client.get(url))
    data.update(status="published", overview="Changed", reviewed_by="Me", last_reviewed="2026-01-01")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "You do not have permission to publish" in response.content.decode()
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.reviewed_by) == (Status.DRAFT, "What this condition is.", "")


def test_editor_can_save_a_draft_for_review(editor_client):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(editor_client.get(url)), "status": "in_review", "overview": "Edited"}
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.published_at) == (Status.IN_REVIEW, "Edited", None)


def test_on_live_content_the_status_select_is_the_pending_changes_never_a_take_down(reviewer_client):
    condition = factories.ConditionFactory(reviewed=True)
    url = admin_url("condition", "change", condition.pk)
    page = reviewer_client.get(url)
    assert [value for value, _label in page.context["adminform"].form.fields["status"].choices] == [
        "draft", "in_review", "published"
    ]  # fmt: skip
    assert page.context["adminform"].form["status"].value() == "draft"  # a new change starts as a draft
    assert reviewer_client.post(url, {**form_data(page), "overview": "New", "status": "in_review"}).status_code == 302
    assert Condition.objects.get().status == Status.PUBLISHED
    assert versions.pending_version(condition).status == Status.IN_REVIEW


# Publishing needs a review that is still current -------------------------------------------


def test_reviewer_publishing_without_review_fields_gets_errors_and_nothing_is_saved(reviewer_client):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(reviewer_client.get(url)), "status": "published", "overview": "New"}
    response = reviewer_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"last_reviewed", "next_review_due", "reviewed_by"}
    assert "before publishing" in errors["reviewed_by"][0]
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.published_at) == (Status.DRAFT, "What this condition is.", None)


def test_reviewer_publishes_through_the_form(reviewer_client):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(reviewer_client.get(url))
    data.update(status="published", overview="Reviewed text", last_reviewed=TODAY().isoformat(),
                reviewed_by="Dr Ana Silva, DPT",
                next_review_due=(TODAY() + datetime.timedelta(days=365)).isoformat())  # fmt: skip
    response = reviewer_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.reviewed_by) == (
        Status.PUBLISHED, "Reviewed text", "Dr Ana Silva, DPT"
    )  # fmt: skip
    assert condition.published_at is not None
    assert timezone.now() - condition.published_at < datetime.timedelta(minutes=1)
    assert Condition.objects.published().get() == condition


@pytest.mark.parametrize("days_ahead", [0, -30])
def test_form_refuses_to_publish_with_a_next_review_today_or_past(reviewer_client, days_ahead):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    due = TODAY() + datetime.timedelta(days=days_ahead)
    data = {**form_data(reviewer_client.get(url)), "status": "published", "reviewed_by": "Dr Ana Silva, DPT",
            "last_reviewed": (TODAY() - datetime.timedelta(days=400)).isoformat(), "next_review_due": due.isoformat()}  # fmt: skip
    response = reviewer_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["next_review_due"] == [
        (
            f"The next review falls due on {due.isoformat()}, which is not in the future. "
            "Review the content again and set a later date before publishing."
        )
    ]
    assert not Condition.objects.published().exists()


# Fields that would break a page are form errors ------------------------------------------------


@BOOKING_OVERRIDES
@pytest.mark.parametrize("booking_url", ["htps://booking.example.com/", "bookin", "//evil.example/", "https://["])
def test_condition_form_refuses_a_booking_override_that_leads_nowhere(reviewer_client, field, booking_url):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer_client.post(url, {**form_data(reviewer_client.get(url)), field: booking_url})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors[field]
    assert error.startswith("Enter an absolute http(s) address")
    condition.refresh_from_db()
    assert getattr(condition, field) == ""


@BOOKING_OVERRIDES
@pytest.mark.parametrize("booking_url", ["https://specialist.example.com/ankle/", "booking", ""])
def test_condition_form_accepts_a_url_or_a_url_name(reviewer_client, field, booking_url):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer_client.post(url, {**form_data(reviewer_client.get(url)), field: booking_url})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert getattr(condition, field) == booking_url


@BOOKING_OVERRIDES
@pytest.mark.parametrize(
    ("booking_url", "why"),
    [
        ("ankle_education:book", "leads back into the patient education pages (/patient-education/ankle/book/)"),
        ("https://testserver/patient-education/ankle/", "leads back into the patient education pages"),
        ("admin:index", "leads to the site’s admin (/admin/), where patients cannot book"),
    ],
)
def test_condition_form_says_why_an_override_into_the_app_or_the_admin_is_refused(
    reviewer_client, field, booking_url, why
):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer_client.post(url, {**form_data(reviewer_client.get(url)), field: booking_url})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors[field]
    assert why in error
    assert why in response.content.decode().replace("&#x27;", "'")
    condition.refresh_from_db()
    assert getattr(condition, field) == ""


def test_markdown_over_the_limit_is_a_form_error_and_nothing_is_saved(reviewer_client):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(reviewer_client.get(url))
    too_long = "x" * (MAX_MARKDOWN_CHARACTERS + 1)
    response = reviewer_client.post(url, {**data, "overview": too_long, "treatment_steps-0-body": too_long})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["overview"]
    assert error.startswith("Keep this text to")
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    steps = inlines["treatment_steps"]
    assert steps.errors[0]["body"][0].startswith("Keep this text to")
    condition.refresh_from_db()
    assert condition.overview == data["overview"]


# The list's editable rows ----------------------------------------------------------------------


@pytest.mark.parametrize("client_fixture", ["editor_client", "reviewer_client"])
def test_status_cannot_be_set_from_the_list(request, client_fixture):
    staff = request.getfixturevalue(client_fixture)
    condition = factories.ConditionFactory(draft=True, reviewed=True, order=3)
    changelist = admin_url("condition", "changelist")
    assert set(staff.get(changelist).context["cl"].formset.forms[0].fields) == {"order", "id"}
    response = staff.post(changelist, {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": condition.pk,
        "form-0-order": "7", "form-0-status": "published", "_save": "Save",
    })  # fmt: skip
    assert response.status_code == 302
    condition.refresh_from_db()
    assert (condition.order, condition.status, condition.published_at) == (7, Status.DRAFT, None)


def test_editor_list_order_changes_only_reach_drafts(editor_client):
    draft = factories.ConditionFactory(draft=True, order=1)
    live = factories.ConditionFactory(order=2)
    changelist = admin_url("condition", "changelist")
    forms = {form.instance.pk: form for form in editor_client.get(changelist).context["cl"].formset.forms}
    assert not forms[draft.pk].fields["order"].disabled
    # Locked rows: our form disables the field; Django 6.1's changelist already leaves it out.
    live_order = forms[live.pk].fields.get("order")
    assert live_order is None or live_order.disabled
    response = editor_client.post(changelist, {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "form-0-id": draft.pk, "form-0-order": "8",
        "form-1-id": live.pk, "form-1-order": "9", "_save": "Save",
    })  # fmt: skip
    assert response.status_code == 302
    assert messages_of(response) == ["1 condition was changed successfully."]
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.order, live.order) == (8, 2)


def test_list_order_saves_even_when_an_older_booking_override_no_longer_resolves(superuser_client):
    # e.g. the host renamed the URL: the list edits only the order, so it must not fail on the override.
    condition = factories.ConditionFactory(booking_url="renamed-url-name", order=1, draft=True)
    response = superuser_client.post(admin_url("condition", "changelist"), {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": condition.pk, "form-0-order": "4",
        "_save": "Save",
    })  # fmt: skip
    assert response.status_code == 302
    condition.refresh_from_db()
    assert condition.order == 4


# Inline rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("initial_forms", ["0", "-1"])
@pytest.mark.parametrize("prefix", ["conditionwarningsign_set", "conditionsource_set"])
def test_a_link_row_posted_again_as_new_is_a_form_error_not_a_duplicate(superuser_client, prefix, initial_forms):
    # The management form says no row exists yet, so the existing link comes back as a new one.
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(superuser_client.get(url)), f"{prefix}-INITIAL_FORMS": initial_forms}
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert "already exists" in str(inlines[prefix].errors)
    assert condition.warning_signs.count() == condition.sources.count() == 1
