"""The README's "Add it to an existing site", followed as written on a fresh ``startproject`` site.

The blocks marked ``<!-- readme-test: install -->`` are applied in order: a python block's ``# settings.py``
and ``# urls.py`` parts are added to those files, a template block is saved where its first line names,
and a shell block's ``python manage.py`` commands are run (its ``pip install`` lines are skipped: the app
is installed in this environment already). The embedding snippet (``readme-test: host-page``) becomes a
page of the host, and the sitemap snippet of "Sitemaps and search" is mounted too. Then Django's test
client, inside the site, asks for each kind of page.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
PROJECT = "mysite"  # the package startproject makes: mysite/settings.py, mysite/urls.py
MOUNT = "/patient-education/ankle/"
CONDITION = "stress-fracture"  # a starter condition with signs of its own

MARKED_BLOCK = re.compile(r"<!-- readme-test: (?P<name>[\w-]+) -->\n```(?P<language>\w+)\n(?P<code>.*?)\n```", re.S)
# A line such as "# settings.py" starts the part of a python block that goes into that file.
FILE_PART = re.compile(r"^# (\w+\.py)\n", re.M)
# A template block's first line names its file: {# templates/base.html #}.
TEMPLATE_NAME = re.compile(r"\{# (\S+) #\}\n")

# Pages of the host that embed the README's snippet, with no condition and with a starter condition.
HOST_VIEWS = f'''
from django.shortcuts import render

from ankle_education.models import Condition


def host_page(request):
    return render(request, "host_page.html")


def host_page_with_a_condition(request):
    condition = Condition.objects.published().get(slug="{CONDITION}")
    return render(request, "host_page.html", {{"condition": condition}})


urlpatterns += [path("host/", host_page), path("host/condition/", host_page_with_a_condition)]
'''

# Run by `manage.py shell -c`: each page through the site's own middleware (CSRF checks on), then the
# checklist embedded in the host page sent back as a patient would. Prints PAGES {what: [status, body]}.
CLIENT_SCRIPT = f'''
import json, re
from django.test import Client

client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
pages = {{}}
for path in ["{MOUNT}", "{MOUNT}conditions/{CONDITION}/", "/host/", "/host/condition/", "/sitemap.xml"]:
    response = client.get(path)
    pages[path] = [response.status_code, response.content.decode()]
form = pages["/host/"][1]
action = re.search(r'<form class="ankle-checklist" method="post" action="([^"]+)"', form)[1]
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
response = client.post(action, {{"csrfmiddlewaretoken": token, "none": "1", "checklist": "1"}})
pages["sent"] = [response.status_code, response.content.decode()]
print("PAGES", json.dumps(pages))
'''


def marked_blocks(name: str) -> list[tuple[str, str]]:
    """The README's code blocks marked ``readme-test: <name>``, in order, as (language, code)."""
    text = README.read_text(encoding="utf-8")
    return [(match["language"], match["code"]) for match in MARKED_BLOCK.finditer(text) if match["name"] == name]


def sitemap_snippet() -> str:
    """The first python block of the README's "Sitemaps and search" section: the sitemap URL."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Sitemaps and search\n") :]
    return re.search(r"```python\n(.*?)\n```", section, re.S)[1]


def manage(site: Path, *args: str) -> str:
    """``python manage.py <args>`` in ``site`` with this environment's python; its output, or the test fails."""
    # Not the test settings: manage.py only sets DJANGO_SETTINGS_MODULE when it is unset. And this
    # checkout's app first, whatever checkout the environment's editable install points at.
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    completed = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=site, env=environment, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, f"manage.py {' '.join(args)}:\n{completed.stdout}{completed.stderr}"
    return completed.stdout + completed.stderr


def add_to(path: Path, code: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + code + "\n", encoding="utf-8")


def apply(site: Path, language: str, code: str) -> dict[str, str]:
    """Does what one install block says; the output of each manage.py command it runs."""
    outputs = {}
    if language == "python":
        parts = FILE_PART.split(code)
        assert parts[0].strip() == "", f"a python block must start with the file it goes in:\n{code}"
        for file_name, part in zip(parts[1::2], parts[2::2], strict=True):
            add_to(site / PROJECT / file_name, part)
    elif language == "django":
        named = TEMPLATE_NAME.match(code)
        assert named, f"a template block must start with its file name:\n{code}"
        (site / named[1]).parent.mkdir(parents=True, exist_ok=True)
        (site / named[1]).write_text(code[named.end() :], encoding="utf-8")
    elif language == "sh":
        for line in code.splitlines():
            command = shlex.split(line, comments=True)
            if command[:2] == ["pip", "install"] or not command:
                continue
            assert command[:2] == ["python", "manage.py"], f"not a step this test knows: {line}"
            outputs[" ".join(command[2:])] = manage(site, *command[2:])
    else:
        raise AssertionError(f"a {language} block is not a step this test knows")
    return outputs


def test_the_readme_install_steps_give_a_working_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    subprocess.run([sys.executable, "-m", "django", "startproject", PROJECT, str(site)], check=True)

    install = marked_blocks("install")
    assert [language for language, _ in install].count("sh") == 2  # pip install, then manage.py
    outputs = {}
    for language, code in install:
        outputs.update(apply(site, language, code))
    assert {"migrate", "check", "load_ankle_starter_content"} <= set(outputs)
    assert "ankle_education" not in outputs["check"]

    [(language, host_page)] = marked_blocks("host-page")
    assert language == "django"
    (site / "templates" / "host_page.html").write_text(
        '{% extends "base.html" %}{% block content %}' + host_page + "{% endblock %}", encoding="utf-8"
    )
    add_to(site / PROJECT / "urls.py", sitemap_snippet() + HOST_VIEWS)
    manage(site, "load_ankle_starter_content", "--publish")  # the test's own step: pages go live unreviewed
    pages = json.loads(re.search(r"^PAGES (.*)$", manage(site, "shell", "-c", CLIENT_SCRIPT), re.M)[1])

    assert {what: status for what, (status, _) in pages.items()} == dict.fromkeys(pages, 200)
    assert "<h1>Ankle pain after running</h1>" in pages[MOUNT][1]
    assert f'action="{MOUNT}seek-help/"' in pages["/host/"][1]
    assert f'href="{MOUNT}book/?urgency=routine"' in pages["/host/"][1]
    assert f'action="{MOUNT}conditions/{CONDITION}/seek-help/"' in pages["/host/condition/"][1]
    assert f'href="{MOUNT}book/?condition={CONDITION}&amp;urgency=routine"' in pages["/host/condition/"][1]
    assert "Look after your ankle at home" in pages["sent"][1]  # the form's token was accepted
    assert f"http://localhost{MOUNT}conditions/{CONDITION}/</loc>" in pages["/sitemap.xml"][1]
