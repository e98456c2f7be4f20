"""Quality bars shared by the page tests: queries per page, axe in chromium and the Nu HTML checker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from django.test.utils import CaptureQueriesContext

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def queries_for(client, path: str) -> int:
    """How many database queries the page at ``path`` takes; it must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page, as ``{"id", "nodes"}`` dicts."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        {"id": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
        for violation in results.response["violations"]
    ]


def require_tool(condition: bool, message: str) -> None:
    """A missing tool skips locally and fails in CI, where every check must run."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def nu_html_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Errors the Nu HTML checker finds, per document name; one Java start for all documents."""
    require_tool(VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm install` (make test does)")
    require_tool(shutil.which("java") is not None, "java is missing: the Nu HTML checker needs it")
    with tempfile.TemporaryDirectory() as directory:
        paths = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(directory) / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.as_uri()] = name
        completed = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
        )
    report = json.loads(completed.stdout)
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in report["messages"]:
        name = paths.get(message.get("url"), message.get("url", "?"))
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return {name: found for name, found in errors.items() if found}
