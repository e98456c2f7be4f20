"""Settings of the example clinic site (development). Production: clinic_site.settings_production."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from clinic_site.database import database_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("DEBUG", "true").lower() in {"1", "true", "yes"}
SECRET_KEY = os.environ.get("SECRET_KEY", "example-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "ankle_education",
    "clinic_site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
# A form sent after its CSRF cookie expired gets the app's plain-words page, never Django's technical one.
CSRF_FAILURE_VIEW = "ankle_education.views.csrf_failure"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_environment(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"

# The app's preview and public pages use one sanitising renderer.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "ankle_education.rendering.render_markdown"

ANKLE_EDUCATION: dict[str, Any] = {
    "BOOKING_URL": "booking",
    "URGENT_BOOKING_URL": "booking-same-day",
    "CLINIC_PHONE": "+1 555 0100",
    "EMERGENCY_NUMBER": "911",
    "BASE_TEMPLATE": "base.html",
    "SITE_NAME": "Riverside Running Clinic",
}
