"""`make demo`: its manage.py commands, then its server, on a fresh SQLite database."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.cookiejar import CookieJar
from io import StringIO
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.core.management import call_command
from django.urls import reverse

from ankle_education import models
from tests.admin.helpers import form_data

REPO = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_recipe(port: int) -> tuple[list[list[str]], str]:
    """The demo target's manage.py argument lists, in order, and the login line it prints (``make -n``)."""
    dry_run = subprocess.run(
        ["make", "-n", "demo", f"PORT={port}"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    commands = [shlex.split(match) for match in re.findall(r"manage\.py (.*)", dry_run)]
    [login] = re.findall(r"\(login: (.*)\)", dry_run)
    return commands, login


def fresh_example_project(tmp_path: Path) -> Path:
    """A copy of the example site without its database: its settings keep SQLite next to manage.py."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "example_project"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout.split("\0")
    for name in listed:
        if name and (REPO / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, tmp_path / name)
    return tmp_path / "example_project"


class NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def stop(server: subprocess.Popen) -> None:
    """Stop the server and the autoreloader's child: the process group it leads."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue


def test_make_demo_serves_the_pages_and_its_printed_login_works(tmp_path):
    port = free_port()
    commands, login = demo_recipe(port)
    *setup, serve = commands
    assert serve[0] == "runserver", commands
    username, password = login.split(" / ")
    project = fresh_example_project(tmp_path)
    assert not (project / "db.sqlite3").exists()
    environment = {**os.environ, "DATABASE_URL": "", "PYTHONPATH": str(REPO)}
    for test_only in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(test_only, None)

    for arguments in setup:
        completed = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=project, env=environment,
            capture_output=True, text=True, check=False,
        )
        assert completed.returncode == 0, f"{arguments}: {completed.stdout}{completed.stderr}"
    assert (project / "db.sqlite3").is_file()

    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        # Its own session, so the autoreloader's child process stops with it.
        server = subprocess.Popen(
            [sys.executable, "manage.py", *serve], cwd=project, env=environment,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        browser = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirects)

        def get(path: str):
            return browser.open(f"{base}{path}", timeout=10)

        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert server.poll() is None, log_path.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)

        login_page = get("/admin/login/")
        assert login_page.status == 200
        assert get("/patient-education/ankle/").status == 200
        # Published by the demo, not left in review, with a review that says it is a demonstration.
        condition_page = get("/patient-education/ankle/conditions/ankle-sprain/")
        assert condition_page.status == 200
        condition_html = condition_page.read().decode()
        assert "Example reviewer, for demonstration" in condition_html
        assert "Not yet clinically reviewed" not in condition_html
        # What every browser and crawler asks the site for.
        assert get("/robots.txt").status == 200
        with pytest.raises(HTTPError) as favicon:
            get("/favicon.ico")
        assert favicon.value.code == 302
        assert get(favicon.value.headers["Location"]).headers["Content-Type"].startswith("image/")

        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.read().decode())
        assert token, "no CSRF token on the admin login page"
        form = {"csrfmiddlewaretoken": token[1], "username": username, "password": password, "next": "/admin/"}
        # A wrong login answers 200 with the form again; only a right one redirects.
        with pytest.raises(HTTPError) as redirect:
            browser.open(Request(f"{base}/admin/login/", data=urlencode(form).encode()), timeout=10)
        assert redirect.value.code == 302
        assert redirect.value.headers["Location"] == "/admin/"
        assert get("/admin/").status == 200
    finally:
        stop(server)


def demo_load_arguments() -> list[str]:
    """The arguments the demo target gives ``load_ankle_starter_content``."""
    commands, _login = demo_recipe(8000)
    [load] = [arguments for arguments in commands if arguments[0] == "load_ankle_starter_content"]
    return load


@pytest.mark.django_db
def test_the_demo_publishes_with_a_demo_review_only_when_asked():
    assert "--demo-review" in demo_load_arguments()
    call_command("load_ankle_starter_content", "--publish", stdout=StringIO())
    assert not models.Condition.objects.exclude(reviewed_by="").exists()  # never the default


@pytest.mark.django_db
def test_every_kind_of_demo_page_can_be_edited_and_saved_in_the_admin(superuser_client):
    call_command(*demo_load_arguments(), stdout=StringIO())
    for model in (models.Category, models.Condition, models.PreventionTip, models.TreatmentTier, models.WarningSign):
        obj = model.objects.published().first()
        url = reverse(f"admin:ankle_education_{model._meta.model_name}_change", args=[obj.pk])
        data = form_data(superuser_client.get(url))
        response = superuser_client.post(url, {**data, "_continue": "1"})
        errors = response.context["adminform"].form.errors if response.status_code == 200 else {}
        assert response.status_code == 302, (model.__name__, errors)
