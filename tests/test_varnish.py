"""A real Varnish in front of the site: the repository's VCL, the app's headers, purges by tag.

Debian's Varnish 7 with vmod xkey (varnish-modules) runs example_project/deploy/varnish/default.vcl
on a free loopback port, in front of gunicorn on the example site's production settings with
VARNISH_URL set, sharing a real Redis. Edits come from another process, as from an editor's shell.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest

from bench.run import REPO, environment, free_port, gunicorn
from tests.services import manage, production, redis_server, varnish_server

pytestmark = [pytest.mark.browser]  # a whole-site test: services started for it, like the browser tests

CONDITION = "/patient-education/ankle/conditions/ankle-sprain/"
CHECKLIST = "/patient-education/ankle/seek-help/"
STAFF_PASSWORD = "varnish-test-password"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: str


def get(url: str, cookie: str = "", method: str = "GET", headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, method=method, headers={**({"Cookie": cookie} if cookie else {}),
                                                                   **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, dict(response.headers), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read().decode())


@dataclass(frozen=True)
class Site:
    varnish: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    with redis_server() as (redis_url, _client):
        app_port = free_port()
        with varnish_server(app_port) as varnish:
            env = production(tmp_path_factory.mktemp("varnish") / "site.sqlite3", redis_url, VARNISH_URL=varnish + "/")
            manage(env, "migrate", "--noinput")
            manage(env, "load_ankle_starter_content", "--publish")
            manage(env, "create_demo_staff", "--username", "staff", "--password", STAFF_PASSWORD)
            with gunicorn(app_port, **env):
                yield Site(varnish, env)


def probe(site: Site, action: str, times: int = 1) -> list[float]:
    """Seconds from each save (in another process) to the change showing through Varnish."""
    completed = subprocess.run(
        [sys.executable, "-m", "tests.varnish_probe", action, site.varnish + CONDITION, str(times)],
        cwd=REPO, env=environment(**site.env), capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    latencies: list[float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return latencies


def test_a_second_request_is_a_hit(site):
    first = get(site.varnish + CONDITION + "?utm_source=never-seen")  # a fresh address: a miss
    second = get(site.varnish + CONDITION + "?utm_source=never-seen")
    assert (first.status, second.status) == (200, 200)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert second.body == first.body
    assert "s-maxage=86400" in second.headers["Cache-Control"]
    assert "xkey" not in {name.lower() for name in second.headers}  # the tags are for Varnish alone


def test_an_edit_shows_through_varnish_within_a_second(site):
    get(site.varnish + CONDITION)
    assert get(site.varnish + CONDITION).headers["X-Cache"] == "HIT"
    (latency,) = probe(site, "edit")
    assert latency < 1.0


def test_a_page_taken_down_is_404_within_a_second_and_200_again_when_published(site):
    assert get(site.varnish + CONDITION).status == 200
    assert get(site.varnish + CONDITION).headers["X-Cache"] == "HIT"
    (down,) = probe(site, "archive")
    assert get(site.varnish + CONDITION).status == 404
    (up,) = probe(site, "publish")
    assert down < 1.0
    assert up < 1.0
    again = get(site.varnish + CONDITION)
    assert again.status == 200


def test_purge_latency_over_twenty_edits(site, capsys):
    latencies = probe(site, "edit", times=20)
    with capsys.disabled():
        sys.stdout.write(f"\nPurge latency, save to new page through Varnish, 20 edits: "
                         f"median {statistics.median(latencies) * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms\n")
    assert max(latencies) < 1.0


def staff_session(site: Site) -> str:
    """Sign in through Varnish as staff: the session cookie to send."""
    login = site.varnish + "/admin/login/"
    page = get(login)
    csrf = SimpleCookie(page.headers["Set-Cookie"])["csrftoken"].value
    token = page.body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = urllib.parse.urlencode({"username": "staff", "password": STAFF_PASSWORD, "csrfmiddlewaretoken": token,
                                   "next": "/admin/"}).encode()
    request = urllib.request.Request(login, data=data, headers={"Cookie": f"csrftoken={csrf}", "Referer": login})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as error:  # the 302 after signing in
        cookies = SimpleCookie()
        for header in error.headers.get_all("Set-Cookie"):
            cookies.load(header)
        return f"sessionid={cookies['sessionid'].value}; csrftoken={cookies['csrftoken'].value}"
    raise AssertionError("signing in did not redirect")


def test_a_staff_request_is_never_stored(site):
    cookie = staff_session(site)
    answers = [get(site.varnish + CONDITION + "?utm_source=staff", cookie=cookie) for _ in range(2)]
    for answer in answers:
        assert answer.status == 200
        assert answer.headers["X-Cache"] == "MISS"
        assert "private" in answer.headers["Cache-Control"]
    anonymous = get(site.varnish + CONDITION + "?utm_source=staff")
    assert anonymous.headers["X-Cache"] == "MISS"  # the staff page was not stored for others


def test_a_page_carrying_a_csrf_token_is_never_stored(site):
    answers = [get(site.varnish + CHECKLIST) for _ in range(2)]
    for answer in answers:
        assert answer.status == 200
        assert "csrfmiddlewaretoken" in answer.body
        assert answer.headers["X-Cache"] == "MISS"
        assert "private" in answer.headers["Cache-Control"]
    assert answers[0].body != answers[1].body  # each visitor gets their own token


def test_purges_are_accepted_only_from_the_configured_addresses():
    with varnish_server(free_port(), purgers='"192.0.2.1";') as varnish:
        refused = get(varnish + "/", method="PURGE", headers={"xkey-purge": "everything"})
    assert refused.status == 403


def test_a_purge_must_name_its_tags(site):
    assert get(site.varnish + "/", method="PURGE").status == 400
    assert get(site.varnish + "/", method="PURGE", headers={"xkey-purge": "no-such-tag"}).status == 200
