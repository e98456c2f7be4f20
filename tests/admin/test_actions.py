"""The list actions (admin/actions.py): publish, sign off a review, archive, move back to review, delete."""

from __future__ import annotations

import datetime
import re

import pytest

from ankle_education import versions
from ankle_education.models import Condition, Status, TreatmentTier, WarningSign
from tests import factories
from tests.admin.helpers import (
    CATEGORY_HIDES,
    CONTENT_FACTORIES,
    HIDDEN,
    PUBLISHABLE,
    TODAY,
    admin_url,
    condition_in_draft_category,
    form_data,
    live_category_with_conditions,
    login_as,
    messages_of,
    not_live,
    sign_off,
)
from tests.edits import pending_change_to_deleted_content

pytestmark = pytest.mark.django_db


def offered_actions(client, changelist: str) -> list[str]:
    action_form = client.get(changelist).context["action_form"]
    return [name for name, _label in action_form.fields["action"].choices] if action_form else []


# Only publishers run them -------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    ["publish_selected", "archive_selected", "mark_reviewed_today", "review_and_publish", "move_back_to_review"],
)
def test_editor_crafted_action_post_does_nothing_and_says_so(editor_client, action):
    condition = factories.ConditionFactory(draft=True, reviewed=True, reviewed_by="Dr A")
    changelist = admin_url("condition", "changelist")
    assert action not in offered_actions(editor_client, changelist)
    response = editor_client.post(changelist, {"action": action, "_selected_action": [condition.pk], "apply": "yes",
                                        "reviewed_by": "Me"})  # fmt: skip
    assert response.status_code == 302
    assert messages_of(response) == [
        "Only clinical reviewers with the publish permission can publish, review or archive."
    ]
    condition.refresh_from_db()
    assert (condition.status, condition.reviewed_by) == (Status.DRAFT, "Dr A")


# Publishing -----------------------------------------------------------------------------------


def test_reviewer_publish_action_refuses_all_when_one_lacks_review(reviewer_client):
    ready = factories.ConditionFactory(draft=True, reviewed=True, name="Ready")
    unready = factories.ConditionFactory(draft=True, name="Unready")
    response = reviewer_client.post(
        admin_url("condition", "changelist"), {"action": "publish_selected", "_selected_action": [ready.pk, unready.pk]}
    )
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("Nothing was published.")
    assert "“Unready”" in message
    assert "“Ready”" not in message
    assert not Condition.objects.published().exists()


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_reviewer_publish_action_publishes_reviewed_content(reviewer_client, model_name):
    objs = [CONTENT_FACTORIES[model_name](draft=True, reviewed=True) for _ in range(2)]
    response = reviewer_client.post(
        admin_url(model_name, "changelist"), {"action": "publish_selected", "_selected_action": [o.pk for o in objs]}
    )
    assert messages_of(response) == ["Published 2 items."]
    model = type(objs[0])
    assert model.objects.published().count() == 2
    assert not model.objects.filter(published_at__isnull=True).exists()


def test_publish_action_refuses_content_whose_review_is_overdue(reviewer_client):
    overdue = factories.ConditionFactory(draft=True, reviewed=True, name="Overdue one", next_review_due=TODAY())
    current = factories.ConditionFactory(draft=True, reviewed=True, name="Current one")
    response = reviewer_client.post(
        admin_url("condition", "changelist"), {"action": "publish_selected", "_selected_action": [overdue.pk, current.pk]}
    )
    [message] = messages_of(response)
    assert message.startswith("Nothing was published. “Overdue one”: The next review falls due on")
    assert "Current one" not in message
    assert not Condition.objects.published().exists()


def test_publishing_a_hidden_condition_warns_through_the_action(reviewer_client):
    condition = condition_in_draft_category(status=Status.IN_REVIEW, published_at=None)
    response = reviewer_client.post(
        admin_url("condition", "changelist"), {"action": "publish_selected", "_selected_action": [condition.pk]}
    )
    [published, warning] = messages_of(response)
    assert published == "Published 1 item."
    assert warning.startswith(HIDDEN)


# Signing off a review, archiving, moving back to review ----------------------------------------


def test_mark_reviewed_today_asks_for_the_reviewer_and_records_it(reviewer_client, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "REVIEW_INTERVAL_DAYS": 30}
    tip = factories.PreventionTipFactory(draft=True)
    changelist = admin_url("preventiontip", "changelist")
    form_page = reviewer_client.post(changelist, {"action": "mark_reviewed_today", "_selected_action": [tip.pk]})
    assert form_page.status_code == 200
    assert form_page.context["form"]["reviewed_by"].value() == "Ana Silva"
    assert tip.title in form_page.content.decode()
    empty = sign_off(reviewer_client, [tip], reviewed_by="  ")
    assert empty.status_code == 200
    assert empty.context["form"].errors
    tip.refresh_from_db()
    assert tip.last_reviewed is None

    done = sign_off(reviewer_client, [tip])
    assert done.status_code == 302
    assert messages_of(done) == ["Recorded today’s review of 1 item."]
    tip.refresh_from_db()
    assert (tip.last_reviewed, tip.next_review_due, tip.reviewed_by, tip.status) == (
        TODAY(), TODAY() + datetime.timedelta(days=30), "Dr Ana Silva, DPT", Status.DRAFT
    )  # fmt: skip


def test_archive_action_takes_content_off_the_site(reviewer_client):
    tier = factories.TreatmentTierFactory()
    response = reviewer_client.post(
        admin_url("treatmenttier", "changelist"), {"action": "archive_selected", "_selected_action": [tier.pk]}
    )
    assert messages_of(response) == ["Archived 1 item."]
    assert TreatmentTier.objects.get().status == Status.ARCHIVED
    assert not TreatmentTier.objects.published().exists()


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_reviewer_moves_live_content_back_to_review_for_editors(client, reviewer_user, editor_user, model_name):
    obj = CONTENT_FACTORIES[model_name]()
    response = login_as(client, reviewer_user).post(
        admin_url(model_name, "changelist"), {"action": "move_back_to_review", "_selected_action": [obj.pk]}
    )
    assert messages_of(response) == ["Moved 1 item back to review: patients no longer see it."]
    obj.refresh_from_db()
    assert obj.status == Status.IN_REVIEW
    assert not type(obj).objects.published().exists()
    editor_page = login_as(client, editor_user).get(admin_url(model_name, "change", obj.pk))
    assert editor_page.context["has_change_permission"] is True


@pytest.mark.parametrize(
    ("action", "done"),
    [
        ("archive_selected", "Archived 1 item."),
        ("move_back_to_review", "Moved 1 item back to review: patients no longer see it."),
    ],
)
def test_taking_a_category_down_by_action_names_the_conditions_it_hides(reviewer_client, action, done):
    category = live_category_with_conditions("Achilles tendinitis")
    response = reviewer_client.post(
        admin_url("category", "changelist"), {"action": action, "_selected_action": [category.pk]}
    )
    [message, warning] = messages_of(response)
    assert message == done
    assert warning.startswith(CATEGORY_HIDES)
    assert "Draft one" not in warning
    assert not Condition.objects.published().exists()


def test_the_warning_names_every_published_condition_of_the_category(reviewer_client):
    category = live_category_with_conditions("Achilles tendinitis", "Peroneal tendinitis")
    response = reviewer_client.post(
        admin_url("category", "changelist"), {"action": "archive_selected", "_selected_action": [category.pk]}
    )
    [_archived, warning] = messages_of(response)
    assert warning.startswith(
        "Patients cannot see the published conditions “Achilles tendinitis”, “Peroneal tendinitis”: their cause category"
    )


@pytest.mark.parametrize("action", ["archive_selected", "move_back_to_review"])
def test_taking_down_a_category_without_published_conditions_does_not_warn(reviewer_client, action):
    category = live_category_with_conditions()
    response = reviewer_client.post(
        admin_url("category", "changelist"), {"action": action, "_selected_action": [category.pk]}
    )
    assert len(messages_of(response)) == 1


# Deleting: live content is archived first --------------------------------------------------------


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_bulk_delete_with_live_content_deletes_nothing_and_names_it(superuser_client, model_name):
    live, archived = CONTENT_FACTORIES[model_name](), not_live(model_name)
    data = {"action": "delete_selected", "_selected_action": [live.pk, archived.pk], "post": "yes"}
    response = superuser_client.post(admin_url(model_name, "changelist"), data)
    assert response.status_code == 302
    assert messages_of(response) == [f"Nothing was deleted: “{live}” is published. Archive it first."]
    assert type(live).objects.count() == 2


def test_bulk_delete_names_every_live_piece(superuser_client):
    signs = [factories.WarningSignFactory(text="Swelling"), factories.WarningSignFactory(text="Bruising")]
    data = {"action": "delete_selected", "_selected_action": [sign.pk for sign in signs], "post": "yes"}
    response = superuser_client.post(admin_url("warningsign", "changelist"), data)
    assert messages_of(response) == ["Nothing was deleted: “Swelling”, “Bruising” are published. Archive them first."]
    assert WarningSign.objects.count() == 2


def test_bulk_delete_of_content_that_is_not_live_still_confirms_and_deletes(superuser_client):
    draft, archived = factories.WarningSignFactory(draft=True), not_live("warningsign")
    changelist = admin_url("warningsign", "changelist")
    data = {"action": "delete_selected", "_selected_action": [draft.pk, archived.pk]}
    confirmation = superuser_client.post(changelist, data)
    assert confirmation.status_code == 200
    assert "Are you sure" in confirmation.content.decode()
    assert superuser_client.post(changelist, {**data, "post": "yes"}).status_code == 302
    assert not WarningSign.objects.exists()


# A review is of one version ------------------------------------------------------------------


def test_review_then_an_edit_then_publish_is_refused(client, reviewer_user, editor_user):
    """The reviewers' report: a review, an editor's change, then "Publish selected" put unreviewed text live."""
    condition = factories.ConditionFactory(draft=True, overview="Reviewed text")
    changelist = admin_url("condition", "changelist")
    login_as(client, reviewer_user)
    assert sign_off(client, [condition]).status_code == 302

    login_as(client, editor_user)
    url = admin_url("condition", "change", condition.pk)
    edited = client.post(url, {**form_data(client.get(url)), "overview": "Unreviewed text"})
    assert "Your changes cleared the clinical review" in " ".join(messages_of(edited))

    login_as(client, reviewer_user)
    response = client.post(changelist, {"action": "publish_selected", "_selected_action": [condition.pk]})
    assert any(message.startswith("Nothing was published.") for message in messages_of(response))
    assert not Condition.objects.published().exists()
    assert client.get(condition.get_absolute_url()).status_code == 404


def test_review_then_an_edit_of_the_pending_change_then_publish_keeps_the_live_page(client, reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    url, changelist = admin_url("condition", "change", condition.pk), admin_url("condition", "changelist")
    login_as(client, editor_user)
    client.post(url, {**form_data(client.get(url)), "overview": "First change"})
    login_as(client, reviewer_user)
    sign_off(client, [condition])
    login_as(client, editor_user)
    client.post(url, {**form_data(client.get(url)), "overview": "Second, unreviewed change"})
    login_as(client, reviewer_user)
    response = client.post(changelist, {"action": "publish_selected", "_selected_action": [condition.pk]})
    assert any(message.startswith("Nothing was published.") for message in messages_of(response))
    condition.refresh_from_db()
    assert condition.overview == "Live text"
    assert "Live text" in client.get(condition.get_absolute_url()).content.decode()


# One step for reviewed content ------------------------------------------------------------------


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_review_and_publish_records_the_review_and_publishes_in_one_step(reviewer_client, model_name):
    drafts = [CONTENT_FACTORIES[model_name](draft=True) for _ in range(3)]
    changelist = admin_url(model_name, "changelist")
    selected = [obj.pk for obj in drafts]
    form_page = reviewer_client.post(changelist, {"action": "review_and_publish", "_selected_action": selected})
    assert form_page.status_code == 200
    assert "Record the review and publish" in form_page.content.decode()
    done = sign_off(reviewer_client, drafts, "review_and_publish")
    assert messages_of(done)[:2] == ["Recorded today’s review of 3 items.", "Published 3 items."]
    model = type(drafts[0])
    assert {(obj.status, obj.reviewed_by, obj.last_reviewed) for obj in model.objects.all()} == {
        (Status.PUBLISHED, "Dr Ana Silva, DPT", TODAY())
    }


def test_review_and_publish_is_all_or_nothing(reviewer_client, editor_user):
    ready = factories.ConditionFactory(draft=True, name="Ready")
    broken = factories.ConditionFactory(reviewed=True, name="Broken")
    pending_change_to_deleted_content(broken, editor_user)
    response = sign_off(reviewer_client, [ready, broken], "review_and_publish")
    assert messages_of(response)[0].startswith("Nothing was recorded or published.")
    ready.refresh_from_db()
    assert (ready.status, ready.reviewed_by) == (Status.DRAFT, "")
    assert not versions.versions_of(ready).filter(action="reviewed").exists()


@pytest.mark.parametrize("action", ["mark_reviewed_today", "review_and_publish"])
def test_a_sign_off_of_what_changed_after_the_confirmation_page_is_refused(client, reviewer_user, editor_user, action):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    url, changelist = admin_url("condition", "change", condition.pk), admin_url("condition", "changelist")
    login_as(client, editor_user)
    client.post(url, {**form_data(client.get(url)), "overview": "Seen by the reviewer"})
    login_as(client, reviewer_user)
    selected = {"action": action, "_selected_action": [condition.pk]}
    page = client.post(changelist, selected).content.decode()  # the reviewer reads the confirmation page
    shown = dict(re.findall(r'name="(review_of_\d+)" value="([0-9a-f]*)"', page))
    login_as(client, editor_user)
    client.post(url, {**form_data(client.get(url)), "overview": "Changed behind the reviewer's back"})
    login_as(client, reviewer_user)
    response = client.post(changelist, {**selected, **shown, "apply": "yes", "reviewed_by": "Dr Ana Silva, DPT"})
    assert any("changed after you opened this page" in message for message in messages_of(response))
    pending = versions.pending_version(condition)
    assert pending.data["fields"]["overview"] == "Changed behind the reviewer's back"
    assert not pending.review_holds
    condition.refresh_from_db()
    assert condition.overview == "Live text"
    # A crafted post with no content hash signs nothing either.
    bare = client.post(changelist, {**selected, "apply": "yes", "reviewed_by": "Dr Ana Silva, DPT"})
    assert any("changed after you opened this page" in message for message in messages_of(bare))
    assert not versions.pending_version(condition).review_holds
