"""The starter library and ``load_ankle_starter_content``."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from ankle_education import models
from ankle_education.checklist import signs_for
from ankle_education.starter_content import loader
from ankle_education.starter_content.entries import Library
from ankle_education.starter_content.library import STARTER_LIBRARY
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

PUBLISHABLE = (models.Category, models.Condition, models.PreventionTip, models.TreatmentTier, models.WarningSign)
ALL_MODELS = (
    *PUBLISHABLE,
    models.Source,
    models.TreatmentStep,
    models.ConditionWarningSign,
    models.ConditionSource,
    models.PreventionTip.conditions.through,
    models.PreventionTip.sources.through,
    models.TreatmentTier.sources.through,
    models.WarningSign.sources.through,
    models.StarterContentRecord,
)
ARTICLE_RUNS = Path(__file__).resolve().parent / "data" / "article-six-word-runs.txt"


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_ankle_starter_content", *args, stdout=out)
    return out.getvalue()


def dump() -> dict[str, list[dict]]:
    """Every row of every table the loader touches, with every field (updated_at included)."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in ALL_MODELS}


def condition(slug: str) -> models.Condition:
    return models.Condition.objects.get(slug=slug)


def sign(key: str) -> models.WarningSign:
    record = models.StarterContentRecord.objects.get(model="ankle_education.warningsign", key=key)
    return models.WarningSign.objects.get(pk=record.object_id)


def with_condition(slug: str, **changes: object) -> Library:
    """The starter library with one condition's entry changed."""
    conditions = tuple(
        dataclasses.replace(entry, **changes) if entry.slug == slug else entry for entry in STARTER_LIBRARY.conditions
    )
    return dataclasses.replace(STARTER_LIBRARY, conditions=conditions)


def test_loads_the_whole_library_in_review_and_never_reviewed():
    output = load()

    counts = {model._meta.label: model.objects.count() for model in ALL_MODELS}
    assert counts["ankle_education.Category"] == 5
    assert counts["ankle_education.Condition"] == 9
    assert counts["ankle_education.PreventionTip"] == 5
    assert counts["ankle_education.TreatmentTier"] == 4
    assert counts["ankle_education.WarningSign"] == len(STARTER_LIBRARY.warning_signs)
    assert counts["ankle_education.Source"] == len(STARTER_LIBRARY.sources)
    assert counts["ankle_education.TreatmentStep"] == sum(len(c.treatment) for c in STARTER_LIBRARY.conditions)
    for model in PUBLISHABLE:
        rows = model.objects.all()
        assert {row.status for row in rows} == {models.Status.IN_REVIEW}
        assert all(row.published_at is None for row in rows)
        assert model.objects.never_reviewed().count() == rows.count()
        assert not rows.exclude(reviewed_by="").exists()
        assert not model.objects.published().exists()
    assert "conditions: 9 created, 0 updated, 0 unchanged, 0 skipped" in output
    assert "in review" in output


def test_publish_puts_everything_live_still_unreviewed():
    output = load("--publish")

    for model in PUBLISHABLE:
        assert model.objects.published().count() == model.objects.count() > 0
        assert not model.objects.filter(published_at__isnull=True).exists()
        assert model.objects.never_reviewed().count() == model.objects.count()
    assert "published" in output


@pytest.mark.parametrize("args", [(), ("--publish",)])
def test_a_second_run_changes_nothing(args):
    load(*args)
    before = dump()

    output = load(*args)

    assert dump() == before
    assert " 0 created, 0 updated" in output
    assert not re.search(r"[1-9]\d* (created|updated)", output)
    assert "Skipped" not in output


def test_publish_after_a_review_load_publishes_untouched_rows_and_a_plain_run_never_unpublishes():
    load()
    load("--publish")
    assert models.Condition.objects.published().count() == 9

    before = dump()
    load()

    assert dump() == before


def test_untouched_rows_follow_changed_starter_data():
    load()
    sprain = condition("ankle-sprain")
    library = with_condition(
        "ankle-sprain",
        summary="A new summary.",
        treatment={"self-care": "New home care.", "physical-therapy": "New therapy."},
        warning_signs=("unstable",),
    )

    output = loader.load_starter_content(library=library).lines()

    sprain.refresh_from_db()
    assert sprain.summary == "A new summary."
    assert sorted(sprain.treatment_steps.values_list("tier__slug", "body")) == [
        ("physical-therapy", "New therapy."),
        ("self-care", "New home care."),
    ]
    assert list(sprain.warning_signs.all()) == [sign("unstable")]
    assert "  conditions: 0 created, 1 updated, 8 unchanged, 0 skipped" in output
    # And the new text is now "as loaded": the next run leaves it alone.
    assert "  conditions: 0 created, 0 updated, 9 unchanged, 0 skipped" in loader.load_starter_content(
        library=library
    ).lines()


def test_staff_edits_are_never_overwritten_and_are_listed():
    load()
    edited = condition("achilles-tendinitis")
    edited.summary = "Our physiotherapists' own summary."
    edited.save()
    reviewed = models.PreventionTip.objects.get(slug="running-surface")
    reviewed.reviewed_by = "Dr Ana Silva, DPT"
    reviewed.save()
    step = condition("stress-fracture").treatment_steps.get(tier__slug="self-care")
    step.body = "Our own advice."
    step.save()
    deleted = sign("faint-or-sick-from-pain")
    deleted.delete()
    library = dataclasses.replace(
        STARTER_LIBRARY,
        conditions=tuple(
            dataclasses.replace(entry, summary="Changed upstream.") for entry in STARTER_LIBRARY.conditions
        ),
    )

    lines = loader.load_starter_content(library=library).lines()

    edited.refresh_from_db()
    assert edited.summary == "Our physiotherapists' own summary."
    assert condition("stress-fracture").summary != "Changed upstream."
    assert condition("stress-fracture").treatment_steps.get(tier__slug="self-care").body == "Our own advice."
    assert condition("ankle-sprain").summary == "Changed upstream."
    assert models.PreventionTip.objects.get(slug="running-surface").reviewed_by == "Dr Ana Silva, DPT"
    assert not models.WarningSign.objects.filter(text=deleted.text).exists()
    assert "  conditions: 0 created, 7 updated, 0 unchanged, 2 skipped" in lines
    assert "  condition achilles-tendinitis: changed by staff since it was loaded" in lines
    assert "  condition stress-fracture: changed by staff since it was loaded" in lines
    assert "  prevention tip running-surface: changed by staff since it was loaded" in lines
    assert "  warning sign faint-or-sick-from-pain: deleted since it was loaded" in lines


def test_staff_publishing_a_row_protects_it_from_later_runs():
    load()
    published = condition("muscle-strain")
    published.publish()
    published.save()

    output = load("--publish")

    assert "condition muscle-strain: changed by staff since it was loaded" in output
    published_at = published.published_at
    published.refresh_from_db()
    assert published.published_at == published_at


def test_a_row_staff_made_before_the_first_run_is_left_alone_and_used():
    own = CategoryFactory(slug="overuse-injuries", name="Our overuse page", draft=True)

    output = load()

    own.refresh_from_db()
    assert own.name == "Our overuse page"
    assert own.status == models.Status.DRAFT
    assert condition("stress-fracture").category == own
    assert "cause category overuse-injuries: already exists and was not loaded by this command" in output


def test_a_failure_part_way_leaves_the_database_untouched():
    with mock.patch.object(loader, "_write_steps", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            load()

    assert all(not model.objects.exists() for model in ALL_MODELS)


def test_every_row_passes_model_validation():
    load()

    for model in (*PUBLISHABLE, models.Source, models.TreatmentStep):
        for row in model.objects.all():
            row.full_clean()


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


# The level of every starter sign, as DESIGN.md ("Urgency") places it; a change here is a clinical decision.
SIGN_LEVELS = {
    "misshapen-or-bone-showing": "emergency",
    "numb-cold-or-discoloured": "emergency",
    "breathless-or-chest-pain": "emergency",
    "faint-or-sick-from-pain": "emergency",
    "fever-and-very-unwell": "emergency",
    # One level above DESIGN.md's "urgent": NHS says 999, and surgery is needed within hours.
    "tight-hard-leg-or-pain-out-of-proportion": "emergency",
    "cannot-bear-weight": "urgent",
    "heard-a-crack": "urgent",
    "snap-or-kick-at-back-of-heel": "urgent",
    "red-hot-or-fever": "urgent",
    "one-calf-painful-or-swollen": "urgent",
    "cannot-stand-on-tiptoe": "urgent",
    "ottawa-bone-tenderness": "urgent",
    "ottawa-foot-bone-tenderness": "urgent",
    "pain-at-rest-or-night": "routine",
    "sore-spot-on-bone": "routine",
    "tingling": "routine",
    "diabetes-and-foot-pain": "routine",
    "a-lot-of-swelling-or-bruising": "routine",
    "swelling-not-going-down": "routine",
    "not-better-after-a-week": "routine",
    "worse-with-activity": "routine",
    "unstable": "routine",
    "keeps-getting-hurt": "routine",
    "heel-pain-not-better-after-2-weeks": "routine",
}


def test_every_starter_sign_is_at_its_level_and_names_its_sources():
    load()
    assert {entry.key: entry.urgency for entry in STARTER_LIBRARY.warning_signs} == SIGN_LEVELS
    for key, urgency in SIGN_LEVELS.items():
        row = sign(key)
        assert row.urgency == urgency, key
        assert row.explanation, key
        assert row.sources.exists(), key


@pytest.mark.parametrize("words", [(" and ",), ("blue",), ("severe",), ("Your ankle is swollen",), ("bruised",)])
def test_no_sign_needs_two_things_where_either_alone_matters(words):
    """"Any of" wording: no "A and B" where either alone matters, "discolored" not "blue", no "severe"."""
    # Where "and" joins what only matters together: pain with diabetes, a fever with feeling very
    # unwell (a fever alone is its own urgent sign), a tight, hard leg with pain out of proportion,
    # a calf that throbs with warm or red skin, a red and hot ankle (a fresh sprain is warm).
    allowed = {
        "diabetes-and-foot-pain",
        "fever-and-very-unwell",
        "tight-hard-leg-or-pain-out-of-proportion",
        "one-calf-painful-or-swollen",
        "red-hot-or-fever",
    }
    for entry in STARTER_LIBRARY.warning_signs:
        if entry.key in allowed and words == (" and ",):
            continue
        # Set phrases, not two signs: "pins and needles", "comes and goes".
        text = entry.text.replace("pins and needles", "tingling").replace("comes and goes", "comes")
        assert not all(word in text for word in words), entry.text


def test_the_sources_between_them_back_every_sign_level():
    keys = {entry.key for entry in STARTER_LIBRARY.sources}
    for entry in STARTER_LIBRARY.warning_signs:
        assert entry.sources and set(entry.sources) <= keys, entry.key
    by_key = {entry.key: entry for entry in STARTER_LIBRARY.warning_signs}
    # Blood clot and infection signs cite the pages that name them.
    assert "nhs-dvt" in by_key["one-calf-painful-or-swollen"].sources
    assert "nhs-dvt" in by_key["breathless-or-chest-pain"].sources
    assert "mayo-ankle-pain" in by_key["red-hot-or-fever"].sources
    assert "mdcalc-ottawa-ankle-rule" in by_key["ottawa-bone-tenderness"].sources


def test_a_crack_linked_to_three_conditions_by_an_earlier_version_becomes_general():
    """Rows loaded before heard-a-crack applied to every condition follow the new data."""
    old_crack = [
        dataclasses.replace(entry, applies_to_all_conditions=False) if entry.key == "heard-a-crack" else entry
        for entry in STARTER_LIBRARY.warning_signs
    ]
    linked = ("ankle-sprain", "muscle-strain", "chronic-ankle-instability")
    old = dataclasses.replace(
        STARTER_LIBRARY,
        warning_signs=tuple(old_crack),
        conditions=tuple(
            dataclasses.replace(entry, warning_signs=("heard-a-crack",)) if entry.slug in linked else entry
            for entry in STARTER_LIBRARY.conditions
        ),
    )
    loader.load_starter_content(library=old, publish=True)
    assert sign("heard-a-crack") not in signs_for()

    load("--publish")

    assert sign("heard-a-crack") in signs_for()
    assert not sign("heard-a-crack").conditions.exists()


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
        ],
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
        for entry in _entries()
        for value in _texts(dataclasses.asdict(entry))
    )

    assert len(article) > 500
    assert not article & _hashed_shingles(ours)


def test_the_article_check_catches_a_copied_sentence():
    copied = "Follow the 10% rule, don't increase your weekly mileage by more than 10% from the previous week."
    assert set(ARTICLE_RUNS.read_text().split()) & _hashed_shingles(copied)


def _hashed_shingles(text: str) -> set[str]:
    return {hashlib.sha256(" ".join(run).encode()).hexdigest()[:20] for run in _shingles(text)}


def _entries() -> list[object]:
    return [
        entry
        for f in dataclasses.fields(STARTER_LIBRARY)
        for entry in getattr(STARTER_LIBRARY, f.name)
        if dataclasses.is_dataclass(entry)
    ]


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


def test_loader_records_every_row_it_owns():
    load()

    recorded = models.StarterContentRecord.objects.values_list("model", flat=True)

    loaded = (*PUBLISHABLE, models.Source)
    assert sorted(set(recorded)) == sorted(model._meta.label_lower for model in loaded)
    assert len(recorded) == len(_entries())


def first_library() -> Library:
    """The library as the first version shipped it: its signs, and conditions with no signs of their own."""
    from tests.data.first_starter_signs import FIRST_WARNING_SIGNS

    return dataclasses.replace(
        STARTER_LIBRARY,
        warning_signs=FIRST_WARNING_SIGNS,
        conditions=tuple(dataclasses.replace(entry, warning_signs=()) for entry in STARTER_LIBRARY.conditions),
        renamed_warning_signs={},
        retired_warning_signs=(),
    )


@pytest.mark.parametrize(
    ("args", "new_status"), [((), models.Status.IN_REVIEW), (("--publish",), models.Status.PUBLISHED)]
)
def test_a_site_with_the_first_library_gets_a_clean_upgrade(args, new_status):
    loader.load_starter_content(library=first_library(), publish=True)
    first = {key: sign(key).pk for key in ("cannot-bear-weight", "numb-cold-or-blue", "swollen", "unstable")}
    edited = sign("bruised")
    edited.text = "Your ankle is badly bruised"  # staff's own wording: theirs to keep
    edited.save()

    output = load(*args)

    # Untouched rows take the new wording and level, and stay live.
    weight = sign("cannot-bear-weight")
    assert (weight.pk, weight.urgency, weight.status) == (first["cannot-bear-weight"], "urgent", models.Status.PUBLISHED)
    # A renamed sign keeps its row.
    discoloured = sign("numb-cold-or-discoloured")
    assert discoloured.pk == first["numb-cold-or-blue"] and "pale or gray" in discoloured.text
    assert discoloured.sources.exists()
    # New signs arrive in review (as a real site runs the command), or live with --publish (the demo).
    for key in ("breathless-or-chest-pain", "one-calf-painful-or-swollen", "sore-spot-on-bone"):
        assert sign(key).status == new_status, key
    # Dropped signs are archived where untouched; staff's edited one is kept and named.
    assert models.WarningSign.objects.get(pk=first["swollen"]).status == models.Status.ARCHIVED
    assert models.WarningSign.objects.get(pk=edited.pk).text == "Your ankle is badly bruised"
    assert models.WarningSign.objects.get(pk=edited.pk).status == models.Status.PUBLISHED
    # Conditions still as loaded get their own signs.
    assert sign("ottawa-foot-bone-tenderness") in condition("ankle-sprain").warning_signs.all()

    assert "  warning sign cannot-bear-weight: updated (text, explanation, urgency, order, sources)" in output
    in_review = " (in review: publish it after a clinical review)" if new_status == models.Status.IN_REVIEW else ""
    assert f"  warning sign breathless-or-chest-pain: new{in_review}\n" in output
    assert "  warning sign swollen: archived, the starter library no longer has it" in output
    assert "  warning sign bruised: dropped from the starter library, but changed by staff: review it" in output
    assert "  warning signs: 13 created, 12 updated, 2 archived, 0 unchanged, 1 skipped" in output

    before = dump()
    load(*args)
    assert dump() == before
