"""Staff preview (views/preview.py): drafts exactly as patients will see them, and a 404 for everyone else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.edits import pending_change, pending_change_to_deleted_content
from tests.factories import (
    CategoryFactory,
    ConditionFactory,
    PreventionTipFactory,
    TreatmentTierFactory,
)

pytestmark = pytest.mark.django_db

BANNER = "Preview: this page is not published"
NOINDEX = '<meta name="robots" content="noindex">'

DRAFTS = {
    "category": lambda: CategoryFactory(draft=True, name="Draft category"),
    "condition": lambda: ConditionFactory(draft=True, name="Draft condition"),
    "prevention-tip": lambda: PreventionTipFactory(draft=True, title="Draft tip"),
    "treatment-tier": lambda: TreatmentTierFactory(draft=True, name="Draft tier"),
}
PUBLIC_TEMPLATES = {
    "category": "ankle_education/category_detail.html",
    "condition": "ankle_education/condition_detail.html",
    "prevention-tip": "ankle_education/prevention_detail.html",
    "treatment-tier": "ankle_education/treatment.html",
}


def preview_url(kind: str, pk: int) -> str:
    return reverse("ankle_education:preview", kwargs={"kind": kind, "pk": pk})


def staff_with(django_user_model, *codenames: str, **fields):
    user = django_user_model.objects.create_user("editor", password="password", is_staff=True, **fields)
    permissions = Permission.objects.filter(content_type__app_label="ankle_education", codename__in=codenames)
    user.user_permissions.set(permissions)
    return user


@pytest.mark.parametrize("kind", sorted(DRAFTS))
def test_staff_see_the_draft_on_the_public_template(client, superuser, kind):
    draft = DRAFTS[kind]()
    client.force_login(superuser)
    response = client.get(preview_url(kind, draft.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert str(draft) in html
    assert PUBLIC_TEMPLATES[kind] in [template.name for template in response.templates]
    assert BANNER in html
    assert NOINDEX in html
    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_have_no_preview_banner(client):
    condition = ConditionFactory()
    html = client.get(condition.get_absolute_url()).content.decode()
    assert BANNER not in html
    assert NOINDEX not in html


def test_tier_preview_is_the_published_ladder_with_the_draft_in_its_place(client, superuser):
    TreatmentTierFactory(name="Self-care", order=1)
    draft = TreatmentTierFactory(draft=True, name="Physical therapy", order=2)
    TreatmentTierFactory(name="Medical evaluation", order=3)
    TreatmentTierFactory(draft=True, name="Another draft", order=4)
    client.force_login(superuser)
    html = client.get(preview_url("treatment-tier", draft.pk)).content.decode()
    assert html.index("Self-care") < html.index("Physical therapy") < html.index("Medical evaluation")
    assert "Another draft" not in html


def test_condition_preview_shows_only_published_related_content(client, superuser):
    condition = ConditionFactory(draft=True, category=CategoryFactory(draft=True))
    PreventionTipFactory(title="Published tip", conditions=[condition])
    PreventionTipFactory(draft=True, title="Draft tip", conditions=[condition])
    client.force_login(superuser)
    html = client.get(preview_url("condition", condition.pk)).content.decode()
    assert "Published tip" in html
    assert "Draft tip" not in html


def test_draft_category_preview_lists_its_published_conditions_only(client, superuser):
    category = CategoryFactory(draft=True)
    ConditionFactory(category=category, name="Published condition")
    ConditionFactory(category=category, draft=True, name="Draft condition")
    client.force_login(superuser)
    html = client.get(preview_url("category", category.pk)).content.decode()
    assert "Published condition" in html
    assert "Draft condition" not in html
    assert "No conditions in this group have been published yet" not in html
    # The public page stays a 404 for staff and everyone else until the category is published.
    assert client.get(category.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(category.get_absolute_url()).status_code == 404


def test_editor_with_change_permission_may_preview(client, django_user_model):
    client.force_login(staff_with(django_user_model, "change_condition"))
    assert client.get(preview_url("condition", ConditionFactory(draft=True).pk)).status_code == 200


@pytest.mark.parametrize(
    ("codenames", "fields"),
    [
        (("change_category",), {}),  # the wrong model's permission
        (("view_condition",), {}),
        (("change_condition",), {"is_active": False}),
    ],
)
def test_staff_without_the_right_to_edit_get_404(client, django_user_model, codenames, fields):
    user = staff_with(django_user_model, *codenames, **fields)
    client.force_login(user)
    assert client.get(preview_url("condition", ConditionFactory(draft=True).pk)).status_code == 404


def test_non_staff_with_permission_get_404(client, django_user_model):
    user = staff_with(django_user_model, "change_condition")
    user.is_staff = False
    user.save()
    client.force_login(user)
    assert client.get(preview_url("condition", ConditionFactory(draft=True).pk)).status_code == 404


@pytest.mark.parametrize("kind", sorted(DRAFTS))
def test_anonymous_visitors_get_404_not_a_login_page(client, kind):
    response = client.get(preview_url(kind, DRAFTS[kind]().pk))
    assert response.status_code == 404
    assert "Draft" not in response.content.decode()


@pytest.mark.parametrize("kind", [*sorted(DRAFTS), "warning-sign", "source"])
def test_unknown_objects_and_kinds_are_404(client, superuser, kind):
    client.force_login(superuser)
    assert client.get(preview_url(kind, 999_999)).status_code == 404
    assert client.get(preview_url(kind, 10**30)).status_code == 404  # beyond any database integer


def test_preview_link_shows_the_draft_to_staff_only(superuser_client, client):
    condition = ConditionFactory(draft=True, overview="Draft *overview* text")
    preview = reverse("ankle_education:preview", kwargs={"kind": "condition", "pk": condition.pk})
    assert "Draft <em>overview</em> text" in superuser_client.get(preview).content.decode()
    client.logout()
    assert client.get(preview).status_code == 404


def test_the_preview_of_a_live_page_shows_its_pending_change_and_copes_with_deleted_links(
    superuser_client, editor_user
):
    condition = ConditionFactory(reviewed=True, overview="Live words.")
    url = reverse("ankle_education:preview", kwargs={"kind": "condition", "pk": condition.pk})
    pending_change(condition, editor_user, overview="Pending words.")
    assert "Pending words." in superuser_client.get(url).content.decode()
    pending_change_to_deleted_content(condition, editor_user, overview="Pending words.")
    response = superuser_client.get(url)
    assert response.status_code == 200  # the change page says why the pending change cannot be shown
    assert "Live words." in response.content.decode()
    assert "Live words." in superuser_client.get(condition.get_absolute_url()).content.decode()
