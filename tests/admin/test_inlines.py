"""The inlines (admin/inlines.py): rows edited inside a page are locked with the page."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin import site

from ankle_education.models import ConditionSource, ConditionWarningSign, TreatmentStep
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


def test_inlines_of_a_live_condition_are_read_only_for_editors(editor_client):
    response = editor_client.get(admin_url("condition", "change", live_condition_with_rows().pk))
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


def test_editor_crafted_inline_posts_to_a_live_condition_are_refused(client, superuser, editor_user):
    condition = live_condition_with_rows()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(login_as(client, superuser).get(url))
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
