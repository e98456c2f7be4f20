"""Benchmark settings: the example site's production settings, served over plain HTTP on loopback,
plus django.contrib.flatpages as the baseline a clinic might otherwise pick."""

import os
from pathlib import Path

from clinic_site.settings_production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.sites", "django.contrib.flatpages"]  # noqa: F405
SITE_ID = 1
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [Path(__file__).resolve().parent / "templates"]  # noqa: F405

# The cache: the production settings' Redis when REDIS_URL names one, else local memory per process.
ANKLE_EDUCATION = {
    **ANKLE_EDUCATION,  # noqa: F405
    "CACHE_PAGES": os.environ.get("ANKLE_CACHE_PAGES", "true") == "true",
}

# Its own database file, so a benchmark never touches the demo's.
# Its connection settings stay the production ones (connections kept between requests).
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_SQLITE", "/tmp/ankle-education-bench.sqlite3")  # noqa: F405
