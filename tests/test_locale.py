"""Translation catalogues: shipped compiled, up to date with the code, and saying each country's words."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from ankle_education.answers import answer_for, urgent_care_place
from ankle_education.urgency import Level
from tests.factories import WarningSignFactory

PACKAGE = Path(__file__).resolve().parent.parent / "ankle_education"
LANGUAGES = ("en", "en_GB")
MAKEMESSAGES = ["makemessages", "-l", "en", "-l", "en_GB", "--no-location", "--no-obsolete"]  # as `make messages`


def catalogue(root: Path, language: str, suffix: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"


def django_admin(root: Path, *args: str) -> None:
    env = {"PYTHONPATH": f"{PACKAGE.parent}:{PACKAGE.parent / 'example_project'}",
           "DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "django", *args], cwd=root, env=env, check=True, capture_output=True)


def without_creation_date(po: str) -> str:
    return re.sub(r'^"POT-Creation-Date: .*\n', "", po, flags=re.MULTILINE)


@pytest.fixture
def package_copy(tmp_path) -> Path:
    copy = tmp_path / "ankle_education"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_catalogues_are_up_to_date_with_the_code(package_copy):
    """`make messages` would change nothing: every translatable string is in both catalogues."""
    django_admin(package_copy, *MAKEMESSAGES)
    for language in LANGUAGES:
        shipped = catalogue(PACKAGE, language, "po").read_text(encoding="utf-8")
        fresh = catalogue(package_copy, language, "po").read_text(encoding="utf-8")
        assert without_creation_date(fresh) == without_creation_date(shipped), f"run `make messages` ({language})"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_a_guess(language):
    """gettext leaves fuzzy entries (msgmerge's guesses after a string changed) out of the .mo: the
    page would silently fall back to US words."""
    assert "#, fuzzy" not in catalogue(PACKAGE, language, "po").read_text(encoding="utf-8")


def test_compiled_catalogues_match_their_sources(package_copy):
    for language in LANGUAGES:
        catalogue(package_copy, language, "mo").unlink()
    django_admin(package_copy, "compilemessages")
    for language in LANGUAGES:
        assert catalogue(package_copy, language, "mo").read_bytes() == catalogue(PACKAGE, language, "mo").read_bytes()


def test_the_catalogue_check_notices_a_string_added_to_the_code(package_copy):
    (package_copy / "extra.py").write_text('from django.utils.translation import gettext\ngettext("A new string")\n')
    django_admin(package_copy, *MAKEMESSAGES)
    assert 'msgid "A new string"' in catalogue(package_copy, "en_GB", "po").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("language", "number", "emergency", "urgent_place", "routine"),
    [
        ("en", "911", "Call 911 or go to the emergency department now", "an urgent care center",
         "physical therapist"),
        ("en-gb", "999", "Call 999 or go to A&E now", "an urgent treatment centre, or call 111", "physiotherapist"),
    ],
)
def test_each_country_gets_its_own_words(settings, language, number, emergency, urgent_place, routine):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EMERGENCY_NUMBER": number}
    with translation.override(language):
        assert answer_for(Level.EMERGENCY).heading == emergency
        assert urgent_care_place() == urgent_place
        assert routine in answer_for(Level.ROUTINE).explanation


@pytest.mark.django_db
def test_a_uk_clinic_emergency_answer_says_999_and_a_and_e(client, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EMERGENCY_NUMBER": "999"}
    sign = WarningSignFactory(urgency="emergency")
    with override_settings(LANGUAGE_CODE="en-gb", LANGUAGES=[("en-gb", "English (UK)")]):
        html = client.post("/patient-education/ankle/seek-help/", {"checklist": "1", "sign": [str(sign.pk)]}).content.decode()
    assert "Call 999 or go to A&amp;E now</h1>" in html
    assert '<a class="ankle-action__link" href="tel:999">Call 999</a>' in html
    assert "911" not in html
    assert "emergency department" not in html


@pytest.mark.django_db
def test_a_uk_clinic_self_care_answer_says_paracetamol_and_celsius_first(client):
    WarningSignFactory()
    with override_settings(LANGUAGE_CODE="en-gb", LANGUAGES=[("en-gb", "English (UK)")]):
        html = client.post("/patient-education/ankle/seek-help/", {"checklist": "1", "none": "1"}).content.decode()
    assert "paracetamol" in html
    assert "acetaminophen" not in html
    assert "37.8°C (100°F)" in html
