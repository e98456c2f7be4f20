"""The admin for clinic staff: every page per role, the publish rule, protected deletes, lists."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.contrib.admin import site
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ankle_education import publishing
from ankle_education.admin.hardening import MAX_INLINE_ROWS
from ankle_education.models import (
    Category,
    Condition,
    ConditionSource,
    ConditionWarningSign,
    PreventionTip,
    Source,
    Status,
    TreatmentStep,
    TreatmentTier,
    WarningSign,
)
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
ROLES = ["staff_user", "editor_user", "reviewer_user"]
CONTENT_FACTORIES = {
    "category": factories.CategoryFactory,
    "condition": factories.ConditionFactory,
    "preventiontip": factories.PreventionTipFactory,
    "treatmenttier": factories.TreatmentTierFactory,
    "warningsign": factories.WarningSignFactory,
    "source": factories.SourceFactory,
}
PUBLISHABLE = [name for name in CONTENT_FACTORIES if name != "source"]


def admin_url(model_name: str, view: str, *args) -> str:
    return reverse(f"admin:ankle_education_{model_name}_{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(response) -> dict:
    """The POST a browser would send back from an admin change page, unchanged."""
    forms = [(response.context["adminform"].form, None)]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [(formset.management_form, None), *((form, None) for form in formset.forms)]
    for form, _unused in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def offered_actions(client, changelist: str) -> list[str]:
    action_form = client.get(changelist).context["action_form"]
    return [name for name, _label in action_form.fields["action"].choices] if action_form else []


@pytest.fixture(params=ROLES)
def role_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def editor(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def reviewer(client, reviewer_user):
    client.force_login(reviewer_user)
    return client


@pytest.fixture
def superuser(client, staff_user):
    client.force_login(staff_user)
    return client


def unreviewed_draft_condition(**kwargs) -> Condition:
    condition = factories.ConditionFactory(draft=True, **kwargs)
    factories.TreatmentStepFactory(condition=condition)
    factories.ConditionSourceFactory(condition=condition)
    factories.ConditionWarningSignFactory(condition=condition)
    return condition


# Every page renders for every role ---------------------------------------------------------


@pytest.mark.parametrize("model_name", list(CONTENT_FACTORIES))
def test_changelist_add_and_change_pages_render_for_each_role(role_client, model_name):
    obj = CONTENT_FACTORIES[model_name]()
    for url in (admin_url(model_name, "changelist"), admin_url(model_name, "add"), admin_url(model_name, "change", obj.pk)):
        response = role_client.get(url)
        assert response.status_code == 200, url


def test_condition_change_page_has_markdown_editor_inlines_and_preview(superuser):
    condition = unreviewed_draft_condition()
    response = superuser.get(admin_url("condition", "change", condition.pk))
    html = response.content.decode()
    editors = set(re.findall(r'<textarea name="([^"]+)"[^>]*class="[^"]*markdownx-editor', html))
    assert {"overview", "symptoms", "causes", "treatment_steps-0-body"} <= editors
    inline_models = [inline.formset.model for inline in response.context["inline_admin_formsets"]]
    assert inline_models == [TreatmentStep, ConditionWarningSign, PreventionTip.conditions.through, ConditionSource]
    preview = reverse("ankle_education:preview", kwargs={"kind": "condition", "pk": condition.pk})
    assert f'href="{preview}"' in html


def test_view_on_site_only_for_live_content(superuser):
    draft, live = factories.ConditionFactory(draft=True), factories.ConditionFactory()
    assert superuser.get(admin_url("condition", "change", draft.pk)).context["has_absolute_url"] is False
    assert superuser.get(admin_url("condition", "change", live.pk)).context["has_absolute_url"] is True


def test_slug_is_prepopulated_from_the_name(superuser):
    html = superuser.get(admin_url("condition", "add")).content.decode()
    assert "django-admin-prepopulated-fields-constants" in html
    assert "&quot;#id_slug&quot;" in html and "&quot;#id_name&quot;" in html


@pytest.mark.parametrize(
    ("model_name", "kind"),
    [("category", "category"), ("condition", "condition"), ("preventiontip", "prevention-tip"),
     ("treatmenttier", "treatment-tier")],
)  # fmt: skip
def test_changelist_links_to_the_preview_of_each_row(superuser, model_name, kind):
    obj = CONTENT_FACTORIES[model_name](draft=True)
    html = superuser.get(admin_url(model_name, "changelist")).content.decode()
    assert reverse("ankle_education:preview", kwargs={"kind": kind, "pk": obj.pk}) in html


def test_preview_link_shows_the_draft_to_staff_only(superuser, client):
    condition = factories.ConditionFactory(draft=True, overview="Draft *overview* text")
    preview = reverse("ankle_education:preview", kwargs={"kind": "condition", "pk": condition.pk})
    assert "Draft <em>overview</em> text" in superuser.get(preview).content.decode()
    client.logout()
    assert client.get(preview).status_code == 404


# The publish rule, three ways ----------------------------------------------------------


def test_editor_is_not_offered_published_in_the_form(editor):
    condition = unreviewed_draft_condition()
    form = editor.get(admin_url("condition", "change", condition.pk)).context["adminform"].form
    assert [value for value, _label in form.fields["status"].choices] == ["draft", "in_review"]
    # The review is a clinical sign-off: editors see it but cannot fill it in.
    assert not {"last_reviewed", "next_review_due", "reviewed_by"} & set(form.fields)


def test_editor_crafted_form_post_cannot_publish(editor):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(editor.get(url))
    data.update(status="published", overview="Changed", reviewed_by="Me", last_reviewed="2026-01-01")
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "You do not have permission to publish" in response.content.decode()
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.reviewed_by) == (Status.DRAFT, "What this condition is.", "")


def test_editor_can_save_a_draft_for_review(editor):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = editor.post(url, {**form_data(editor.get(url)), "status": "in_review", "overview": "Edited"})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.published_at) == (Status.IN_REVIEW, "Edited", None)


@pytest.mark.parametrize("action", ["publish_selected", "archive_selected", "mark_reviewed_today", "move_back_to_review"])
def test_editor_crafted_action_post_does_nothing_and_says_so(editor, action):
    condition = factories.ConditionFactory(draft=True, reviewed=True, reviewed_by="Dr A")
    changelist = admin_url("condition", "changelist")
    assert action not in offered_actions(editor, changelist)
    response = editor.post(changelist, {"action": action, "_selected_action": [condition.pk], "apply": "yes",
                                        "reviewed_by": "Me"})  # fmt: skip
    assert response.status_code == 302
    assert messages_of(response) == [
        "Only clinical reviewers with the publish permission can publish, review or archive."
    ]
    condition.refresh_from_db()
    assert (condition.status, condition.reviewed_by) == (Status.DRAFT, "Dr A")


@pytest.mark.parametrize("client_fixture", ["editor", "reviewer"])
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


# Live content is locked for editors -----------------------------------------------------

LOCKED_NOTICE = "Only a clinical reviewer can change it. Ask a reviewer to move it back to “In review”"


def login_as(client, user):
    client.force_login(user)
    return client


def live_condition_with_rows() -> Condition:
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    factories.TreatmentStepFactory(condition=condition, body="Live step")
    factories.ConditionSourceFactory(condition=condition)
    factories.ConditionWarningSignFactory(condition=condition)
    return condition


@pytest.mark.parametrize("model_name", PUBLISHABLE)
@pytest.mark.parametrize(
    ("status", "state"), [("published", "This is live on the patient pages."), ("archived", "This is archived.")]
)
def test_editor_sees_live_and_archived_content_read_only_with_a_notice(editor, model_name, status, state):
    obj = CONTENT_FACTORIES[model_name](status=status)
    response = editor.get(admin_url(model_name, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert not response.context["adminform"].form.fields
    html = response.content.decode()
    assert f"{state} {LOCKED_NOTICE}" in html
    assert 'name="_save"' not in html


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_editor_changes_drafts_and_content_in_review(editor, status):
    condition = factories.ConditionFactory(status=status, published_at=None)
    url = admin_url("condition", "change", condition.pk)
    response = editor.get(url)
    assert response.context["has_change_permission"] is True
    assert LOCKED_NOTICE not in response.content.decode()
    assert editor.post(url, {**form_data(response), "overview": "Edited"}).status_code == 302
    condition.refresh_from_db()
    assert (condition.overview, condition.status) == ("Edited", status)


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_editor_crafted_form_post_to_live_content_is_refused(client, staff_user, editor_user, model_name):
    obj = CONTENT_FACTORIES[model_name](reviewed=True, order=1)
    url = admin_url(model_name, "change", obj.pk)
    data = {**form_data(login_as(client, staff_user).get(url)), "order": "99", "status": "draft"}
    assert login_as(client, editor_user).post(url, data).status_code == 403
    obj.refresh_from_db()
    assert (obj.order, obj.status) == (1, Status.PUBLISHED)


def test_editor_crafted_inline_posts_to_a_live_condition_are_refused(client, staff_user, editor_user):
    condition = live_condition_with_rows()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(login_as(client, staff_user).get(url))
    tier = factories.TreatmentTierFactory()
    changed_step = {**data, "treatment_steps-0-body": "Changed step"}
    added_step = {**data, "treatment_steps-TOTAL_FORMS": "2", "treatment_steps-1-tier": tier.pk,
                  "treatment_steps-1-body": "New step", "treatment_steps-1-order": "1"}  # fmt: skip
    deleted_rows = {**data, "treatment_steps-0-DELETE": "on", "conditionsource_set-0-DELETE": "on",
                    "conditionwarningsign_set-0-DELETE": "on"}  # fmt: skip
    login_as(client, editor_user)
    for posted in (changed_step, added_step, deleted_rows):
        assert client.post(url, posted).status_code == 403
    assert list(TreatmentStep.objects.values_list("body", flat=True)) == ["Live step"]
    assert ConditionSource.objects.count() == ConditionWarningSign.objects.count() == 1


def test_inlines_of_a_live_condition_are_read_only_for_editors(editor):
    response = editor.get(admin_url("condition", "change", live_condition_with_rows().pk))
    for inline in response.context["inline_admin_formsets"]:
        assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (
            False, False, False
        ), inline.formset.model  # fmt: skip
        assert inline.has_view_permission
    assert "Live step" in response.content.decode()


@pytest.mark.parametrize("model_name", ["condition", "treatmenttier", "warningsign"])
def test_inline_permissions_follow_the_page(rf, editor_user, reviewer_user, model_name):
    live, draft = CONTENT_FACTORIES[model_name](), CONTENT_FACTORIES[model_name](draft=True)
    model_admin = site._registry[type(live)]
    request = rf.get("/")
    for inline in (inline_class(model_admin.model, site) for inline_class in model_admin.inlines):
        for user, page, allowed in [(editor_user, live, False), (editor_user, draft, True), (reviewer_user, live, True)]:
            request.user = user
            permissions = (inline.has_add_permission(request, page), inline.has_change_permission(request, page),
                           inline.has_delete_permission(request, page))  # fmt: skip
            assert permissions == (allowed, allowed, allowed), (type(inline).__name__, user, page.status)


def test_editor_deletes_a_step_of_a_draft_condition(client, staff_user, editor_user):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(login_as(client, staff_user).get(url)), "treatment_steps-0-DELETE": "on"}
    assert login_as(client, editor_user).post(url, data).status_code == 302
    assert not TreatmentStep.objects.exists()


def test_editor_list_order_changes_only_reach_drafts(editor):
    draft = factories.ConditionFactory(draft=True, order=1)
    live = factories.ConditionFactory(order=2)
    changelist = admin_url("condition", "changelist")
    forms = {form.instance.pk: form for form in editor.get(changelist).context["cl"].formset.forms}
    assert not forms[draft.pk].fields["order"].disabled
    # Locked rows: our form disables the field; Django 6.1's changelist already leaves it out.
    live_order = forms[live.pk].fields.get("order")
    assert live_order is None or live_order.disabled
    response = editor.post(changelist, {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "form-0-id": draft.pk, "form-0-order": "8",
        "form-1-id": live.pk, "form-1-order": "9", "_save": "Save",
    })  # fmt: skip
    assert response.status_code == 302
    assert messages_of(response) == ["1 condition was changed successfully."]
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.order, live.order) == (8, 2)


def test_reviewer_changes_live_content(reviewer):
    condition = live_condition_with_rows()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer.get(url)
    assert response.context["has_change_permission"] is True
    assert LOCKED_NOTICE not in response.content.decode()
    data = {**form_data(response), "overview": "Corrected", "treatment_steps-0-body": "Corrected step"}
    assert reviewer.post(url, data).status_code == 302
    condition.refresh_from_db()
    assert (condition.overview, condition.status) == ("Corrected", Status.PUBLISHED)
    assert TreatmentStep.objects.get().body == "Corrected step"


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


def test_reviewer_moves_content_back_to_review_with_the_status_select(reviewer):
    condition = factories.ConditionFactory(reviewed=True)
    url = admin_url("condition", "change", condition.pk)
    assert reviewer.post(url, {**form_data(reviewer.get(url)), "status": "in_review"}).status_code == 302
    assert Condition.objects.get().status == Status.IN_REVIEW


# Published conditions that patients cannot see ---------------------------------------------

HIDDEN = "Patients cannot see “Achilles tendinitis” although it is published: its cause category “Overuse injuries”"


def condition_in_draft_category(**kwargs) -> Condition:
    category = factories.CategoryFactory(draft=True, name="Overuse injuries")
    return factories.ConditionFactory(category=category, name="Achilles tendinitis", reviewed=True, **kwargs)


def test_changelist_says_when_a_published_condition_is_hidden(superuser):
    condition_in_draft_category()
    factories.ConditionFactory(name="Visible one")
    factories.ConditionFactory(name="Draft one", draft=True, category__draft=True)
    response = superuser.get(admin_url("condition", "changelist"))
    rows = {
        row.name: publishing.status_label(row) for row in response.context["cl"].result_list
    }
    assert rows == {"Achilles tendinitis": "Published — hidden: cause category not published",
                    "Visible one": "Published", "Draft one": "Draft"}  # fmt: skip
    assert response.content.decode().count("Published — hidden: cause category not published") == 1


def test_change_page_warns_that_a_published_condition_is_hidden(superuser):
    hidden, visible = condition_in_draft_category(), factories.ConditionFactory()
    assert HIDDEN in superuser.get(admin_url("condition", "change", hidden.pk)).content.decode()
    assert "Patients cannot see" not in superuser.get(admin_url("condition", "change", visible.pk)).content.decode()


def test_publishing_a_hidden_condition_warns_through_the_form(reviewer):
    condition = condition_in_draft_category(status=Status.IN_REVIEW, published_at=None)
    url = admin_url("condition", "change", condition.pk)
    response = reviewer.post(url, {**form_data(reviewer.get(url)), "status": "published"})
    assert response.status_code == 302
    [warning, changed] = messages_of(response)
    assert warning.startswith(HIDDEN) and "was changed successfully" in changed
    # "Save and continue" lands on the change page, whose notice says it once.
    Condition.objects.update(status=Status.IN_REVIEW)
    data = {**form_data(reviewer.get(url)), "status": "published", "_continue": "Save and continue editing"}
    page = reviewer.post(url, data, follow=True)
    assert page.content.decode().count(HIDDEN) == 1
    assert not Condition.objects.published().exists()


def test_publishing_a_hidden_condition_warns_through_the_action(reviewer):
    condition = condition_in_draft_category(status=Status.IN_REVIEW, published_at=None)
    response = reviewer.post(
        admin_url("condition", "changelist"), {"action": "publish_selected", "_selected_action": [condition.pk]}
    )
    [published, warning] = messages_of(response)
    assert published == "Published 1 item." and warning.startswith(HIDDEN)


CATEGORY_HIDES = (
    "Patients cannot see the published condition “Achilles tendinitis”: its cause category “Overuse injuries” "
    "is not published."
)


def live_category_with_conditions(*published: str) -> Category:
    category = factories.CategoryFactory(name="Overuse injuries", reviewed=True)
    factories.ConditionFactory(category=category, name="Draft one", draft=True)
    for name in published:
        factories.ConditionFactory(category=category, name=name)
    return category


@pytest.mark.parametrize(
    ("action", "done"),
    [
        ("archive_selected", "Archived 1 item."),
        ("move_back_to_review", "Moved 1 item back to review: patients no longer see it."),
    ],
)
def test_taking_a_category_down_by_action_names_the_conditions_it_hides(reviewer, action, done):
    category = live_category_with_conditions("Achilles tendinitis")
    response = reviewer.post(admin_url("category", "changelist"), {"action": action, "_selected_action": [category.pk]})
    [message, warning] = messages_of(response)
    assert message == done
    assert warning.startswith(CATEGORY_HIDES) and "Draft one" not in warning
    assert not Condition.objects.published().exists()


def test_the_warning_names_every_published_condition_of_the_category(reviewer):
    category = live_category_with_conditions("Achilles tendinitis", "Peroneal tendinitis")
    response = reviewer.post(
        admin_url("category", "changelist"), {"action": "archive_selected", "_selected_action": [category.pk]}
    )
    [_archived, warning] = messages_of(response)
    assert warning.startswith(
        "Patients cannot see the published conditions “Achilles tendinitis”, “Peroneal tendinitis”: their cause category"
    )


@pytest.mark.parametrize("action", ["archive_selected", "move_back_to_review"])
def test_taking_down_a_category_without_published_conditions_does_not_warn(reviewer, action):
    category = live_category_with_conditions()
    response = reviewer.post(admin_url("category", "changelist"), {"action": action, "_selected_action": [category.pk]})
    assert len(messages_of(response)) == 1


@pytest.mark.parametrize("status", ["archived", "in_review"])
def test_taking_a_category_down_through_the_form_names_the_conditions_it_hides(reviewer, status):
    category = live_category_with_conditions("Achilles tendinitis")
    url = admin_url("category", "change", category.pk)
    response = reviewer.post(url, {**form_data(reviewer.get(url)), "status": status})
    assert response.status_code == 302
    [warning, changed] = messages_of(response)
    assert warning.startswith(CATEGORY_HIDES) and "was changed successfully" in changed
    # "Save and continue" lands on the change page, whose notice says it once.
    Category.objects.update(status=Status.PUBLISHED)
    data = {**form_data(reviewer.get(url)), "status": status, "_continue": "Save and continue editing"}
    page = reviewer.post(url, data, follow=True)
    assert page.content.decode().count(CATEGORY_HIDES) == 1


def test_taking_down_a_category_without_published_conditions_through_the_form_does_not_warn(reviewer):
    category = live_category_with_conditions()
    url = admin_url("category", "change", category.pk)
    response = reviewer.post(url, {**form_data(reviewer.get(url)), "status": "archived"})
    [changed] = messages_of(response)
    assert "was changed successfully" in changed
    assert "Patients cannot see" not in reviewer.get(url).content.decode()


# Publishing as a reviewer ------------------------------------------------------------------


def test_reviewer_publishing_without_review_fields_gets_errors_and_nothing_is_saved(reviewer):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer.post(url, {**form_data(reviewer.get(url)), "status": "published", "overview": "New"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"last_reviewed", "next_review_due", "reviewed_by"}
    assert "before publishing" in errors["reviewed_by"][0]
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.published_at) == (Status.DRAFT, "What this condition is.", None)


def test_reviewer_publishes_through_the_form(reviewer):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(reviewer.get(url))
    data.update(status="published", overview="Reviewed text", last_reviewed=TODAY().isoformat(),
                reviewed_by="Dr Ana Silva, DPT",
                next_review_due=(TODAY() + datetime.timedelta(days=365)).isoformat())  # fmt: skip
    response = reviewer.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.reviewed_by) == (
        Status.PUBLISHED, "Reviewed text", "Dr Ana Silva, DPT"
    )  # fmt: skip
    assert condition.published_at is not None and timezone.now() - condition.published_at < datetime.timedelta(minutes=1)
    assert Condition.objects.published().get() == condition


def test_reviewer_publish_action_refuses_all_when_one_lacks_review(reviewer):
    ready = factories.ConditionFactory(draft=True, reviewed=True, name="Ready")
    unready = factories.ConditionFactory(draft=True, name="Unready")
    response = reviewer.post(
        admin_url("condition", "changelist"), {"action": "publish_selected", "_selected_action": [ready.pk, unready.pk]}
    )
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("Nothing was published.") and "“Unready”" in message and "“Ready”" not in message
    assert not Condition.objects.published().exists()


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_reviewer_publish_action_publishes_reviewed_content(reviewer, model_name):
    objs = [CONTENT_FACTORIES[model_name](draft=True, reviewed=True) for _ in range(2)]
    response = reviewer.post(
        admin_url(model_name, "changelist"), {"action": "publish_selected", "_selected_action": [o.pk for o in objs]}
    )
    assert messages_of(response) == ["Published 2 items."]
    model = type(objs[0])
    assert model.objects.published().count() == 2
    assert not model.objects.filter(published_at__isnull=True).exists()


def test_mark_reviewed_today_asks_for_the_reviewer_and_records_it(reviewer, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "REVIEW_INTERVAL_DAYS": 30}
    tip = factories.PreventionTipFactory(draft=True)
    changelist = admin_url("preventiontip", "changelist")
    form_page = reviewer.post(changelist, {"action": "mark_reviewed_today", "_selected_action": [tip.pk]})
    assert form_page.status_code == 200
    assert form_page.context["form"]["reviewed_by"].value() == "Ana Silva"
    assert tip.title in form_page.content.decode()
    data = {"action": "mark_reviewed_today", "_selected_action": [tip.pk], "apply": "yes"}

    empty = reviewer.post(changelist, {**data, "reviewed_by": "  "})
    assert empty.status_code == 200 and empty.context["form"].errors
    tip.refresh_from_db()
    assert tip.last_reviewed is None

    done = reviewer.post(changelist, {**data, "reviewed_by": "Dr Ana Silva, DPT"})
    assert done.status_code == 302
    assert messages_of(done) == ["Recorded today’s review of 1 item."]
    tip.refresh_from_db()
    assert (tip.last_reviewed, tip.next_review_due, tip.reviewed_by, tip.status) == (
        TODAY(), TODAY() + datetime.timedelta(days=30), "Dr Ana Silva, DPT", Status.DRAFT
    )  # fmt: skip


def test_archive_action_takes_content_off_the_site(reviewer):
    tier = factories.TreatmentTierFactory()
    response = reviewer.post(
        admin_url("treatmenttier", "changelist"), {"action": "archive_selected", "_selected_action": [tier.pk]}
    )
    assert messages_of(response) == ["Archived 1 item."]
    assert TreatmentTier.objects.get().status == Status.ARCHIVED
    assert not TreatmentTier.objects.published().exists()


# Deleting what other content still uses ----------------------------------------------------


ARCHIVED = Status.ARCHIVED


def not_live(model_name: str):
    """Content the admin lets a superuser delete if nothing uses it: a source, or archived content."""
    factory = CONTENT_FACTORIES[model_name]
    return factory() if model_name == "source" else factory(status=ARCHIVED)


def protected_cases():
    # Archived: live content cannot be deleted at all (see the tests after these).
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


@pytest.mark.parametrize(("model_name", "make", "user_name"), protected_cases())
def test_deleting_content_in_use_is_refused_naming_the_user(superuser, model_name, make, user_name):
    obj = make()
    url = admin_url(model_name, "delete", obj.pk)
    page = superuser.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "cannot be deleted because the content below still uses it" in html and user_name in html

    confirmed = superuser.post(url, {"post": "yes"})
    assert confirmed.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(("model_name", "make", "user_name"), protected_cases())
def test_bulk_deleting_content_in_use_is_refused_naming_the_user(superuser, model_name, make, user_name):
    obj = make()
    unused = not_live(model_name)
    data = {"action": "delete_selected", "_selected_action": [obj.pk, unused.pk], "post": "yes"}
    response = superuser.post(admin_url(model_name, "changelist"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was deleted" in html and user_name in html
    assert type(obj).objects.filter(pk__in=[obj.pk, unused.pk]).count() == 2


def test_content_nobody_uses_can_be_deleted(superuser):
    category, source = factories.CategoryFactory(status=ARCHIVED), factories.SourceFactory()
    assert superuser.post(admin_url("category", "delete", category.pk), {"post": "yes"}).status_code == 302
    assert superuser.post(admin_url("source", "delete", source.pk), {"post": "yes"}).status_code == 302
    assert not Category.objects.exists() and not Source.objects.exists()


def test_roles_are_not_offered_delete_of_whole_content(editor):
    sign = factories.WarningSignFactory(draft=True)
    assert editor.get(admin_url("warningsign", "delete", sign.pk)).status_code == 403
    assert WarningSign.objects.exists()


# Live content is archived before it can be deleted -----------------------------------------


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_live_content_cannot_be_deleted_even_by_a_superuser(superuser, model_name):
    live = CONTENT_FACTORIES[model_name]()
    assert superuser.get(admin_url(model_name, "change", live.pk)).context["has_delete_permission"] is False
    url = admin_url(model_name, "delete", live.pk)
    assert superuser.get(url).status_code == 403
    assert superuser.post(url, {"post": "yes"}).status_code == 403
    assert type(live).objects.filter(pk=live.pk).exists()


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_bulk_delete_with_live_content_deletes_nothing_and_names_it(superuser, model_name):
    live, archived = CONTENT_FACTORIES[model_name](), not_live(model_name)
    data = {"action": "delete_selected", "_selected_action": [live.pk, archived.pk], "post": "yes"}
    response = superuser.post(admin_url(model_name, "changelist"), data)
    assert response.status_code == 302
    assert messages_of(response) == [f"Nothing was deleted: “{live}” is published. Archive it first."]
    assert type(live).objects.count() == 2


def test_bulk_delete_names_every_live_piece(superuser):
    signs = [factories.WarningSignFactory(text="Swelling"), factories.WarningSignFactory(text="Bruising")]
    data = {"action": "delete_selected", "_selected_action": [sign.pk for sign in signs], "post": "yes"}
    response = superuser.post(admin_url("warningsign", "changelist"), data)
    assert messages_of(response) == ["Nothing was deleted: “Swelling”, “Bruising” are published. Archive them first."]
    assert WarningSign.objects.count() == 2


def test_bulk_delete_of_content_that_is_not_live_still_confirms_and_deletes(superuser):
    draft, archived = factories.WarningSignFactory(draft=True), not_live("warningsign")
    changelist = admin_url("warningsign", "changelist")
    data = {"action": "delete_selected", "_selected_action": [draft.pk, archived.pk]}
    confirmation = superuser.post(changelist, data)
    assert confirmation.status_code == 200 and "Are you sure" in confirmation.content.decode()
    assert superuser.post(changelist, {**data, "post": "yes"}).status_code == 302
    assert not WarningSign.objects.exists()


# Lists: review flags, filters, search, constant queries -------------------------------------


@pytest.fixture
def conditions_by_review():
    today = TODAY()
    return {
        "overdue": factories.ConditionFactory(name="Overdue one", reviewed=True,
                                              next_review_due=today - datetime.timedelta(days=1)),
        "current": factories.ConditionFactory(name="Current one", reviewed=True),
        "never": factories.ConditionFactory(name="Never one"),
    }  # fmt: skip


def listed(client, query: str) -> set[str]:
    response = client.get(admin_url("condition", "changelist") + query)
    assert response.status_code == 200
    return {obj.name for obj in response.context["cl"].result_list}


def test_review_overdue_filter(superuser, conditions_by_review):
    assert listed(superuser, "?review_overdue=yes") == {"Overdue one"}
    assert listed(superuser, "?review_overdue=no") == {"Current one", "Never one"}


def test_never_reviewed_filter(superuser, conditions_by_review):
    assert listed(superuser, "?never_reviewed=yes") == {"Never one"}
    assert listed(superuser, "?never_reviewed=no") == {"Overdue one", "Current one"}


def test_status_and_category_filters_and_search(superuser):
    overuse = factories.CategoryFactory(name="Overuse injuries")
    factories.ConditionFactory(name="Achilles tendinitis", category=overuse)
    factories.ConditionFactory(name="Ankle sprain", draft=True)
    assert listed(superuser, "?status__exact=draft") == {"Ankle sprain"}
    assert listed(superuser, f"?category__id__exact={overuse.pk}") == {"Achilles tendinitis"}
    assert listed(superuser, "?q=achilles") == {"Achilles tendinitis"}


def test_changelist_flags_overdue_and_never_reviewed_in_words(superuser, conditions_by_review):
    html = superuser.get(admin_url("condition", "changelist")).content.decode()
    yesterday = TODAY() - datetime.timedelta(days=1)
    assert f"Overdue since {yesterday.isoformat()}" in html
    assert "Never reviewed" in html


def make_rows(model_name: str, count: int) -> None:
    if model_name == "condition":
        for _ in range(count):  # a category each, so the category column cannot be cached
            factories.ConditionFactory(reviewed=True)
    else:
        CONTENT_FACTORIES[model_name].create_batch(count)


def changelist_queries(client, model_name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(model_name, "changelist")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model_name", list(CONTENT_FACTORIES))
# The editor's live rows are locked; the reviewer's are not, but checked against the publish permission.
@pytest.mark.parametrize("client_fixture", ["superuser", "editor", "reviewer"])
def test_changelist_queries_do_not_grow_with_rows(request, client_fixture, model_name, django_assert_max_num_queries):
    staff = request.getfixturevalue(client_fixture)
    make_rows(model_name, 10)
    with_ten = changelist_queries(staff, model_name)
    make_rows(model_name, 40)
    with django_assert_max_num_queries(with_ten):
        assert staff.get(admin_url(model_name, "changelist")).status_code == 200


# A condition's booking override must lead somewhere ----------------------------------------


BOOKING_OVERRIDES = pytest.mark.parametrize("field", ["booking_url", "urgent_booking_url"])


@BOOKING_OVERRIDES
@pytest.mark.parametrize("booking_url", ["htps://booking.example.com/", "bookin", "//evil.example/", "https://["])
def test_condition_form_refuses_a_booking_override_that_leads_nowhere(reviewer, field, booking_url):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer.post(url, {**form_data(reviewer.get(url)), field: booking_url})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors[field]
    assert error.startswith("Enter an absolute http(s) address")
    condition.refresh_from_db()
    assert getattr(condition, field) == ""


@BOOKING_OVERRIDES
@pytest.mark.parametrize("booking_url", ["https://specialist.example.com/ankle/", "booking", ""])
def test_condition_form_accepts_a_url_or_a_url_name(reviewer, field, booking_url):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = reviewer.post(url, {**form_data(reviewer.get(url)), field: booking_url})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert getattr(condition, field) == booking_url


def test_list_order_saves_even_when_an_older_booking_override_no_longer_resolves(superuser):
    # e.g. the host renamed the URL: the list edits only the order, so it must not fail on the override.
    condition = factories.ConditionFactory(booking_url="renamed-url-name", order=1)
    response = superuser.post(admin_url("condition", "changelist"), {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": condition.pk, "form-0-order": "4",
        "_save": "Save",
    })  # fmt: skip
    assert response.status_code == 302
    condition.refresh_from_db()
    assert condition.order == 4


# Publishing needs a review that is still current -------------------------------------------


@pytest.mark.parametrize("days_ahead", [0, -30])
def test_form_refuses_to_publish_with_a_next_review_today_or_past(reviewer, days_ahead):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    due = TODAY() + datetime.timedelta(days=days_ahead)
    data = {**form_data(reviewer.get(url)), "status": "published", "reviewed_by": "Dr Ana Silva, DPT",
            "last_reviewed": (TODAY() - datetime.timedelta(days=400)).isoformat(), "next_review_due": due.isoformat()}  # fmt: skip
    response = reviewer.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["next_review_due"] == [
        (
            f"The next review falls due on {due.isoformat()}, which is not in the future. "
            "Review the content again and set a later date before publishing."
        )
    ]
    assert not Condition.objects.published().exists()


def test_publish_action_refuses_content_whose_review_is_overdue(reviewer):
    overdue = factories.ConditionFactory(draft=True, reviewed=True, name="Overdue one", next_review_due=TODAY())
    current = factories.ConditionFactory(draft=True, reviewed=True, name="Current one")
    response = reviewer.post(
        admin_url("condition", "changelist"), {"action": "publish_selected", "_selected_action": [overdue.pk, current.pk]}
    )
    [message] = messages_of(response)
    assert message.startswith("Nothing was published. “Overdue one”: The next review falls due on")
    assert "Current one" not in message
    assert not Condition.objects.published().exists()


# Sources that live pages cite are locked like live content -----------------------------------

SOURCE_LOCKED = "Published content cites this source, so a change would show on the patient pages at once"


def cite(source, kind: str, **kwargs) -> None:
    if kind == "condition":
        factories.ConditionSourceFactory(source=source, condition=factories.ConditionFactory(name="Sprain", **kwargs))
    elif kind == "tip":
        factories.PreventionTipFactory(title="Sprain", **kwargs).sources.add(source)
    else:
        factories.TreatmentTierFactory(name="Sprain", **kwargs).sources.add(source)


def source_change_post(client, staff_user, editor_user, source) -> tuple:
    url = admin_url("source", "change", source.pk)
    data = {**form_data(login_as(client, staff_user).get(url)), "title": "Changed"}
    login_as(client, editor_user)
    return client.get(url), client.post(url, data)


@pytest.mark.parametrize("kind", ["condition", "tip", "tier"])
def test_editor_cannot_change_a_source_that_live_content_cites(client, staff_user, editor_user, kind):
    source = factories.SourceFactory(title="Sprains")
    cite(source, kind)
    page, post = source_change_post(client, staff_user, editor_user, source)
    assert page.context["has_change_permission"] is False
    html = page.content.decode()
    assert f"{SOURCE_LOCKED}: “Sprain”. Only a clinical reviewer can change it." in html
    assert 'name="_save"' not in html
    assert post.status_code == 403
    source.refresh_from_db()
    assert source.title == "Sprains"


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [("editor_user", Status.DRAFT), ("editor_user", Status.IN_REVIEW), ("editor_user", Status.ARCHIVED),
     ("reviewer_user", Status.PUBLISHED)],
)  # fmt: skip
def test_source_changes_when_no_live_content_cites_it_or_by_a_reviewer(request, client, staff_user, user_fixture, status):
    source = factories.SourceFactory(title="Sprains")
    cite(source, "condition", status=status)
    page, post = source_change_post(client, staff_user, request.getfixturevalue(user_fixture), source)
    assert page.context["has_change_permission"] is True
    assert SOURCE_LOCKED not in page.content.decode()
    assert post.status_code == 302
    source.refresh_from_db()
    assert source.title == "Changed"


def test_markdown_nested_too_deeply_to_show_is_a_form_error_and_nothing_is_saved(reviewer):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(reviewer.get(url))
    too_deep = "*" * 2000 + "x" + "*" * 2000
    response = reviewer.post(url, {**data, "overview": too_deep, "treatment_steps-0-body": too_deep})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["overview"]
    assert error.startswith("This text nests formatting")
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    steps = inlines["treatment_steps"]
    assert steps.errors[0]["body"][0].startswith("This text nests formatting")
    condition.refresh_from_db()
    assert condition.overview == data["overview"]


# Tampered admin requests: a form error or a 400, never a 500 ------------------------------

NOT_KEYS = ["abc", " ", "1.5", "99999999999999999999", "\x00"]


@pytest.mark.parametrize("value", NOT_KEYS)
def test_an_autocomplete_value_that_is_not_a_key_is_a_form_error(superuser, value):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(superuser.get(url))
    response = superuser.post(url, {**data, "conditionwarningsign_set-0-warning_sign": value})
    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert "warning_sign" in inlines["conditionwarningsign_set"].errors[0]

    tip = factories.PreventionTipFactory(draft=True)
    url = admin_url("preventiontip", "change", tip.pk)
    response = superuser.post(url, {**form_data(superuser.get(url)), "conditions": [value], "sources": value})
    assert response.status_code == 200
    assert {"conditions", "sources"} <= response.context["adminform"].form.errors.keys()
    assert not tip.conditions.exists()


@pytest.mark.parametrize("query", ["?slug__regex=(", "?name__iregex=["])
def test_pattern_lookups_in_a_list_url_are_refused(superuser, query):
    factories.ConditionFactory()
    assert superuser.get(admin_url("condition", "changelist") + query).status_code == 400


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?day__year=2026&day__month=1&day__day=99999999999999999999", 400),
        ("?day__year=99999999999999999999", 400),
        ("?day__year=2026&day__month=-1", 400),
        ("?day__year=2026&day__month=11", 200),
    ],
)
def test_booking_counts_date_drill_down_outside_the_calendar_is_400(superuser, query, status):
    assert superuser.get(admin_url("bookingclick", "changelist") + query).status_code == status


@pytest.mark.parametrize("initial_forms", ["0", "-1"])
@pytest.mark.parametrize("prefix", ["conditionwarningsign_set", "conditionsource_set"])
def test_a_link_row_posted_again_as_new_is_a_form_error_not_a_duplicate(superuser, prefix, initial_forms):
    # The management form says no row exists yet, so the existing link comes back as a new one.
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    response = superuser.post(url, {**form_data(superuser.get(url)), f"{prefix}-INITIAL_FORMS": initial_forms})
    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert "already exists" in str(inlines[prefix].errors)
    assert condition.warning_signs.count() == condition.sources.count() == 1


@pytest.mark.parametrize("action", ["delete_selected", "archive_selected", "move_back_to_review", "mark_reviewed_today"])
@pytest.mark.parametrize("selected", [["abc"], ["99999999999999999999"], ["1", "\x00"]])
def test_an_action_on_rows_that_cannot_exist_is_400(superuser, action, selected):
    category = factories.CategoryFactory()
    data = {"action": action, "_selected_action": selected, "post": "yes"}
    assert superuser.post(admin_url("category", "changelist"), data).status_code == 400
    category.refresh_from_db()
    assert category.status == Status.PUBLISHED


@pytest.mark.parametrize(
    "url",
    [
        admin_url("condition", "changelist") + "?status=%00",
        admin_url("source", "changelist") + "?q=%00",
        reverse("admin:autocomplete")
        + "?app_label=ankle_education&model_name=preventiontip&field_name=conditions&term=%00",
    ],
)
def test_null_characters_in_list_filters_and_searches_are_400(superuser, url):
    # PostgreSQL refuses text holding NUL: without this check the query itself fails there.
    assert superuser.get(url).status_code == 400


def test_a_post_asking_for_thousands_of_inline_rows_builds_at_most_the_bound(superuser):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(superuser.get(url)), "conditionsource_set-TOTAL_FORMS": "99999"}
    started = time.monotonic()
    response = superuser.post(url, data)
    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert len(inlines["conditionsource_set"].forms) == MAX_INLINE_ROWS
    assert "Please submit at most 200 forms." in inlines["conditionsource_set"].non_form_errors()
    assert time.monotonic() - started < 10
