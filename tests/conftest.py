"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser

import pytest
from django.core.cache import caches

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
def superuser(django_user_model):
    """A superuser, for admin pages and staff-only endpoints."""
    return django_user_model.objects.create_superuser("staff", "staff@example.com", "password")


@pytest.fixture(autouse=True)
def empty_media_storage(settings):
    """Each test starts with an empty in-memory media storage (re-setting STORAGES resets it)."""
    settings.STORAGES = {**settings.STORAGES}


class _RegionParser(HTMLParser):
    """Collects the start tags inside the element whose id is ``region_id``."""

    def __init__(self, region_id: str) -> None:
        super().__init__()
        self.region_id = region_id
        self.depth = 0
        self.found = False
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.tags.append((tag, dict(attrs)))
            if tag not in _VOID_ELEMENTS:
                self.depth += 1
        elif dict(attrs).get("id") == self.region_id:
            self.found = True
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in _VOID_ELEMENTS:
            self.depth -= 1


_VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture
def tags_inside():
    """``tags_inside(html, region_id)``: the (tag, attrs) pairs inside that element; fails if it is missing."""

    def find(html: str, region_id: str) -> list[tuple[str, dict[str, str | None]]]:
        parser = _RegionParser(region_id)
        parser.feed(html)
        assert parser.found, f"no element with id {region_id!r}"
        return parser.tags

    return find


def _role_member(django_user_model, username: str, group_name: str):
    import io

    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("setup_ankle_roles", stdout=io.StringIO())
    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", "password", is_staff=True, first_name="Ana", last_name="Silva"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_user(django_user_model):
    """Staff in the "Patient education editors" group: edits drafts, cannot publish."""
    return _role_member(django_user_model, "editor", "Patient education editors")


@pytest.fixture
def reviewer_user(django_user_model):
    """Staff in the "Clinical reviewers" group: edits, reviews and publishes."""
    return _role_member(django_user_model, "reviewer", "Clinical reviewers")


@pytest.fixture
def superuser_client(client, superuser):
    """The test client, logged in as ``superuser``."""
    client.force_login(superuser)
    return client


@pytest.fixture
def editor_client(client, editor_user):
    """The test client, logged in as ``editor_user``."""
    client.force_login(editor_user)
    return client


@pytest.fixture
def reviewer_client(client, reviewer_user):
    """The test client, logged in as ``reviewer_user``."""
    client.force_login(reviewer_user)
    return client


@pytest.fixture
def absolute_booking_urls(settings) -> dict[str, str | None]:
    """Booking on another site: an absolute booking URL with a query, and no same-day page. Returns those settings."""
    urls = {"BOOKING_URL": "https://booking.example.com/appointments?clinic=7", "URGENT_BOOKING_URL": None}
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, **urls}
    return urls


@pytest.fixture
def searchable_content() -> dict:
    """Published content with words to search for, and two conditions search must not find: a draft, and one
    hidden by its draft category."""
    from tests.factories import CategoryFactory, ConditionFactory, PreventionTipFactory

    category = CategoryFactory(name="Overuse injuries", summary="Doing too much, too soon.")
    return {
        "condition": ConditionFactory(
            name="Achilles tendinitis", category=category, symptoms="Swelling above the heel bone."
        ),
        "tip": PreventionTipFactory(title="Replace worn shoes", body="Swap them every 300 to 500 miles."),
        "category": category,
        "draft": ConditionFactory(draft=True, name="Draft tendinitis", symptoms="Swelling too."),
        "hidden_by_category": ConditionFactory(
            name="Hidden tendinitis", category=CategoryFactory(draft=True), symptoms="Swelling again."
        ),
    }


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages: the database is rolled back between tests, the cache is not."""
    caches["default"].clear()
