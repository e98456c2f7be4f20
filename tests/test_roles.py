"""``setup_ankle_roles``: two groups, exact permissions, safe to run again."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

EDITORS = "Patient education editors"
REVIEWERS = "Clinical reviewers"
PUBLISHABLE = ("category", "condition", "preventiontip", "treatmenttier", "warningsign")
CONTENT = (*PUBLISHABLE, "source", "treatmentstep", "conditionwarningsign", "conditionsource")


def run() -> str:
    out = io.StringIO()
    call_command("setup_ankle_roles", stdout=out)
    return out.getvalue()


def codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_creates_both_groups_and_says_so():
    output = run()
    assert f"Created group “{EDITORS}” with 30 permissions." in output
    assert f"Created group “{REVIEWERS}” with 35 permissions." in output


def test_editors_write_but_never_publish_or_delete_pages():
    run()
    editors = codenames(EDITORS)
    for model in CONTENT:
        assert {f"view_{model}", f"add_{model}", f"change_{model}"} <= editors
    assert not any(codename.startswith("publish_") for codename in editors)
    assert not {f"delete_{model}" for model in (*PUBLISHABLE, "source")} & editors
    # Removing a treatment step, sign or source row inside a condition is part of editing it.
    assert {"delete_treatmentstep", "delete_conditionwarningsign", "delete_conditionsource"} <= editors


def test_reviewers_have_everything_editors_have_and_publish():
    run()
    reviewers = codenames(REVIEWERS)
    assert reviewers - codenames(EDITORS) == {f"publish_{model}" for model in PUBLISHABLE}


def test_running_again_changes_nothing_and_says_so():
    run()
    before = {name: codenames(name) for name in (EDITORS, REVIEWERS)}
    output = run()
    assert output.count("is already up to date") == 2
    assert {name: codenames(name) for name in (EDITORS, REVIEWERS)} == before
    assert Group.objects.count() == 2


def test_repairs_a_changed_group_and_reports_the_difference():
    run()
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.add(Permission.objects.get(codename="publish_condition"))
    editors.permissions.remove(Permission.objects.get(codename="change_source"))
    output = run()
    assert f"Updated group “{EDITORS}”: added ['change_source'], removed ['publish_condition']." in output
    assert "publish_condition" not in codenames(EDITORS)


def test_missing_permissions_stop_the_command_without_changes():
    Permission.objects.filter(codename="publish_condition").delete()
    with pytest.raises(CommandError, match=r"publish_condition.*migrate"):
        run()
    assert not Group.objects.exists()
