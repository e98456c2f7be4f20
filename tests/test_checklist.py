"""The checklist (checklist.py): which signs it shows, and reading (or refusing) what was posted."""

from __future__ import annotations

import pytest

from ankle_education.checklist import InvalidAnswers, read_answers, signs_for
from ankle_education.models import WarningSign
from tests.factories import ConditionFactory, ConditionWarningSignFactory, WarningSignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist_signs():
    """Two general signs, one for the condition, one for another condition, drafts of each kind."""
    condition, other = ConditionFactory(), ConditionFactory()
    general_late = WarningSignFactory(order=5)
    general_early = WarningSignFactory(order=1)
    own = ConditionWarningSignFactory(condition=condition, warning_sign__order=3).warning_sign
    others = ConditionWarningSignFactory(condition=other).warning_sign
    WarningSignFactory(draft=True)
    ConditionWarningSignFactory(condition=condition, warning_sign__draft=True)
    return {"condition": condition, "general": [general_early, general_late], "own": own, "others": others}


def test_general_checklist_has_published_general_signs_in_order(checklist_signs):
    assert list(signs_for()) == checklist_signs["general"]


def test_condition_checklist_adds_its_own_signs_in_order(checklist_signs):
    early, late = checklist_signs["general"]
    assert list(signs_for(checklist_signs["condition"])) == [early, checklist_signs["own"], late]


def test_a_general_sign_also_linked_to_the_condition_appears_once(checklist_signs):
    early, late = checklist_signs["general"]
    ConditionWarningSignFactory(condition=checklist_signs["condition"], warning_sign=early)
    assert list(signs_for(checklist_signs["condition"])) == [early, checklist_signs["own"], late]


@pytest.mark.parametrize("count", [3, 30])
def test_signs_for_is_one_query(django_assert_num_queries, count):
    condition = ConditionFactory()
    for _ in range(count):
        WarningSignFactory()
        ConditionWarningSignFactory(condition=condition)
    with django_assert_num_queries(1):
        assert len(list(signs_for(condition))) == 2 * count


def test_read_answers_returns_ticked_signs_in_checklist_order(checklist_signs):
    signs = list(signs_for(checklist_signs["condition"]))
    assert read_answers([str(signs[2].pk), str(signs[0].pk)], signs) == [signs[0], signs[2]]
    assert read_answers([], signs) == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["abc"], "not a number"),
        (["-1"], "not a number"),
        (["1.0"], "not a number"),
        (["٣"], "not a number"),  # a digit, but not an ASCII one
        (["999999"], "not on this checklist"),
        (["same", "same"], "more than once"),
        ([str(n) for n in range(1000)], "More answers"),
    ],
)
def test_read_answers_refuses_what_the_form_cannot_send(checklist_signs, values, message):
    signs = list(signs_for(checklist_signs["condition"]))
    with pytest.raises(InvalidAnswers, match=message):
        read_answers(values, signs)


def test_read_answers_refuses_signs_of_other_conditions_and_drafts(checklist_signs):
    signs = list(signs_for(checklist_signs["condition"]))
    for sign in [checklist_signs["others"], *WarningSign.objects.exclude(status="published")]:
        with pytest.raises(InvalidAnswers, match="not on this checklist"):
            read_answers([str(sign.pk)], signs)


def test_read_answers_refuses_duplicates_of_a_real_sign(checklist_signs):
    signs = list(signs_for())
    with pytest.raises(InvalidAnswers, match="more than once"):
        read_answers([str(signs[0].pk)] * 2, signs)
