"""The base ModelAdmins (admin/base.py): live content locked for editors, notices, preview and view-on-site
links, the review column, and deletes refused while content is live or still in use."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ankle_education import versions
from ankle_education.models import Category, Condition, Source, Status, TreatmentStep, WarningSign
from tests import factories
from tests.admin.helpers import (
    ARCHIVED,
    CONTENT_FACTORIES,
    HIDDEN,
    PUBLISHABLE,
    TODAY,
    admin_url,
    condition_in_draft_category,
    form_data,
    live_condition_with_rows,
    login_as,
    messages_of,
    not_live,
)
from tests.edits import pending_change_to_deleted_content

pytestmark = pytest.mark.django_db


LOCKED_NOTICE = "Only a clinical reviewer can change it. Ask a reviewer to move it back to “In review”"


def protected_cases():
    # Archived: live content cannot be deleted at all (test_live_content_cannot_be_deleted_even_by_a_superuser).
    def category():
        used = factories.CategoryFactory(name="Overuse injuries", status=ARCHIVED)
        factories.ConditionFactory(category=used, name="Achilles tendinitis")
        return used

    def tier():
        step = factories.TreatmentStepFactory(
            tier__name="Physical therapy", tier__status=ARCHIVED, condition__name="Stress fracture"
        )
        return step.tier

    def sign():
        link = factories.ConditionWarningSignFactory(
            warning_sign__text="Cannot bear weight", warning_sign__status=ARCHIVED, condition__name="Sprain"
        )
        return link.warning_sign

    def source_cited_by_condition():
        return factories.ConditionSourceFactory(condition__name="Plantar fasciitis").source

    def source_cited_by_tip():
        source = factories.SourceFactory()
        factories.PreventionTipFactory(title="Warm up").sources.add(source)
        return source

    def source_cited_by_tier():
        source = factories.SourceFactory()
        factories.TreatmentTierFactory(name="Self-care").sources.add(source)
        return source

    return [
        pytest.param("category", category, "Achilles tendinitis", id="category"),
        pytest.param("treatmenttier", tier, "Stress fracture", id="tier"),
        pytest.param("warningsign", sign, "Sprain", id="warning-sign"),
        pytest.param("source", source_cited_by_condition, "Plantar fasciitis", id="source-condition"),
        pytest.param("source", source_cited_by_tip, "Warm up", id="source-tip"),
        pytest.param("source", source_cited_by_tier, "Self-care", id="source-tier"),
    ]


# Links to the public page and the preview, and the review column ------------------------------


def test_view_on_site_only_for_live_content(superuser_client):
    draft, live = factories.ConditionFactory(draft=True), factories.ConditionFactory()
    assert superuser_client.get(admin_url("condition", "change", draft.pk)).context["has_absolute_url"] is False
    assert superuser_client.get(admin_url("condition", "change", live.pk)).context["has_absolute_url"] is True


@pytest.mark.parametrize(
    ("model_name", "kind"),
    [("category", "category"), ("condition", "condition"), ("preventiontip", "prevention-tip"),
     ("treatmenttier", "treatment-tier")],
)  # fmt: skip
def test_changelist_links_to_the_preview_of_each_row(superuser_client, model_name, kind):
    obj = CONTENT_FACTORIES[model_name](draft=True)
    html = superuser_client.get(admin_url(model_name, "changelist")).content.decode()
    assert reverse("ankle_education:preview", kwargs={"kind": kind, "pk": obj.pk}) in html


def test_changelist_flags_overdue_and_never_reviewed_in_words(superuser_client, conditions_by_review):
    html = superuser_client.get(admin_url("condition", "changelist")).content.decode()
    yesterday = TODAY() - datetime.timedelta(days=1)
    assert f"Overdue since {yesterday.isoformat()}" in html
    assert "Never reviewed" in html


# Live content: edits are pending changes; archived content is locked for editors ----------------


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_editor_sees_archived_content_read_only_with_a_notice(editor_client, model_name):
    obj = CONTENT_FACTORIES[model_name](status=ARCHIVED)
    response = editor_client.get(admin_url(model_name, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert not response.context["adminform"].form.fields
    html = response.content.decode()
    assert f"This is archived. {LOCKED_NOTICE}" in html
    assert 'name="_save"' not in html


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_editor_changes_drafts_and_content_in_review(editor_client, status):
    condition = factories.ConditionFactory(status=status, published_at=None)
    url = admin_url("condition", "change", condition.pk)
    response = editor_client.get(url)
    assert response.context["has_change_permission"] is True
    assert LOCKED_NOTICE not in response.content.decode()
    assert editor_client.post(url, {**form_data(response), "overview": "Edited"}).status_code == 302
    condition.refresh_from_db()
    assert (condition.overview, condition.status) == ("Edited", status)


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_an_editors_edit_of_live_content_is_a_pending_change(editor_client, model_name):
    obj = CONTENT_FACTORIES[model_name](reviewed=True, order=1)
    url = admin_url(model_name, "change", obj.pk)
    page = editor_client.get(url)
    assert page.context["has_change_permission"] is True
    status = page.context["adminform"].form.fields["status"]
    assert [value for value, _label in status.choices] == ["draft", "in_review"]
    response = editor_client.post(url, {**form_data(page), "order": "99", "status": "in_review"})
    assert response.status_code == 302
    assert any("Saved as a pending change" in message for message in messages_of(response))
    obj.refresh_from_db()
    assert (obj.order, obj.status) == (1, Status.PUBLISHED)  # patients still see the live row
    pending = versions.pending_version(obj)
    assert (pending.data["fields"]["order"], pending.status) == (99, "in_review")
    assert f"This page has unpublished changes: version {pending.number}" in editor_client.get(url).content.decode()


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_an_editor_cannot_publish_a_change_to_live_content(editor_client, model_name):
    obj = CONTENT_FACTORIES[model_name](reviewed=True, order=1)
    url = admin_url(model_name, "change", obj.pk)
    data = {**form_data(editor_client.get(url)), "order": "99", "status": "published"}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "You do not have permission to publish" in str(response.context["adminform"].form.errors)
    obj.refresh_from_db()
    assert obj.order == 1
    assert versions.pending_version(obj) is None


def test_reviewer_changes_live_content_through_a_reviewed_pending_change(reviewer_client):
    condition = live_condition_with_rows()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer_client.get(url)
    assert response.context["has_change_permission"] is True
    data = {**form_data(response), "overview": "Corrected", "treatment_steps-0-body": "Corrected step"}
    assert reviewer_client.post(url, data).status_code == 302
    condition.refresh_from_db()
    assert (condition.overview, condition.status) == ("Live text", Status.PUBLISHED)
    assert TreatmentStep.objects.get().body == "Live step"
    # The form now shows the pending change; publishing it needs a review of it.
    page = reviewer_client.get(url)
    assert page.context["adminform"].form["overview"].value() == "Corrected"
    assert page.context["adminform"].form["reviewed_by"].value() == ""  # the edit left the review behind
    assert "This version needs its own review before it can go live." in page.content.decode()
    review = {
        "last_reviewed": TODAY().isoformat(),
        "next_review_due": (TODAY() + datetime.timedelta(days=90)).isoformat(),
        "reviewed_by": "Dr Ana Silva, DPT",
    }
    published = reviewer_client.post(url, {**form_data(page), **review, "status": "published"})
    assert published.status_code == 302, published.context and published.context["adminform"].form.errors
    assert any("Published: patients now see version" in message for message in messages_of(published))
    condition.refresh_from_db()
    assert (condition.overview, condition.status, condition.last_reviewed) == ("Corrected", Status.PUBLISHED, TODAY())
    assert TreatmentStep.objects.get().body == "Corrected step"
    assert versions.pending_version(condition) is None


# Published conditions that patients cannot see ---------------------------------------------


def test_change_page_warns_that_a_published_condition_is_hidden(superuser_client):
    hidden, visible = condition_in_draft_category(), factories.ConditionFactory()
    assert HIDDEN in superuser_client.get(admin_url("condition", "change", hidden.pk)).content.decode()
    visible_page = superuser_client.get(admin_url("condition", "change", visible.pk))
    assert "Patients cannot see" not in visible_page.content.decode()


def test_publishing_a_hidden_condition_warns_through_the_form(reviewer_client):
    condition = condition_in_draft_category(status=Status.IN_REVIEW, published_at=None)
    url = admin_url("condition", "change", condition.pk)
    response = reviewer_client.post(url, {**form_data(reviewer_client.get(url)), "status": "published"})
    assert response.status_code == 302
    [published, warning, changed] = messages_of(response)
    assert published.startswith("Published: patients now see version")
    assert warning.startswith(HIDDEN)
    assert "was changed successfully" in changed
    # "Save and continue" lands on the change page, whose notice says it once.
    Condition.objects.update(status=Status.IN_REVIEW)
    data = {**form_data(reviewer_client.get(url)), "status": "published", "_continue": "Save and continue editing"}
    page = reviewer_client.post(url, data, follow=True)
    assert page.content.decode().count(HIDDEN) == 1
    assert not Condition.objects.published().exists()


# Deleting what other content still uses, and live content ----------------------------------


@pytest.mark.parametrize(("model_name", "make", "user_name"), protected_cases())
def test_deleting_content_in_use_is_refused_naming_the_user(superuser_client, model_name, make, user_name):
    obj = make()
    url = admin_url(model_name, "delete", obj.pk)
    page = superuser_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "cannot be deleted because the content below still uses it" in html
    assert user_name in html

    confirmed = superuser_client.post(url, {"post": "yes"})
    assert confirmed.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(("model_name", "make", "user_name"), protected_cases())
def test_bulk_deleting_content_in_use_is_refused_naming_the_user(superuser_client, model_name, make, user_name):
    obj = make()
    unused = not_live(model_name)
    data = {"action": "delete_selected", "_selected_action": [obj.pk, unused.pk], "post": "yes"}
    response = superuser_client.post(admin_url(model_name, "changelist"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was deleted" in html
    assert user_name in html
    assert type(obj).objects.filter(pk__in=[obj.pk, unused.pk]).count() == 2


def test_content_nobody_uses_can_be_deleted(superuser_client):
    category, source = factories.CategoryFactory(status=ARCHIVED), factories.SourceFactory()
    assert superuser_client.post(admin_url("category", "delete", category.pk), {"post": "yes"}).status_code == 302
    assert superuser_client.post(admin_url("source", "delete", source.pk), {"post": "yes"}).status_code == 302
    assert not Category.objects.exists()
    assert not Source.objects.exists()


def test_roles_are_not_offered_delete_of_whole_content(editor_client):
    sign = factories.WarningSignFactory(draft=True)
    assert editor_client.get(admin_url("warningsign", "delete", sign.pk)).status_code == 403
    assert WarningSign.objects.exists()


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_live_content_cannot_be_deleted_even_by_a_superuser(superuser_client, model_name):
    live = CONTENT_FACTORIES[model_name]()
    assert superuser_client.get(admin_url(model_name, "change", live.pk)).context["has_delete_permission"] is False
    url = admin_url(model_name, "delete", live.pk)
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert type(live).objects.filter(pk=live.pk).exists()


def test_a_pending_change_linking_to_deleted_content_is_explained_not_a_500(superuser_client, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live words.")
    pending_change_to_deleted_content(condition, editor_user)
    response = superuser_client.get(admin_url("condition", "change", condition.pk))
    assert response.status_code == 200
    assert "This version links to content that has since been deleted: treatment tier" in messages_of(response)[0]


# Saving over what someone changed since ---------------------------------------------------------


def test_a_reviewer_signing_off_a_stale_form_is_refused_and_nothing_is_saved(client, reviewer_user, editor_user):
    """The probe's case: the reviewer read the page, an editor added a step, the reviewer's sign-off must not cover it."""
    condition = live_condition_with_rows()
    url = admin_url("condition", "change", condition.pk)
    tier = factories.TreatmentTierFactory(name="Physical therapy")
    seen = form_data(login_as(client, reviewer_user).get(url))
    editor_form = form_data(login_as(client, editor_user).get(url))
    added = {**editor_form, "treatment_steps-TOTAL_FORMS": "2", "treatment_steps-1-tier": tier.pk,
             "treatment_steps-1-body": "Unreviewed step", "treatment_steps-1-order": "1"}  # fmt: skip
    assert client.post(url, added).status_code == 302
    review = {"last_reviewed": TODAY().isoformat(), "reviewed_by": "Dr Ben Okafor, PT", "status": "published",
              "next_review_due": (TODAY() + datetime.timedelta(days=365)).isoformat()}  # fmt: skip
    response = login_as(client, reviewer_user).post(url, {**seen, **review})
    assert response.status_code == 200
    assert "Someone changed this page after you opened it" in str(response.context["adminform"].form.non_field_errors())
    assert list(TreatmentStep.objects.values_list("body", flat=True)) == ["Live step"]
    pending = versions.pending_version(condition)
    assert not pending.review_holds
    # Opened again, the page shows the step, and the review covers it.
    fresh = form_data(client.get(url))
    assert client.post(url, {**fresh, **review}).status_code == 302
    assert sorted(TreatmentStep.objects.values_list("body", flat=True)) == ["Live step", "Unreviewed step"]


def test_save_as_new_is_refused(editor_client):
    condition = factories.ConditionFactory(reviewed=True, go_live_at=None)
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(editor_client.get(url)), "slug": "copy", "_saveasnew": "Save as new"}
    assert editor_client.post(url, data).status_code == 400
    assert Condition.objects.count() == 1


def test_an_editors_review_fields_are_never_a_review(editor_user, reviewer_user):
    from ankle_education import workflow

    condition = factories.ConditionFactory(draft=True)
    previous = versions.ensure_recorded(condition)
    posted = versions.Review(TODAY(), TODAY() + datetime.timedelta(days=365), "Dr Editor")
    saved = workflow.save_change(condition, previous, data=versions.snapshot(condition), status=Status.DRAFT,
                                 posted=posted, user=editor_user)  # fmt: skip
    assert not saved.version.review_holds


def test_who_set_a_schedule_is_in_the_history(reviewer_client):
    live = factories.ConditionFactory(reviewed=True)
    url = admin_url("condition", "change", live.pk)
    when = {"go_live_at_0": "", "go_live_at_1": "", "take_down_at_0": "2030-01-02", "take_down_at_1": "09:30"}
    assert reviewer_client.post(url, {**form_data(reviewer_client.get(url)), **when}).status_code == 302
    live.refresh_from_db()
    assert live.take_down_at is not None
    latest = versions.versions_of(live).order_by("-number").first()
    assert (latest.action, latest.user.username, latest.note) == (
        "scheduled", "reviewer", "go live at: not set; take down at: 2030-01-02 09:30"
    )  # fmt: skip
    assert versions.pending_version(live) is None  # nothing patients see changed
