"""The app's migrations: complete, and reversible to zero on the configured database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories

APP = "ankle_education"


def app_tables() -> set[str]:
    return {table for table in connection.introspection.table_names() if table.startswith(f"{APP}_")}


def test_models_and_migrations_agree(db):
    out = io.StringIO()
    call_command("makemigrations", APP, "--check", "--dry-run", stdout=out)  # exits 1 on changes
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_migrations_reverse_to_zero_and_apply_again():
    executor = MigrationExecutor(connection)
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] == APP]
    tables = app_tables()
    assert {"ankle_education_condition", "ankle_education_treatmentstep"} <= tables
    factories.TreatmentStepFactory()  # reversing must cope with rows in the tables
    try:
        call_command("migrate", APP, "zero", verbosity=0)
        assert app_tables() == set()
    finally:
        call_command("migrate", APP, verbosity=0)
    assert app_tables() == tables
    assert MigrationExecutor(connection).migration_plan(leaves) == []
    assert factories.TreatmentStepFactory().condition.category.pk


def search_index_objects() -> set[str]:
    """The search index the last migration adds: FTS5 tables on SQLite, tsvector columns on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'search_document'"
                " AND table_name LIKE 'ankle\\_education\\_%%'"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'ankle\\_education\\_%\\_search' ESCAPE '\\'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_search_index_migration_indexes_rows_already_there_and_reverses():
    from ankle_education.search import search

    searched = {"ankle_education_category", "ankle_education_condition", "ankle_education_preventiontip"}
    searched.add("ankle_education_treatmenttier")
    factories.ConditionFactory(name="Ankle sprain")
    try:
        call_command("migrate", APP, "0007", verbosity=0)
        assert search_index_objects() == set()
    finally:
        call_command("migrate", APP, verbosity=0)
    expected = searched if connection.vendor == "postgresql" else {f"{table}_search" for table in searched}
    assert search_index_objects() == expected
    assert [result.title for result in search("sprained")] == ["Ankle sprain"]


@pytest.mark.django_db(transaction=True)
def test_the_versions_migration_gives_everything_already_there_a_first_version_and_reverses():
    from ankle_education.models import Condition, Version
    from ankle_education.versions import content_hash, current_version, snapshot

    before, versions_migration = "0008_condition_also_called_search_index", "0009_versions_and_schedule"
    call_command("migrate", APP, before, verbosity=0)
    try:
        old = MigrationExecutor(connection).loader.project_state([(APP, before)]).apps
        category = old.get_model(APP, "Category").objects.create(
            name="Acute injuries", slug="acute", summary="Sudden injuries.", status="published",
            last_reviewed="2026-11-01", next_review_due="2027-11-01", reviewed_by="Dr Ana Silva, DPT",
        )  # fmt: skip
        condition = old.get_model(APP, "Condition").objects.create(
            category=category, name="Ankle sprain", slug="ankle-sprain", summary="A stretched ligament.",
            overview="Rest it.", status="in_review",
        )  # fmt: skip
        tier = old.get_model(APP, "TreatmentTier").objects.create(name="Self-care", slug="self-care", summary="Home.")
        old.get_model(APP, "TreatmentStep").objects.create(condition=condition, tier=tier, body="Ice it.")
        sign = old.get_model(APP, "WarningSign").objects.create(text="Cannot bear weight", urgency="urgent")
        old.get_model(APP, "ConditionWarningSign").objects.create(condition=condition, warning_sign=sign)
        old.get_model(APP, "PreventionTip").objects.create(title="Warm up", slug="warm-up", summary="Warm up.")
    finally:
        call_command("migrate", APP, verbosity=0)

    assert Version.objects.count() == 5  # one per piece: category, condition, tier, sign, tip
    sprain = Condition.objects.get(slug="ankle-sprain")
    first = current_version(sprain)
    assert (first.number, first.action, first.status) == (1, "initial", "in_review")
    assert first.content_hash == content_hash(snapshot(sprain))  # the same snapshot the app takes
    assert [step["body"] for step in first.data["parts"]["ankle_education.treatmentstep"]] == ["Ice it."]
    assert len(first.data["parts"]["ankle_education.conditionwarningsign"]) == 1
    assert not first.review_holds  # never reviewed
    acute = current_version(sprain.category)
    assert (acute.reviewed_by, acute.review_holds) == ("Dr Ana Silva, DPT", True)  # its review is of what it says

    call_command("migrate", APP, before, verbosity=0)
    try:
        assert "ankle_education_version" not in app_tables()
        assert old.get_model(APP, "Condition").objects.get(slug="ankle-sprain").overview == "Rest it."
    finally:
        call_command("migrate", APP, verbosity=0)
    assert MigrationExecutor(connection).migration_plan([(APP, versions_migration)]) == []
    assert Version.objects.filter(action="initial").count() == 5
