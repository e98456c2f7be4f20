"""Test settings: the example clinic site, made fast and self-contained."""

from clinic_site.settings import *  # noqa: F403

SECRET_KEY = "tests-only"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TEMPLATES[0]["DIRS"] = [BASE_DIR.parent / "tests" / "templates"]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The app's pages must work under a strict policy: no inline script or style, nothing third-party.
MIDDLEWARE = [*MIDDLEWARE, "tests.csp.StrictCSPMiddleware"]  # noqa: F405
