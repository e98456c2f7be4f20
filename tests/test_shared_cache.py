"""Several servers, one cache: an edit made anywhere shows on every server and worker at once.

Real gunicorn servers run the example site's production settings (clinic_site.settings_production)
and share a real Redis (Debian's redis-server on a free loopback port, Django's built-in Redis cache
backend, named by REDIS_URL as in production) and one SQLite database file.
"""

from __future__ import annotations

import datetime
import http.client
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.utils import timezone

from bench.run import free_port, gunicorn
from tests.services import manage, production, redis_server

pytestmark = [pytest.mark.browser]

CONDITION = "/patient-education/ankle/conditions/ankle-sprain/"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def status(server: str, path: str, host: str | None = None) -> int:
    """The status of a GET, with ``host`` as the Host header (spelled as given) if named."""
    connection = http.client.HTTPConnection(server.removeprefix("http://"), timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def statuses_by_worker(log: Path, offset: int) -> dict[str, set[int]]:
    """From the access log after ``offset`` bytes: worker pid → statuses it answered."""
    by_worker: dict[str, set[int]] = {}
    for line in log.read_text()[offset:].splitlines():
        pid, code, _path = line.split(" ", 2)
        by_worker.setdefault(pid, set()).add(int(code))
    return by_worker


def answer_with_every_worker(server: str, log: Path, workers: int) -> dict[str, set[int]]:
    """GET the page, several at a time, until every worker has answered; worker pid → statuses."""
    offset = len(log.read_text())
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        for _ in range(20):
            list(pool.map(lambda _: status(server, CONDITION), range(4 * workers)))
            time.sleep(0.05)  # let gunicorn flush its log
            by_worker = statuses_by_worker(log, offset)
            if len(by_worker) == workers:
                return by_worker
    raise AssertionError(f"only {len(by_worker)} of {workers} workers answered")


def test_a_takedown_from_another_process_reaches_every_worker_at_once(tmp_path):
    """The failure this guards: each worker kept its own page cache, so 8 of 20 GETs showed a
    condition taken down in review, and an edit from a command reached no worker at all."""
    with redis_server() as (redis_url, redis_client):
        env = production(tmp_path / "site.sqlite3", redis_url)
        manage(env, "migrate", "--noinput")
        manage(env, "load_ankle_starter_content", "--publish")
        log = tmp_path / "access.log"
        with gunicorn(free_port(), workers=3, access_log=log, **env) as server:
            before = answer_with_every_worker(server, log, workers=3)
            assert set().union(*before.values()) == {200}
            assert redis_client.keys("*ankle_education:page:*"), "the page was not cached in Redis"

            manage(
                env, "shell", "-c",
                "from ankle_education.models import Condition, Status\n"
                "condition = Condition.objects.get(slug='ankle-sprain')\n"
                "condition.status = Status.ARCHIVED\n"
                "condition.save()",
            )
            after = answer_with_every_worker(server, log, workers=3)
            assert after.keys() == before.keys()
            assert {pid: codes for pid, codes in after.items() if codes != {404}} == {}


def test_host_spellings_add_no_cache_entries_and_pages_are_guarded_by_a_csp(tmp_path):
    with redis_server() as (redis_url, redis_client):
        env = production(tmp_path / "site.sqlite3", redis_url)
        manage(env, "migrate", "--noinput")
        manage(env, "load_ankle_starter_content", "--publish")
        with gunicorn(free_port(), workers=3, **env) as server:
            port = server.rsplit(":", 1)[1]
            with urllib.request.urlopen(server + CONDITION, timeout=10) as response:
                policy = response.headers["Content-Security-Policy"]
            assert "default-src 'self'" in policy
            assert "frame-ancestors 'none'" in policy
            assert status(server, CONDITION, host=f"localhost:{port}") == 200
            keys = set(redis_client.keys("*ankle_education:page:*"))
            spellings = [f"LOCALHOST:{port}", f"localhost.:{port}", f"localhost:000{port}", f"LocalHost.:0{port}",
                         "localhost:1", "localhost:65535", f"127.0.0.1:{port}", f"127.0.0.1.:0{port}"]
            assert [status(server, CONDITION, host=spelling) for spelling in spellings] == [200] * len(spellings)
            assert set(redis_client.keys("*ankle_education:page:*")) == keys


def test_an_edit_through_one_server_is_visible_on_the_other_at_once(tmp_path, page):
    """In the browser, under the production settings' Content-Security-Policy: the admin and the
    public pages work with nothing refused."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    with redis_server() as (redis_url, redis_client):
        server_env = env = production(tmp_path / "site.sqlite3", redis_url)
        manage(env, "migrate", "--noinput")
        manage(env, "load_ankle_starter_content", "--publish")
        manage(env, "create_demo_staff", "--username", "editor", "--password", "shared-cache-test")
        with gunicorn(free_port(), **server_env) as first, gunicorn(free_port(), **server_env) as second:
            before = fetch(second + CONDITION)
            assert fetch(second + CONDITION) == before
            assert redis_client.keys("*ankle_education:page:*"), "the page was not cached in Redis"

            page.goto(first + "/admin/login/")
            page.fill("#id_username", "editor")
            page.fill("#id_password", "shared-cache-test")
            page.click("input[type=submit]")
            page.goto(first + "/admin/ankle_education/condition/")
            page.get_by_role("link", name="Ankle sprain").first.click()
            page.fill("#id_summary", "Edited on the first server, read on the second.")
            # A change to live content goes live when it is saved as published with its clinical review.
            page.select_option("#id_status", "published")
            today = timezone.localdate()
            page.fill("#id_last_reviewed", today.isoformat())
            page.fill("#id_next_review_due", (today + datetime.timedelta(days=365)).isoformat())
            page.fill("#id_reviewed_by", "Dr Ana Silva, DPT")
            page.click("input[name=_save]")
            page.wait_for_url("**/admin/ankle_education/condition/")

            after = fetch(second + CONDITION)
            assert "Edited on the first server, read on the second." in after
            assert after != before
            page.goto(second + CONDITION)
            assert refused == []
