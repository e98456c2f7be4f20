"""A host whose base template has other block names overrides one file, as the README shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).resolve().parent
README = TESTS.parent / "README.md"


def readme_override() -> str:
    """The README's example ankle_education/base.html, exactly as a host would copy it."""
    text = README.read_text()
    start = text.index("{# templates/ankle_education/base.html #}")
    return text[start : text.index("```", start)]


def test_the_readme_override_fits_a_wagtail_style_base_template(client, settings, tmp_path):
    """The README's override of ankle_education/base.html, for Wagtail's starter block names."""
    (tmp_path / "ankle_education").mkdir()
    (tmp_path / "ankle_education" / "base.html").write_text(readme_override())
    # tests/templates has wagtail_base.html: the block names of Wagtail's starter base.html.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, TESTS / "templates"]}]
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "BASE_TEMPLATE": "wagtail_base.html"}
    condition = ConditionFactory(name="Ankle sprain", summary="A stretched or torn ligament.")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "<title>Ankle sprain - Riverside Running Clinic</title>" in " ".join(html.split())
    assert '<meta name="description" content="A stretched or torn ligament.">' in html
    assert 'href="/static/ankle_education/ankle_education.css"' in html
    assert "<h1>Ankle sprain</h1>" in html
