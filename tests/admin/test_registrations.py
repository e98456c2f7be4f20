"""The registered ModelAdmins (admin/registrations.py): every page per role, what each list and form shows,
constant queries per list, and sources that live pages cite locked like live content."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ankle_education import publishing
from ankle_education.models import ConditionSource, ConditionWarningSign, PreventionTip, Status, TreatmentStep
from tests import factories
from tests.admin.helpers import (
    CONTENT_FACTORIES,
    admin_url,
    condition_in_draft_category,
    form_data,
    listed,
    login_as,
    unreviewed_draft_condition,
)

pytestmark = pytest.mark.django_db


SOURCE_LOCKED = (
    "Published or clinically reviewed content cites this source, so a change would show on the patient pages, "
    "or change what was reviewed"
)


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


def cite(source, kind: str, **kwargs) -> None:
    if kind == "condition":
        factories.ConditionSourceFactory(source=source, condition=factories.ConditionFactory(name="Sprain", **kwargs))
    elif kind == "tip":
        factories.PreventionTipFactory(title="Sprain", **kwargs).sources.add(source)
    else:
        factories.TreatmentTierFactory(name="Sprain", **kwargs).sources.add(source)


def source_change_post(client, superuser, editor_user, source) -> tuple:
    url = admin_url("source", "change", source.pk)
    data = {**form_data(login_as(client, superuser).get(url)), "title": "Changed"}
    login_as(client, editor_user)
    return client.get(url), client.post(url, data)


# Every page renders for every role ---------------------------------------------------------


@pytest.mark.parametrize("model_name", list(CONTENT_FACTORIES))
def test_changelist_add_and_change_pages_render_for_each_role(role_client, model_name):
    obj = CONTENT_FACTORIES[model_name]()
    for url in (admin_url(model_name, "changelist"), admin_url(model_name, "add"), admin_url(model_name, "change", obj.pk)):
        response = role_client.get(url)
        assert response.status_code == 200, url


def test_condition_change_page_has_markdown_editor_inlines_and_preview(superuser_client):
    condition = unreviewed_draft_condition()
    response = superuser_client.get(admin_url("condition", "change", condition.pk))
    html = response.content.decode()
    editors = set(re.findall(r'<textarea name="([^"]+)"[^>]*class="[^"]*markdownx-editor', html))
    assert {"overview", "symptoms", "causes", "treatment_steps-0-body"} <= editors
    inline_models = [inline.formset.model for inline in response.context["inline_admin_formsets"]]
    assert inline_models == [TreatmentStep, ConditionWarningSign, PreventionTip.conditions.through, ConditionSource]
    preview = reverse("ankle_education:preview", kwargs={"kind": "condition", "pk": condition.pk})
    assert f'href="{preview}"' in html


def test_slug_is_prepopulated_from_the_name(superuser_client):
    html = superuser_client.get(admin_url("condition", "add")).content.decode()
    assert "django-admin-prepopulated-fields-constants" in html
    assert "&quot;#id_slug&quot;" in html
    assert "&quot;#id_name&quot;" in html


# Lists: columns, filters, search, constant queries -------------------------------------------


def test_changelist_says_when_a_published_condition_is_hidden(superuser_client):
    condition_in_draft_category()
    factories.ConditionFactory(name="Visible one")
    factories.ConditionFactory(name="Draft one", draft=True, category__draft=True)
    response = superuser_client.get(admin_url("condition", "changelist"))
    rows = {
        row.name: publishing.status_label(row) for row in response.context["cl"].result_list
    }
    assert rows == {"Achilles tendinitis": "Published — hidden: cause category not published",
                    "Visible one": "Published", "Draft one": "Draft"}  # fmt: skip
    assert response.content.decode().count("Published — hidden: cause category not published") == 1


def test_status_and_category_filters_and_search(superuser_client):
    overuse = factories.CategoryFactory(name="Overuse injuries")
    factories.ConditionFactory(name="Achilles tendinitis", category=overuse)
    factories.ConditionFactory(name="Ankle sprain", draft=True)
    assert listed(superuser_client, "?status__exact=draft") == {"Ankle sprain"}
    assert listed(superuser_client, f"?category__id__exact={overuse.pk}") == {"Achilles tendinitis"}
    assert listed(superuser_client, "?q=achilles") == {"Achilles tendinitis"}


@pytest.mark.parametrize("model_name", list(CONTENT_FACTORIES))
# The editor's live rows are locked; the reviewer's are not, but checked against the publish permission.
@pytest.mark.parametrize("client_fixture", ["superuser_client", "editor_client", "reviewer_client"])
def test_changelist_queries_do_not_grow_with_rows(request, client_fixture, model_name, django_assert_max_num_queries):
    staff = request.getfixturevalue(client_fixture)
    make_rows(model_name, 10)
    with_ten = changelist_queries(staff, model_name)
    make_rows(model_name, 40)
    with django_assert_max_num_queries(with_ten):
        assert staff.get(admin_url(model_name, "changelist")).status_code == 200


# Sources that live pages cite are locked like live content -----------------------------------


@pytest.mark.parametrize("kind", ["condition", "tip", "tier"])
def test_editor_cannot_change_a_source_that_live_content_cites(client, superuser, editor_user, kind):
    source = factories.SourceFactory(title="Sprains")
    cite(source, kind)
    page, post = source_change_post(client, superuser, editor_user, source)
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
def test_source_changes_when_no_live_content_cites_it_or_by_a_reviewer(
    request, client, superuser, user_fixture, status
):
    source = factories.SourceFactory(title="Sprains")
    cite(source, "condition", status=status)
    page, post = source_change_post(client, superuser, request.getfixturevalue(user_fixture), source)
    assert page.context["has_change_permission"] is True
    assert SOURCE_LOCKED not in page.content.decode()
    assert post.status_code == 302
    source.refresh_from_db()
    assert source.title == "Changed"
