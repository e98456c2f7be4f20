"""Markdown in the admin (admin/markdown.py): a labelled live preview, and rendered text on read-only pages."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.admin.helpers import admin_url

pytestmark = pytest.mark.django_db

TYPED = "Rest for **two days**, then walk.\n\n<script>alert(1)</script>"


def preview_labels(html: str) -> dict[str, str]:
    """Each markdown editor's textarea id, with the name of its preview box, which must also be shown above it.

    A name, not aria-labelledby: Django's inline script renumbers the ids of a row staff add, not references to them.
    """
    labels = {}
    for editor in re.finditer(r'<div class="markdownx">.*?</div>\s*</div>', html, re.S):
        textarea = re.search(r'<textarea [^>]*id="([^"]+)"', editor[0])
        preview = re.search(r'<div class="markdownx-preview" role="region" aria-label="([^"]+)"', editor[0])
        assert textarea, editor[0]
        assert preview, editor[0]
        assert f'<p class="markdownx-preview-label">{preview[1]}</p>' in editor[0]
        labels[textarea[1]] = preview[1]
    return labels


def test_every_markdown_preview_is_labelled_with_its_field(superuser_client):
    condition = factories.ConditionFactory()
    factories.TreatmentStepFactory(condition=condition)
    labels = preview_labels(superuser_client.get(admin_url("condition", "change", condition.pk)).content.decode())
    assert labels == {
        "id_overview": "Preview: Overview",
        "id_symptoms": "Preview: Symptoms",
        "id_causes": "Preview: Causes",
        "id_treatment_steps-0-body": "Preview: What to do",
        "id_treatment_steps-__prefix__-body": "Preview: What to do",
    }


def test_editors_read_archived_markdown_as_patients_see_it_sanitised(editor_client):
    condition = factories.ConditionFactory(reviewed=True, overview=TYPED, status="archived")  # read-only for editors
    factories.TreatmentStepFactory(condition=condition, body="Ice it **often**.")
    response = editor_client.get(admin_url("condition", "change", condition.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>two days</strong>" in html
    assert "<strong>often</strong>" in html
    assert "**" not in html
    assert "<script>alert(1)" not in html
    # With the field's own label and help, as on an editable page.
    assert re.search(r"<label[^>]*>Overview:?</label>", html)


def test_staff_who_may_edit_get_the_markdown_itself(reviewer_client):
    condition = factories.ConditionFactory(reviewed=True, overview="Rest for **two days**.")
    html = reviewer_client.get(admin_url("condition", "change", condition.pk)).content.decode()
    assert "Rest for **two days**." in html
    assert "<strong>two days</strong>" not in html
