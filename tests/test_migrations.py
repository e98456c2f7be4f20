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
