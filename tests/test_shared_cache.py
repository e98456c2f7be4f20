"""Several servers, one cache: an edit made through one gunicorn instance shows on another at once.

Two real gunicorn servers share a real Redis (Debian's redis-server on a free loopback port,
Django's built-in Redis cache backend) and one SQLite database file.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.utils import timezone

from bench.run import environment, free_port, gunicorn
from tests.quality import require_tool

pytestmark = [pytest.mark.browser]

REPO = Path(__file__).resolve().parent.parent
CONDITION = "/patient-education/ankle/conditions/ankle-sprain/"


@contextmanager
def redis_server():
    require_tool(shutil.which("redis-server") is not None, "redis-server is missing: apt-get install redis-server")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0", client
    finally:
        process.terminate()
        process.wait(timeout=10)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "example_project/manage.py", *args], cwd=REPO, env=env, check=True,
                   capture_output=True)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_an_edit_through_one_server_is_visible_on_the_other_at_once(tmp_path, page):
    with redis_server() as (redis_url, redis_client):
        # One SQLite file for both servers, even in the PostgreSQL leg of CI (an empty DATABASE_URL).
        server_env = {"BENCH_SQLITE": str(tmp_path / "bench.sqlite3"), "REDIS_URL": redis_url, "DATABASE_URL": ""}
        env = environment(**server_env)
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
            # Saving published content records its clinical review.
            today = timezone.localdate()
            page.fill("#id_last_reviewed", today.isoformat())
            page.fill("#id_next_review_due", (today + datetime.timedelta(days=365)).isoformat())
            page.fill("#id_reviewed_by", "Dr Ana Silva, DPT")
            page.click("input[name=_save]")
            page.wait_for_url("**/admin/ankle_education/condition/")

            after = fetch(second + CONDITION)
            assert "Edited on the first server, read on the second." in after
            assert after != before
