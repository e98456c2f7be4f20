"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses
# to run unless told this process is not serving async requests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium, never a downloaded browser. Missing: skip locally, fail in CI."""
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture
def staff_user(django_user_model):
    """A superuser, for admin pages and staff-only endpoints."""
    return django_user_model.objects.create_superuser("staff", "staff@example.com", "password")


@pytest.fixture(autouse=True)
def empty_media_storage(settings):
    """Each test starts with an empty in-memory media storage (re-setting STORAGES resets it)."""
    settings.STORAGES = {**settings.STORAGES}
