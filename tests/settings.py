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

# Browser tests talk to a threaded live server. With an in-memory SQLite database Django hands every
# server thread the test's one connection, and two requests at once (an editor's live preview firing
# while a form posts) then race on it. A file-backed test database gives each thread its own connection.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"ankle-education-tests-{os.getpid()}.sqlite3"),
    }
    # Test data is thrown away: skip fsync, and let readers run while another thread writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;"}  # noqa: F405
