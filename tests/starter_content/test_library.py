"""The starter library (starter_content/library.py) as loaded: complete pages, specifics kept, in our own words,
and every public page rendering once it is published."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from ankle_education import models
from ankle_education.checklist import signs_for
from ankle_education.starter_content.library import STARTER_LIBRARY
from tests.starter_content.helpers import all_entries, load, sign

pytestmark = pytest.mark.django_db


ARTICLE_RUNS = Path(__file__).resolve().parents[1] / "data" / "article-six-word-runs.txt"


def _hashed_shingles(text: str) -> set[str]:
    return {hashlib.sha256(" ".join(run).encode()).hexdigest()[:20] for run in _shingles(text)}


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts(item)]
    return []


def _shingles(text: str, size: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9%]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _public_urls() -> list[str]:
    """Every public page of the library that this version of the app routes."""
    pages: list[tuple[str, dict[str, str]]] = [
        ("ankle_education:hub", {}),
        ("ankle_education:condition_list", {}),
        ("ankle_education:prevention_list", {}),
        ("ankle_education:treatment", {}),
        ("ankle_education:seek_help", {}),
    ]
    pages += [("ankle_education:category", {"slug": c.slug}) for c in STARTER_LIBRARY.categories]
    for entry in STARTER_LIBRARY.conditions:
        pages += [
            ("ankle_education:condition", {"slug": entry.slug}),
            ("ankle_education:condition_seek_help", {"slug": entry.slug}),
        ]
    pages += [("ankle_education:prevention_tip", {"slug": t.slug}) for t in STARTER_LIBRARY.tips]
    urls = []
    for name, kwargs in pages:
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return urls


def test_every_condition_has_treatment_a_tip_a_source_and_its_checklist():
    load("--publish")
    general = list(models.WarningSign.objects.filter(applies_to_all_conditions=True).order_by("order", "pk"))
    # The general checklist uses every level a sign can have (DESIGN.md, "Urgency").
    assert {s.urgency for s in general} == {"routine", "urgent", "emergency"}
    assert list(signs_for()) == general

    own_keys = {entry.slug: entry.warning_signs for entry in STARTER_LIBRARY.conditions}
    for row in models.Condition.objects.all():
        assert row.treatment_steps.exists(), row
        assert row.prevention_tips.exists(), row
        assert row.sources.exists(), row
        own = [sign(key) for key in own_keys[row.slug]]
        assert all(not s.applies_to_all_conditions for s in own)
        assert sorted(signs_for(row), key=lambda s: (s.order, s.pk)) == sorted(
            [*general, *own], key=lambda s: (s.order, s.pk)
        ), row
    # Where the clinical sources name signs of one condition, its checklist has them.
    assert {slug for slug, keys in own_keys.items() if keys} == {"stress-fracture", "ankle-sprain", "plantar-fasciitis"}
    # The Achilles tear signs (a snap or kick, no tiptoe) are on every checklist: a tear is often
    # taken for a calf strain.
    assert sign("cannot-stand-on-tiptoe").applies_to_all_conditions
    assert sign("snap-or-kick-at-back-of-heel").applies_to_all_conditions


def test_the_treatment_ladder_has_four_tiers_each_saying_when_to_move_up():
    load()

    tiers = list(models.TreatmentTier.objects.order_by("order"))

    assert [t.slug for t in tiers] == ["self-care", "physical-therapy", "medical-evaluation", "advanced-treatment"]
    assert all(t.when_to_move_up for t in tiers[:-1])
    assert tiers[-1].when_to_move_up == ""
    for tier, facts in zip(
        tiers,
        [
            ("Rest", "Ice", "Compression", "Elevation", "ibuprofen", "anti-inflammatory"),
            ("exercises", "balance"),
            ("X-ray", "MRI"),
            ("cortisone", "Surgery"),
        ], strict=False,
    ):
        assert all(fact in tier.body for fact in facts), tier


def test_the_five_prevention_tips_carry_their_specifics():
    load()
    text = {
        tip.slug: " ".join(f"{tip.summary} {tip.body}".replace("**", "").split())
        for tip in models.PreventionTip.objects.all()
    }

    warm_up = text["warm-up-and-cool-down"].lower()
    assert all(s in warm_up for s in ("dynamic warm-up", "static stretches", "calves", "ankles", "feet"))
    assert "10%" in text["build-up-gradually"]
    assert all(s in text["strength-and-flexibility"] for s in ("Calf raises", "Resistance band", "one leg"))
    assert all(s in text["choose-and-replace-running-shoes"] for s in ("gait", "foot type", "300 to 500 miles"))
    assert all(s in text["running-surface"] for s in ("softer", "uneven"))


def test_each_source_is_stored_with_its_address_and_date():
    load()

    urls = set(models.Source.objects.values_list("url", flat=True))

    assert {
        "https://www.nhs.uk/conditions/sprains-and-strains/",
        "https://www.mayoclinic.org/symptoms/ankle-pain/basics/when-to-see-doctor/sym-20050796",
        "https://www.mdcalc.com/calc/1670/ottawa-ankle-rule",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6334864/",
    } <= urls
    assert set(models.Source.objects.values_list("accessed_on", flat=True)) == {STARTER_LIBRARY.sources[0].accessed_on}


def test_the_library_is_in_our_own_words():
    """No run of six words from the source article appears anywhere in the library.

    The article is not ours to ship, so the repository holds only hashes of its six-word runs
    (tests/data/article-six-word-runs.txt, made with ``_hashed_shingles`` from the article in
    shared/seed/ankle-pain-after-running.txt).
    """
    article = set(ARTICLE_RUNS.read_text().split())
    ours = "\n".join(
        str(value)
        for entry in all_entries()
        for value in _texts(dataclasses.asdict(entry))
    )

    assert len(article) > 500
    assert not article & _hashed_shingles(ours)


def test_the_article_check_catches_a_copied_sentence():
    copied = "Follow the 10% rule, don't increase your weekly mileage by more than 10% from the previous week."
    assert set(ARTICLE_RUNS.read_text().split()) & _hashed_shingles(copied)


def test_every_public_page_renders_after_publish(client):
    load("--publish")
    urls = _public_urls()
    assert len(urls) >= 1 + len(STARTER_LIBRARY.categories) + len(STARTER_LIBRARY.conditions)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url

    hub = client.get(reverse("ankle_education:hub")).content.decode()
    assert all(entry.name in hub for entry in STARTER_LIBRARY.conditions)


def test_nothing_is_public_without_publish(client):
    load()

    response = client.get(reverse("ankle_education:condition", kwargs={"slug": "ankle-sprain"}))

    assert response.status_code == 404


def test_every_condition_has_a_few_lay_names_patients_search_for():
    max_length = models.Condition._meta.get_field("also_called").max_length
    for entry in STARTER_LIBRARY.conditions:
        terms = [term.strip() for term in entry.also_called.split(",")]
        assert 2 <= len(terms) <= 5, entry.slug
        assert all(terms), entry.slug
        assert entry.name.lower() not in {term.lower() for term in terms}, entry.slug
        assert len(entry.also_called) <= max_length, entry.slug
