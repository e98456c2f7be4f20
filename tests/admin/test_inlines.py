"""The inlines (admin/inlines.py): rows edited inside a page are locked with the page."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin import site

from ankle_education import versions
from ankle_education.admin.inlines import TierTreatmentStepInline
from ankle_education.models import Condition, ConditionSource, ConditionWarningSign, Status, TreatmentStep
from tests import factories
from tests.admin.helpers import (
    CONTENT_FACTORIES,
    admin_url,
    form_data,
    live_condition_with_rows,
    login_as,
    unreviewed_draft_condition,
)

pytestmark = pytest.mark.django_db


def test_inlines_of_an_archived_condition_are_read_only_for_editors(editor_client):
    condition = live_condition_with_rows()
    Condition.objects.update(status=Status.ARCHIVED)
    response = editor_client.get(admin_url("condition", "change", condition.pk))
    for inline in response.context["inline_admin_formsets"]:
        assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (
            False, False, False
        ), inline.formset.model  # fmt: skip
        assert inline.has_view_permission
    assert "Live step" in response.content.decode()


@pytest.mark.parametrize("model_name", ["condition", "treatmenttier", "warningsign"])
def test_inline_permissions_follow_the_page(rf, editor_user, reviewer_user, model_name):
    live, draft = CONTENT_FACTORIES[model_name](), CONTENT_FACTORIES[model_name](draft=True)
    archived = CONTENT_FACTORIES[model_name](status=Status.ARCHIVED)
    model_admin = site._registry[type(live)]
    request = rf.get("/")
    cases = [(editor_user, archived, False), (editor_user, live, True), (editor_user, draft, True),
             (reviewer_user, live, True), (reviewer_user, archived, True)]  # fmt: skip
    for inline in (inline_class(model_admin.model, site) for inline_class in model_admin.inlines):
        for user, page, allowed in cases:
            # A tier lists its conditions' steps to read: each is changed, and reviewed, with its condition.
            allowed = allowed and not isinstance(inline, TierTreatmentStepInline)
            request.user = user
            permissions = (inline.has_add_permission(request, page), inline.has_change_permission(request, page),
                           inline.has_delete_permission(request, page))  # fmt: skip
            assert permissions == (allowed, allowed, allowed), (type(inline).__name__, user, page.status)


@pytest.mark.parametrize("change", ["changed_step", "added_step", "deleted_rows"])
def test_an_editors_inline_changes_to_a_live_condition_wait_in_its_pending_change(editor_client, change):
    condition = live_condition_with_rows()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(editor_client.get(url))
    tier = factories.TreatmentTierFactory(name="Physical therapy")
    posted = {
        "changed_step": {**data, "treatment_steps-0-body": "Changed step"},
        "added_step": {**data, "treatment_steps-TOTAL_FORMS": "2", "treatment_steps-1-tier": tier.pk,
                       "treatment_steps-1-body": "New step", "treatment_steps-1-order": "1"},
        "deleted_rows": {**data, "treatment_steps-0-DELETE": "on", "conditionsource_set-0-DELETE": "on",
                         "conditionwarningsign_set-0-DELETE": "on"},
    }[change]  # fmt: skip
    assert editor_client.post(url, posted).status_code == 302
    # The live rows are as they were ...
    assert list(TreatmentStep.objects.values_list("body", flat=True)) == ["Live step"]
    assert ConditionSource.objects.count() == ConditionWarningSign.objects.count() == 1
    # ... and the pending change holds the edit, which the form shows next time.
    parts = versions.pending_version(condition).data["parts"]
    steps = [step["body"] for step in parts["ankle_education.treatmentstep"]]
    expected = {"changed_step": ["Changed step"], "added_step": ["Live step", "New step"], "deleted_rows": []}[change]
    assert steps == expected
    assert len(parts["ankle_education.conditionsource"]) == (0 if change == "deleted_rows" else 1)
    shown = form_data(editor_client.get(url))
    assert [v for k, v in sorted(shown.items()) if k.startswith("treatment_steps-") and k.endswith("-body")] == expected


def test_a_pending_change_can_be_edited_again_row_by_row(editor_client):
    condition = live_condition_with_rows()
    url = admin_url("condition", "change", condition.pk)
    tier = factories.TreatmentTierFactory(name="Physical therapy")
    data = form_data(editor_client.get(url))
    added = {**data, "treatment_steps-TOTAL_FORMS": "2", "treatment_steps-1-tier": tier.pk,
             "treatment_steps-1-body": "New step", "treatment_steps-1-order": "1"}  # fmt: skip
    assert editor_client.post(url, added).status_code == 302
    # The new step exists only in the pending change, yet the form knows it by its key and edits it.
    again = form_data(editor_client.get(url))
    again["treatment_steps-1-body"] = "New step, corrected"
    response = editor_client.post(url, again)
    assert response.status_code == 302, response.context and response.context["inline_admin_formsets"][0].formset.errors
    steps = versions.pending_version(condition).data["parts"]["ankle_education.treatmentstep"]
    assert [step["body"] for step in steps] == ["Live step", "New step, corrected"]
    assert list(TreatmentStep.objects.values_list("body", flat=True)) == ["Live step"]


def test_editor_deletes_a_step_of_a_draft_condition(client, superuser, editor_user):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(login_as(client, superuser).get(url)), "treatment_steps-0-DELETE": "on"}
    assert login_as(client, editor_user).post(url, data).status_code == 302
    assert not TreatmentStep.objects.exists()


def test_prevention_tip_rows_read_as_the_tip_not_as_a_database_row(superuser_client):
    condition = factories.ConditionFactory(name="Achilles tendinitis")
    factories.PreventionTipFactory(title="Warm up first", conditions=[condition])
    html = superuser_client.get(admin_url("condition", "change", condition.pk)).content.decode()
    assert "object (" not in html
    assert re.search(r'<td class="original">\s*<p>\s*Achilles tendinitis: Warm up first\s', html)
