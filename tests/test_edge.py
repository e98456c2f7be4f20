"""The edge cache (edge.py): headers a shared cache can use, and purge backends, each tested
against a local fake HTTP server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from ankle_education import caching, edge
from ankle_education.cache_tags import EVERYTHING, GENERAL_SIGNS, page_tag
from ankle_education.models import Condition
from tests.edits import save
from tests.factories import ConditionFactory, WarningSignFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


@dataclass
class FakeServer:
    """What a fake cache or API was asked, and how it answers."""

    url: str = ""
    status: int = 200
    delay: float = 0.0
    requests: list[dict[str, object]] = field(default_factory=list)


@contextmanager
def fake_server(status: int = 200, delay: float = 0.0) -> Iterator[FakeServer]:
    fake = FakeServer(status=status, delay=delay)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            fake.requests.append({
                "method": self.command,
                "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "body": self.rfile.read(length) if length else b"",
            })  # fmt: skip
            time.sleep(fake.delay)
            self.send_response(fake.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PURGE = do_POST = do_GET = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def edge_settings(settings):
    def configure(**values: object) -> None:
        settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EDGE_CACHE_TIMEOUT": DAY, **values}

    return configure


@pytest.fixture
def condition():
    return ConditionFactory(slug="ankle-sprain")


# Headers --------------------------------------------------------------------------------------


def test_without_an_edge_cache_pages_say_no_cache_and_carry_no_tags(client, condition):
    response = client.get(condition.get_absolute_url())
    assert "no-cache" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]
    assert "xkey" not in response


def test_a_public_page_offers_a_shared_lifetime_and_its_tags(client, condition, edge_settings):
    edge_settings()
    for attempt in ("rendered", "from the page cache"):
        response = client.get(condition.get_absolute_url())
        assert response["Cache-Control"] == f"public, max-age=60, s-maxage={DAY}", attempt
        tags = set(response["xkey"].split(" "))
        assert {page_tag(Condition, "ankle-sprain"), GENERAL_SIGNS, EVERYTHING} <= tags, attempt
        assert "Surrogate-Key" not in response
        assert "Cache-Tag" not in response


def test_fastly_and_cloudflare_headers_when_enabled(client, condition, edge_settings):
    edge_settings(EDGE_TAG_HEADERS=["xkey", "Surrogate-Key", "Cache-Tag"], EDGE_BROWSER_MAX_AGE=0)
    response = client.get(condition.get_absolute_url())
    assert response["Cache-Control"] == f"public, max-age=0, s-maxage={DAY}"
    xkey = response["xkey"].split(" ")
    assert response["Surrogate-Key"].split(" ") == xkey
    assert response["Cache-Tag"].split(",") == xkey


def test_a_long_tag_goes_out_as_a_short_digest_the_purge_uses_too():
    long_tag = page_tag(Condition, "a" * 200)
    short = edge.edge_tag(long_tag)
    assert len(short) <= edge.MAX_TAG_LENGTH
    assert short == edge.edge_tag(long_tag)
    assert short != edge.edge_tag(page_tag(Condition, "a" * 199))
    assert edge.edge_tag("condition:ankle-sprain") == "condition:ankle-sprain"


def test_personal_pages_are_private_no_store_and_untagged(client, condition, edge_settings, superuser):
    edge_settings()
    WarningSignFactory()
    checklist = client.get("/patient-education/ankle/seek-help/")  # carries a CSRF token
    client.force_login(superuser)
    staff = client.get(condition.get_absolute_url())
    for response in (checklist, staff):
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert "s-maxage" not in response["Cache-Control"]
        assert "xkey" not in response


@pytest.mark.parametrize("query", ["?ref=random", "?page=01"])
def test_a_url_with_parameters_the_page_does_not_read_is_not_offered(client, condition, edge_settings, query):
    edge_settings()
    response = client.get(condition.get_absolute_url() + query)
    assert response.status_code == 200
    assert "s-maxage" not in response["Cache-Control"]


def test_a_page_whose_content_changed_while_it_rendered_is_not_offered(condition, edge_settings):
    """Its purge reached the edge before the page did: an edge cache would keep it past the edit."""
    edge_settings()
    request = RequestFactory().get(condition.get_absolute_url())
    with caching.PageCacheVisit(request, {page_tag(Condition, "ankle-sprain")}) as visit:
        save(condition, summary="changed during the render")
        response = visit.keep(HttpResponse("<p>old</p>"))
    assert "s-maxage" not in response["Cache-Control"]
    assert "xkey" not in response


# Purge backends --------------------------------------------------------------------------------


def test_varnish_is_sent_an_xkey_purge_on_each_server(settings):
    with fake_server() as first, fake_server() as second:
        settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EDGE_PURGERS": [
            {"BACKEND": "ankle_education.edge.VarnishPurger", "URLS": [first.url + "/", second.url + "/"]},
        ]}  # fmt: skip
        edge.purge({"condition:ankle-sprain", "list:conditions"})
    for server in (first, second):
        (request,) = server.requests
        assert request["method"] == "PURGE"
        assert request["headers"]["xkey-purge"] == "condition:ankle-sprain list:conditions"


def test_cloudflare_is_sent_tags_in_batches_of_30(settings):
    with fake_server() as api:
        settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EDGE_PURGERS": [
            {"BACKEND": "ankle_education.edge.CloudflarePurger", "ZONE_ID": "zone1", "API_TOKEN": "secret",
             "API_URL": api.url},
        ]}  # fmt: skip
        tags = {f"condition:c{number:02d}" for number in range(45)}
        edge.purge(tags)
    assert [request["path"] for request in api.requests] == ["/zones/zone1/purge_cache"] * 2
    assert all(request["method"] == "POST" for request in api.requests)
    assert api.requests[0]["headers"]["authorization"] == "Bearer secret"
    sent = [json.loads(request["body"])["tags"] for request in api.requests]
    assert [len(batch) for batch in sent] == [30, 15]
    assert set(sent[0] + sent[1]) == tags


def test_fastly_is_sent_surrogate_keys(settings):
    with fake_server() as api:
        settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EDGE_PURGERS": [
            {"BACKEND": "ankle_education.edge.FastlyPurger", "SERVICE_ID": "svc", "API_TOKEN": "token",
             "API_URL": api.url},
        ]}  # fmt: skip
        edge.purge({"condition:ankle-sprain", "everything"})
    (request,) = api.requests
    assert (request["method"], request["path"]) == ("POST", "/service/svc/purge")
    assert request["headers"]["fastly-key"] == "token"
    assert request["headers"]["surrogate-key"] == "condition:ankle-sprain everything"


@pytest.mark.parametrize("failure", ["error status", "timeout", "nothing listening"])
def test_a_failing_purge_is_logged_and_never_fails_the_edit(settings, condition, caplog, failure):
    with fake_server(status=500 if failure == "error status" else 200, delay=1.0 if failure == "timeout" else 0) as bad:
        url = "http://127.0.0.1:1/" if failure == "nothing listening" else bad.url + "/"
        with fake_server() as good:
            settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EDGE_PURGERS": [
                {"BACKEND": "ankle_education.edge.VarnishPurger", "URLS": [url], "TIMEOUT": 0.2},
                {"BACKEND": "ankle_education.edge.VarnishPurger", "URLS": [good.url + "/"]},
            ]}  # fmt: skip
            started = time.monotonic()
            edge.purge({"condition:ankle-sprain"})
            assert time.monotonic() - started < 1.0
            assert len(good.requests) == 1  # the next backend is still purged
    assert "Could not purge" in caplog.text
    save(condition, summary="saved all the same")
    condition.refresh_from_db()
    assert condition.summary == "saved all the same"


def test_a_settings_change_purges_every_page_from_the_edge_once(client, condition, settings):
    with fake_server() as varnish:
        purger = {"BACKEND": "ankle_education.edge.VarnishPurger", "URLS": [varnish.url + "/"]}
        settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EDGE_CACHE_TIMEOUT": DAY, "EDGE_PURGERS": [purger]}
        client.get(condition.get_absolute_url())
        everything = [r for r in varnish.requests if r["headers"]["xkey-purge"] == EVERYTHING]
        client.get(condition.get_absolute_url() + "?page=1")
        assert len([r for r in varnish.requests if r["headers"]["xkey-purge"] == EVERYTHING]) == len(everything)
        settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EMERGENCY_NUMBER": "112"}
        response = client.get(condition.get_absolute_url())
        assert "s-maxage" in response["Cache-Control"]
    assert len([r for r in varnish.requests if r["headers"]["xkey-purge"] == EVERYTHING]) == len(everything) + 1
