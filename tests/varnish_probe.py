"""Run in its own process with the production settings, as an editor's shell would: change a
condition, then time how long until the change shows through Varnish.

    python -m tests.varnish_probe <edit|archive|publish> <page URL through Varnish> [times]

Prints one JSON list: the seconds from each save's return to the first answer showing it.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
import uuid

import django

SLUG = "ankle-sprain"
TIMEOUT = 10.0


def answer(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def seconds_until(url: str, shows: object) -> float:
    started = time.monotonic()
    while time.monotonic() - started < TIMEOUT:
        if shows(*answer(url)):  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.005)
    raise SystemExit(f"{url} did not change within {TIMEOUT} s")


def main() -> None:
    django.setup()
    from ankle_education.models import Condition, Status

    action, url = sys.argv[1], sys.argv[2]
    times = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    latencies = []
    for _ in range(times):
        condition = Condition.objects.get(slug=SLUG)
        if action == "edit":
            text = f"Edited from a shell {uuid.uuid4().hex}."
            condition.summary = text
            condition.save()
            latencies.append(seconds_until(url, lambda status, html, text=text: status == 200 and text in html))
        elif action == "archive":
            condition.status = Status.ARCHIVED
            condition.save()
            latencies.append(seconds_until(url, lambda status, html: status == 404))
        elif action == "publish":
            condition.status = Status.PUBLISHED
            condition.save()
            latencies.append(seconds_until(url, lambda status, html: status == 200))
        else:
            raise SystemExit(f"unknown action {action!r}")
    sys.stdout.write(json.dumps(latencies) + "\n")


if __name__ == "__main__":
    main()
