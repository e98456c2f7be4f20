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


def test_a_sqlite_database_url_names_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/site.sqlite3")
    assert database_from_environment(tmp_path / "db.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": tmp_path / "site.sqlite3",
    }


def test_unknown_database_url_scheme_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "mysql://localhost/ankle")
    with pytest.raises(ValueError, match="postgres://"):
        database_from_environment(tmp_path / "db.sqlite3")


def check_deploy(**environment: str) -> subprocess.CompletedProcess[str]:
    """``manage.py check --deploy`` under the production settings, with only the given environment."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinic_site.settings_production",
           "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40, **environment}
    for test_only in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "BEHIND_TLS_PROXY", "VARNISH_URL"):
        if test_only not in environment:
            env.pop(test_only, None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=EXAMPLE_PROJECT, env=env, capture_output=True, text=True, check=False,
    )


def test_production_settings_pass_check_deploy():
    completed = check_deploy(REDIS_URL="redis://127.0.0.1:6379/0", VARNISH_URL="http://127.0.0.1:6081/")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_production_settings_without_redis_warn_that_each_worker_keeps_its_own_pages():
    completed = check_deploy()
    assert completed.returncode != 0
    assert "ankle_education.W003" in completed.stderr + completed.stdout


def production_settings(monkeypatch, **environment: str) -> dict[str, object]:
    """The production settings module's names, read afresh with only the given environment."""
    monkeypatch.setenv("SECRET_KEY", "s" * 50)
    for name in ("REDIS_URL", "BEHIND_TLS_PROXY", "VARNISH_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    namespace: dict[str, object] = {}
    source = EXAMPLE_PROJECT / "clinic_site" / "settings_production.py"
    exec(compile(source.read_text(), str(source), "exec"), namespace)  # noqa: S102
    return namespace


def test_production_settings_share_one_redis_cache(monkeypatch):
    caches = production_settings(monkeypatch, REDIS_URL="redis://cache.internal:6379/1")["CACHES"]
    assert caches == {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                  "LOCATION": "redis://cache.internal:6379/1"}}


def test_production_settings_purge_the_varnish_servers_named(monkeypatch):
    assert "EDGE_PURGERS" not in production_settings(monkeypatch)["ANKLE_EDUCATION"]
    app = production_settings(monkeypatch, VARNISH_URL="http://10.0.0.5:6081/,http://10.0.0.6:6081/")["ANKLE_EDUCATION"]
    assert app["EDGE_PURGERS"] == [{"BACKEND": "ankle_education.edge.VarnishPurger",
                                    "URLS": ["http://10.0.0.5:6081/", "http://10.0.0.6:6081/"]}]
    assert app["EDGE_CACHE_TIMEOUT"] == 24 * 60 * 60
    assert app["CLIENT_ADDRESS_HEADER"] == "X-Forwarded-For"  # Varnish appends the visitor's address


def test_production_settings_trust_a_tls_proxy_only_when_told(monkeypatch):
    assert "SECURE_PROXY_SSL_HEADER" not in production_settings(monkeypatch)
    behind = production_settings(monkeypatch, BEHIND_TLS_PROXY="true")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_production_settings_validate_passwords(monkeypatch):
    from django.contrib.auth.password_validation import get_password_validators, validate_password
    from django.core.exceptions import ValidationError

    validators = get_password_validators(production_settings(monkeypatch)["AUTH_PASSWORD_VALIDATORS"])
    for weak in ("short1", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak, password_validators=validators)
    validate_password("knee-Harbour-lantern-42", password_validators=validators)


@pytest.mark.django_db
def test_booking_page_shows_the_context_it_was_given(client):
    response = client.get("/book/?condition=ankle-sprain&urgency=routine")
    assert response.status_code == 200
    assert '<dd id="booking-condition">ankle-sprain</dd>' in response.content.decode()
    assert '<dd id="booking-urgency">routine</dd>' in response.content.decode()


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin_and_booking(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"User-agent: *", "Disallow: /admin/", "Disallow: /patient-education/ankle/book/"} <= set(lines)


@pytest.mark.django_db
def test_favicon_is_the_clinic_icon_on_every_page_and_at_its_usual_address(client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    icon = static("clinic_site/favicon.svg")
    assert finders.find("clinic_site/favicon.svg")
    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, icon)


@pytest.mark.django_db
def test_the_admin_is_branded_as_the_clinic(admin_client):
    import re

    html = admin_client.get("/admin/").content.decode()
    assert "Django administration" not in html
    assert "Django site admin" not in html
    assert re.search(r'id="site-name".{0,100}?>Riverside Running Clinic</a>', html, re.S)
    assert "<title>Riverside Running Clinic administration | Riverside Running Clinic admin</title>" in html
