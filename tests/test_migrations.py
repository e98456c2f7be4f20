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
