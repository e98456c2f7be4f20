"""Tampered admin requests (admin/hardening.py): a form error or a 400, never a 500."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from ankle_education.admin.hardening import MAX_INLINE_ROWS
from ankle_education.models import Status
from tests import factories
from tests.admin.helpers import admin_url, form_data, unreviewed_draft_condition

pytestmark = pytest.mark.django_db


NOT_KEYS = ["abc", " ", "1.5", "99999999999999999999", "\x00"]


@pytest.mark.parametrize("value", NOT_KEYS)
def test_an_autocomplete_value_that_is_not_a_key_is_a_form_error(superuser_client, value):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = form_data(superuser_client.get(url))
    response = superuser_client.post(url, {**data, "conditionwarningsign_set-0-warning_sign": value})
    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert "warning_sign" in inlines["conditionwarningsign_set"].errors[0]

    tip = factories.PreventionTipFactory(draft=True)
    url = admin_url("preventiontip", "change", tip.pk)
    data = {**form_data(superuser_client.get(url)), "conditions": [value], "sources": value}
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert {"conditions", "sources"} <= response.context["adminform"].form.errors.keys()
    assert not tip.conditions.exists()


@pytest.mark.parametrize("query", ["?slug__regex=(", "?name__iregex=["])
def test_pattern_lookups_in_a_list_url_are_refused(superuser_client, query):
    factories.ConditionFactory()
    assert superuser_client.get(admin_url("condition", "changelist") + query).status_code == 400


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?day__year=2026&day__month=1&day__day=99999999999999999999", 400),
        ("?day__year=99999999999999999999", 400),
        ("?day__year=2026&day__month=-1", 400),
        ("?day__year=2026&day__month=11", 200),
    ],
)
def test_booking_counts_date_drill_down_outside_the_calendar_is_400(superuser_client, query, status):
    assert superuser_client.get(admin_url("bookingclick", "changelist") + query).status_code == status


@pytest.mark.parametrize("action", ["delete_selected", "archive_selected", "move_back_to_review", "mark_reviewed_today"])
@pytest.mark.parametrize("selected", [["abc"], ["99999999999999999999"], ["1", "\x00"]])
def test_an_action_on_rows_that_cannot_exist_is_400(superuser_client, action, selected):
    category = factories.CategoryFactory()
    data = {"action": action, "_selected_action": selected, "post": "yes"}
    assert superuser_client.post(admin_url("category", "changelist"), data).status_code == 400
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
def test_null_characters_in_list_filters_and_searches_are_400(superuser_client, url):
    # PostgreSQL refuses text holding NUL: without this check the query itself fails there.
    assert superuser_client.get(url).status_code == 400


def test_a_post_asking_for_thousands_of_inline_rows_builds_at_most_the_bound(superuser_client):
    condition = unreviewed_draft_condition()
    url = admin_url("condition", "change", condition.pk)
    data = {**form_data(superuser_client.get(url)), "conditionsource_set-TOTAL_FORMS": "99999"}
    started = time.monotonic()
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert len(inlines["conditionsource_set"].forms) == MAX_INLINE_ROWS
    assert "Please submit at most 200 forms." in inlines["conditionsource_set"].non_form_errors()
    assert time.monotonic() - started < 10
