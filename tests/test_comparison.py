"""Comparing two snapshots of content: what the admin's "compare with live" page shows."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ankle_education import versions
from ankle_education.comparison import Comparison, FieldChange, PartChange, RowChange, compare, word_diff
from ankle_education.models import Condition, PreventionTip, WarningSign
from ankle_education.urgency import Level
from tests.factories import (
    CategoryFactory,
    ConditionFactory,
    ConditionSourceFactory,
    ConditionWarningSignFactory,
    PreventionTipFactory,
    SourceFactory,
    TreatmentStepFactory,
    TreatmentTierFactory,
    WarningSignFactory,
)

pytestmark = pytest.mark.django_db

SIGNS = "ankle_education.conditionwarningsign"
STEPS = "ankle_education.treatmentstep"


def edited(obj, **values) -> tuple[dict, dict]:
    """Snapshots of ``obj`` before and after saving ``values`` to it."""
    old = versions.snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    return old, versions.snapshot(obj)


def part(comparison: Comparison, label: str) -> PartChange:
    (found,) = [change for change in comparison.parts if change.label == label]
    return found


# Fields -------------------------------------------------------------------------------


def test_a_text_field_diff_marks_exactly_the_changed_words():
    condition = ConditionFactory(overview="Rest the ankle for two days, then walk.")
    old, new = edited(condition, overview="Rest the ankle for three days, then walk.")

    comparison = compare(Condition, old, new)

    assert comparison.fields == [
        FieldChange(
            "Overview",
            "Rest the ankle for two days, then walk.",
            "Rest the ankle for three days, then walk.",
            "Rest the ankle for <del>two</del><ins>three</ins> days, then walk.",
        )
    ]
    assert comparison.parts == []


def test_words_taken_out_and_put_in_are_marked_apart():
    assert word_diff("ice the ankle", "ice ankle") == "ice <del>the</del> ankle"
    assert word_diff("ice the ankle", "ice the ankle gently") == "ice the ankle <ins>gently</ins>"
    # Words are compared, not the spaces between them: the new spacing shows as it is.
    assert word_diff("ice the ankle", "ice the  ankle") == "ice the  ankle"
    assert word_diff("", "new words") == "<ins>new words</ins>"
    assert word_diff("old words", "") == "<del>old words</del>"


def test_only_the_fields_that_differ_are_listed_with_their_verbose_names():
    condition = ConditionFactory(name="Sprain", also_called="")
    old, new = edited(condition, name="Ankle sprain", also_called="rolled ankle")

    assert [(f.label, f.old_text, f.new_text) for f in compare(Condition, old, new).fields] == [
        ("Name", "Sprain", "Ankle sprain"),
        ("Also called", "", "rolled ankle"),
    ]


def test_text_is_escaped_in_the_diff():
    condition = ConditionFactory(summary="Pain <b>here</b>.")
    old, new = edited(condition, summary="Pain <b>here</b>. <script>alert(1)</script>")

    (change,) = compare(Condition, old, new).fields

    assert "<script>" not in change.diff
    assert "<b>" not in change.diff
    assert change.diff == "Pain &lt;b&gt;here&lt;/b&gt;. <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"
    assert change.new_text == "Pain <b>here</b>. <script>alert(1)</script>"  # plain text: the template escapes it


def test_a_foreign_key_shows_the_names_of_what_it_points_to():
    before, after = CategoryFactory(name="Overuse <injuries>"), CategoryFactory(name="Footwear")
    condition = ConditionFactory(category=before)
    old, new = edited(condition, category=after)

    (change,) = compare(Condition, old, new).fields

    assert (change.label, change.old_text, change.new_text) == ("Cause category", "Overuse <injuries>", "Footwear")
    assert change.diff == "<del>Overuse &lt;injuries&gt;</del> <ins>Footwear</ins>"


def test_a_foreign_key_to_a_deleted_row_says_so():
    before, after = CategoryFactory(name="Overuse"), CategoryFactory(name="Footwear")
    condition = ConditionFactory(category=before)
    old, new = edited(condition, category=after)
    before.delete()

    (change,) = compare(Condition, old, new).fields

    assert (change.old_text, change.new_text) == ("(deleted)", "Footwear")
    assert change.diff == "<del>(deleted)</del> <ins>Footwear</ins>"


def test_numbers_choices_and_booleans_show_their_display_values():
    sign = WarningSignFactory(urgency=Level.ROUTINE.slug, order=1, applies_to_all_conditions=True)
    old, new = edited(sign, urgency=Level.URGENT.slug, order=2, applies_to_all_conditions=False)

    changes = {f.label: (f.old_text, f.new_text, f.diff) for f in compare(WarningSign, old, new).fields}

    assert changes == {
        "Urgency": (
            "Routine: book an appointment",
            "Urgent: get seen today",
            "<del>Routine: book an appointment</del> <ins>Urgent: get seen today</ins>",
        ),
        "Order": ("1", "2", "<del>1</del> <ins>2</ins>"),
        "Applies to every condition": ("Yes", "No", "<del>Yes</del> <ins>No</ins>"),
    }


def test_identical_snapshots_have_no_changes():
    condition = ConditionFactory()
    ConditionWarningSignFactory(condition=condition)
    ConditionSourceFactory(condition=condition)
    PreventionTipFactory(conditions=[condition])
    TreatmentStepFactory(condition=condition)
    data = versions.snapshot(condition)
    assert all(data["parts"].values())  # every part has a row that could have differed

    comparison = compare(Condition, data, copy.deepcopy(data))

    assert comparison == Comparison(fields=[], parts=[])
    assert not comparison.has_changes


# Parts --------------------------------------------------------------------------------


def test_signs_sources_and_tips_added_and_removed_are_named():
    condition = ConditionFactory()
    kept = ConditionWarningSignFactory(condition=condition, warning_sign__text="Kept sign")
    ConditionWarningSignFactory(condition=condition, warning_sign__text="Cannot put weight on it")
    old_source = ConditionSourceFactory(condition=condition, source=SourceFactory(publisher="NHS", title="Sprains"))
    old_tip = PreventionTipFactory(title="Warm up", conditions=[condition])
    old = versions.snapshot(condition)

    condition.warning_signs.remove(condition.warning_signs.get(text="Cannot put weight on it"))
    ConditionWarningSignFactory(condition=condition, warning_sign__text="Numbness in the foot")
    old_source.delete()
    ConditionSourceFactory(condition=condition, source=SourceFactory(publisher="NICE", title="Ankle pain"))
    old_tip.conditions.clear()
    PreventionTipFactory(title="Replace worn shoes", conditions=[condition])
    comparison = compare(Condition, old, versions.snapshot(condition))

    assert comparison.fields == []
    assert comparison.parts == [
        PartChange("Sources", added=["NICE: Ankle pain"], removed=["NHS: Sprains"]),
        PartChange("Warning signs", added=["Numbness in the foot"], removed=["Cannot put weight on it"]),
        PartChange("Prevention tips", added=["Replace worn shoes"], removed=["Warm up"]),
    ]
    assert kept.warning_sign.text not in str(comparison.parts)


def test_a_link_row_pointing_elsewhere_under_the_same_key_is_a_removal_and_an_addition():
    condition = ConditionFactory()
    ConditionWarningSignFactory(condition=condition, warning_sign__text="Swelling")
    other = WarningSignFactory(text="Bruising")
    old = versions.snapshot(condition)
    new = copy.deepcopy(old)
    new["parts"][SIGNS][0]["warning_sign_id"] = other.pk

    assert compare(Condition, old, new).parts == [
        PartChange("Warning signs", added=["Bruising"], removed=["Swelling"], changed=[])
    ]


def test_a_link_to_content_deleted_since_says_so():
    condition = ConditionFactory()
    ConditionWarningSignFactory(condition=condition, warning_sign__text="Swelling")
    old = versions.snapshot(condition)
    new = copy.deepcopy(old)
    new["parts"][SIGNS].append({"id": 10_000, "warning_sign_id": 10_000})

    assert part(compare(Condition, old, new), "Warning signs").added == ["(deleted)"]


def test_links_are_labelled_by_the_content_at_the_other_end():
    condition = ConditionFactory(name="Achilles tendinitis")
    tip = PreventionTipFactory()
    sign = WarningSignFactory(applies_to_all_conditions=False)
    tip_old = versions.snapshot(tip)
    sign_old = versions.snapshot(sign)
    tip.conditions.add(condition)
    sign.conditions.add(condition)

    tip_changes = compare(PreventionTip, tip_old, versions.snapshot(tip))
    sign_changes = compare(WarningSign, sign_old, versions.snapshot(sign))

    assert tip_changes.parts == [PartChange("Conditions", added=["Achilles tendinitis"])]
    assert sign_changes.parts == [PartChange("Conditions", added=["Achilles tendinitis"])]


def test_treatment_steps_added_removed_and_changed():
    condition = ConditionFactory()
    rest, physio = TreatmentTierFactory(name="Self-care"), TreatmentTierFactory(name="Physiotherapy")
    changed = TreatmentStepFactory(condition=condition, tier=rest, body="Rest for two days.\nThen walk.")
    removed = TreatmentStepFactory(condition=condition, tier=physio, body="Balance exercises.")
    old = versions.snapshot(condition)

    changed.body = "Rest for three days.\nThen walk."
    changed.tier = physio
    changed.save()
    removed.delete()
    long_body = (
        "Strengthening exercises for the calf and the muscles around the ankle, three times a week, for six weeks."
    )
    TreatmentStepFactory(condition=condition, tier=rest, body=long_body)

    (steps,) = compare(Condition, old, versions.snapshot(condition)).parts

    assert steps.label == "Treatment steps"
    assert steps.removed == ["Physiotherapy: Balance exercises."]
    assert steps.added == [f"Self-care: {long_body[:80]}…"]
    assert steps.changed == [
        RowChange(
            "Self-care: Rest for two days. Then walk.",
            [
                ("Treatment tier", "<del>Self-care</del> <ins>Physiotherapy</ins>"),
                ("What to do", "Rest for <del>two</del><ins>three</ins> days.\nThen walk."),
            ],
        )
    ]


def test_a_row_written_again_under_a_new_key_is_no_change():
    condition = ConditionFactory()
    step = TreatmentStepFactory(condition=condition, body="Rest.")
    ConditionWarningSignFactory(condition=condition)
    old = versions.snapshot(condition)

    sign_row = condition.conditionwarningsign_set.get()
    sign_row.delete()
    sign_row.pk = None
    sign_row.save()
    step.delete()
    step.pk = None
    step.save()
    new = versions.snapshot(condition)
    assert new["parts"][STEPS][0]["id"] != old["parts"][STEPS][0]["id"]
    assert new["parts"][SIGNS][0]["id"] != old["parts"][SIGNS][0]["id"]

    assert compare(Condition, old, new) == Comparison(fields=[], parts=[])


def test_rows_are_matched_by_content_before_their_keys():
    """Two steps swap their texts under their keys: the same steps, only reordered, so no change."""
    condition = ConditionFactory()
    tier = TreatmentTierFactory()
    TreatmentStepFactory(condition=condition, tier=tier, body="Rest.", order=1)
    TreatmentStepFactory(condition=condition, tier=tier, body="Ice.", order=1)
    old = versions.snapshot(condition)
    new = copy.deepcopy(old)
    first, second = new["parts"][STEPS]
    first["id"], second["id"] = second["id"], first["id"]

    assert compare(Condition, old, new).parts == []


# Queries ------------------------------------------------------------------------------


def _changed_condition(count: int) -> tuple[dict, dict]:
    """A condition whose category, and ``count`` of each of its signs, sources, tips and steps, changed."""
    condition = ConditionFactory()
    steps = [TreatmentStepFactory(condition=condition) for _ in range(count)]
    old = versions.snapshot(condition)
    condition.category = CategoryFactory()
    condition.save()
    for step in steps:
        step.body += " More."
        step.save()
    for _ in range(count):
        ConditionWarningSignFactory(condition=condition)
        ConditionSourceFactory(condition=condition)
        TreatmentStepFactory(condition=condition)
    PreventionTipFactory.create_batch(count, conditions=[condition])
    return old, versions.snapshot(condition)


def test_names_are_looked_up_once_per_related_model_however_many_rows(django_assert_max_num_queries):
    """Category, warning sign, source, prevention tip, treatment tier: five queries, for 3 rows or 30."""
    queries = {}
    for count in (3, 30):
        old, new = _changed_condition(count)
        with django_assert_max_num_queries(5) as captured:
            comparison = compare(Condition, old, new)
        queries[count] = len(captured.captured_queries)
        assert [(p.label, len(p.added), len(p.changed)) for p in comparison.parts] == [
            ("Sources", count, 0),
            ("Warning signs", count, 0),
            ("Prevention tips", count, 0),
            ("Treatment steps", count, count),
        ]
        assert "(deleted)" not in str(comparison)
    assert queries[3] == queries[30] == 5


def test_a_comparison_without_references_queries_nothing():
    condition = ConditionFactory()
    old, new = edited(condition, name="Renamed")

    with CaptureQueriesContext(connection) as captured:
        compare(Condition, old, new)

    assert captured.captured_queries == []
