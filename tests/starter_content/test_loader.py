"""The loader (starter_content/loader.py) run by ``load_ankle_starter_content``: in review by default,
never overwriting staff's work, all or nothing, and a clean upgrade from the first library."""

from __future__ import annotations

import dataclasses
import datetime
import re
from unittest import mock

import pytest
from django.core.management import CommandError
from django.utils import timezone

from ankle_education import comparison, models, publishing, versions, workflow
from ankle_education.checklist import signs_for
from ankle_education.starter_content import loader
from ankle_education.starter_content.entries import Library
from ankle_education.starter_content.library import STARTER_LIBRARY
from tests.factories import CategoryFactory
from tests.starter_content.helpers import ALL_MODELS, PUBLISHABLE, all_entries, condition, dump, load, sign

pytestmark = pytest.mark.django_db


def with_condition(slug: str, **changes: object) -> Library:
    """The starter library with one condition's entry changed."""
    conditions = tuple(
        dataclasses.replace(entry, **changes) if entry.slug == slug else entry for entry in STARTER_LIBRARY.conditions
    )
    return dataclasses.replace(STARTER_LIBRARY, conditions=conditions)


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
    with mock.patch.object(loader, "_write_steps", side_effect=RuntimeError("disk full")), pytest.raises(
        RuntimeError, match="disk full"
    ):
        load()

    assert all(not model.objects.exists() for model in ALL_MODELS)


def test_every_row_passes_model_validation():
    load()

    for model in (*PUBLISHABLE, models.Source, models.TreatmentStep):
        for row in model.objects.all():
            row.full_clean()


def test_loader_records_every_row_it_owns():
    load()

    recorded = models.StarterContentRecord.objects.values_list("model", flat=True)

    loaded = (*PUBLISHABLE, models.Source)
    assert sorted(set(recorded)) == sorted(model._meta.label_lower for model in loaded)
    assert len(recorded) == len(all_entries())


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
    assert discoloured.pk == first["numb-cold-or-blue"]
    assert "pale or gray" in discoloured.text
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


def test_demo_review_publishes_with_a_current_review_clearly_marked_as_a_demo():
    output = load("--publish", "--demo-review")

    today = timezone.localdate()
    for model in PUBLISHABLE:
        rows = list(model.objects.all())
        assert {row.status for row in rows} == {models.Status.PUBLISHED}
        assert {(row.last_reviewed, row.reviewed_by) for row in rows} == {(today, loader.DEMO_REVIEWER)}
        # So every demo page can be edited and saved: the admin refuses a published page without a current review.
        assert [publishing.review_errors(row.last_reviewed, row.next_review_due, row.reviewed_by) for row in rows] == [
            {}
        ] * len(rows)
    assert loader.DEMO_REVIEWER == "Example reviewer, for demonstration"
    assert "demo review" in output


def test_demo_review_goes_only_with_publish():
    with pytest.raises(CommandError, match="--publish"):
        load("--demo-review")
    assert not models.Condition.objects.exists()


@pytest.mark.parametrize("days_later", [0, 30])
def test_a_second_demo_run_changes_nothing_while_the_demo_review_is_current(days_later):
    load("--publish", "--demo-review")
    before = dump()

    later = timezone.localdate() + datetime.timedelta(days=days_later)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        output = load("--publish", "--demo-review")

    assert dump() == before
    assert not re.search(r"[1-9]\d* (created|updated)", output)


def test_a_demo_review_that_fell_due_is_renewed():
    load("--publish", "--demo-review")
    later = timezone.localdate() + datetime.timedelta(days=400)

    with mock.patch("django.utils.timezone.localdate", return_value=later):
        load("--publish", "--demo-review")

    assert set(models.Condition.objects.values_list("last_reviewed", flat=True)) == {later}


def test_demo_review_reaches_an_earlier_demo_load_but_never_staff_reviews_and_a_plain_run_keeps_it():
    load("--publish")
    own = condition("ankle-sprain")
    own.reviewed_by = "Dr Ana Silva, DPT"
    own.save()

    load("--publish", "--demo-review")
    assert condition("stress-fracture").reviewed_by == loader.DEMO_REVIEWER
    assert condition("ankle-sprain").reviewed_by == "Dr Ana Silva, DPT"

    before = dump()
    load()
    assert dump() == before


def load_as_before_also_called() -> None:
    """What a site ran before conditions had "also called" terms: the loader without the field."""
    earlier_fields = tuple(name for name in loader.CONDITION_FIELDS if name != "also_called")
    with mock.patch.object(loader, "CONDITION_FIELDS", earlier_fields):
        load("--publish")


def test_loads_each_conditions_also_called_terms():
    load()

    assert {entry.slug: condition(entry.slug).also_called for entry in STARTER_LIBRARY.conditions} == {
        entry.slug: entry.also_called for entry in STARTER_LIBRARY.conditions
    }


def test_an_upgrade_brings_also_called_terms_to_conditions_loaded_before_them():
    load_as_before_also_called()
    assert not models.Condition.objects.exclude(also_called="").exists()

    output = load()

    assert all(condition(entry.slug).also_called == entry.also_called for entry in STARTER_LIBRARY.conditions)
    assert "  conditions: 0 created, 9 updated, 0 unchanged, 0 skipped" in output
    assert "  condition ankle-sprain: updated (also_called)" in output
    assert condition("ankle-sprain").status == models.Status.PUBLISHED


def test_an_upgrade_keeps_also_called_terms_staff_wrote_before_it():
    load_as_before_also_called()
    models.Condition.objects.filter(slug="ankle-sprain").update(also_called="turned ankle")

    output = load()

    assert condition("ankle-sprain").also_called == "turned ankle"
    assert "  condition ankle-sprain: changed by staff since it was loaded" in output
    assert "  conditions: 0 created, 8 updated, 0 unchanged, 1 skipped" in output


# Versions ------------------------------------------------------------------------------------


def test_the_loader_records_a_version_of_everything_it_loads_and_none_when_nothing_changes():
    load()
    for model in PUBLISHABLE:
        for row in model.objects.all():
            current = versions.current_version(row)
            assert current is not None, row
            assert (current.action, current.status, current.content_hash) == (
                models.Version.Action.LOADED, row.status, versions.content_hash(versions.snapshot(row))
            )  # fmt: skip
    count = models.Version.objects.count()
    assert count == sum(model.objects.count() for model in PUBLISHABLE)
    load()
    assert models.Version.objects.count() == count


def test_a_first_edit_after_loading_compares_with_what_was_loaded(reviewer_user):
    load()
    sprain = condition("ankle-sprain")
    loaded = versions.current_version(sprain)
    workflow.record_review(sprain, "Dr Ana Silva, DPT", reviewer_user)
    workflow.publish_all([sprain], reviewer_user)
    sprain.refresh_from_db()
    previous = versions.current_version(sprain)
    data = versions.snapshot(sprain)
    data["fields"]["overview"] = "Changed by staff."
    workflow.save_change(sprain, previous, data=data, status=models.Status.IN_REVIEW,
                         posted=versions.Review.of_version(previous), user=reviewer_user)  # fmt: skip
    change = comparison.compare(models.Condition, loaded.data, versions.pending_version(sprain).data)
    assert [field.label for field in change.fields] == ["Overview"]
    assert "<ins>Changed by staff.</ins>" in change.fields[0].diff
