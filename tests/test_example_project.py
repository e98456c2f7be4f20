"""The example clinic site: its database choice, its production settings and its own pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from clinic_site.database import database_from_environment

EXAMPLE_PROJECT = Path(__file__).resolve().parent.parent / "example_project"


def test_suite_runs_on_the_database_that_database_url_names():
    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


def test_database_url_is_parsed(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://clinic:p%40ss@db.internal:5433/ankle")
    assert database_from_environment(tmp_path / "db.sqlite3") == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ankle",
        "USER": "clinic",
        "PASSWORD": "p@ss",
        "HOST": "db.internal",
        "PORT": "5433",
    }


def test_without_database_url_sqlite_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_from_environment(tmp_path / "db.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"


def test_unknown_database_url_scheme_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "mysql://localhost/ankle")
    with pytest.raises(ValueError, match="postgres://"):
        database_from_environment(tmp_path / "db.sqlite3")


def test_production_settings_pass_check_deploy():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinic_site.settings_production",
                   "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40}
    for test_only in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(test_only, None)
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=EXAMPLE_PROJECT, env=environment, capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


@pytest.mark.django_db
def test_booking_page_shows_the_context_it_was_given(client):
    response = client.get("/book/?condition=ankle-sprain&urgency=routine")
    assert response.status_code == 200
    assert '<dd id="booking-condition">ankle-sprain</dd>' in response.content.decode()
    assert '<dd id="booking-urgency">routine</dd>' in response.content.decode()
