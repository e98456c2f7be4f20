"""Fill the benchmark database: the starter library (or a large generated one) and the baseline flatpage.

Run with DJANGO_SETTINGS_MODULE=bench.settings; prints the paths to measure as JSON.
"""

from __future__ import annotations

import argparse
import json
import re

import django


def generate_large_library(conditions: int, tips: int, signs: int) -> None:
    """A library the size of a large clinic's, built with the test factories and bulk inserts."""
    from ankle_education.models import Condition, PreventionTip, WarningSign
    from tests import factories

    category = factories.CategoryFactory(slug="generated-causes", name="Generated causes")
    Condition.objects.bulk_create(factories.ConditionFactory.build_batch(conditions, category=category), 500)
    PreventionTip.objects.bulk_create(factories.PreventionTipFactory.build_batch(tips), 500)
    WarningSign.objects.bulk_create(factories.WarningSignFactory.build_batch(signs), 500)
    # Every generated tip helps prevent one generated condition: five tips per condition.
    condition_ids = list(Condition.objects.filter(category=category).values_list("pk", flat=True))
    tip_ids = PreventionTip.objects.filter(slug__startswith="prevention-tip-").values_list("pk", flat=True)
    link = PreventionTip.conditions.through
    link.objects.bulk_create(
        [link(preventiontip_id=tip_id, condition_id=condition_ids[i % len(condition_ids)])
         for i, tip_id in enumerate(tip_ids)],
        1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["starter", "large"], default="starter")
    options = parser.parse_args()
    django.setup()
    from django.db import connection

    if "bench" not in connection.settings_dict["NAME"].__str__():
        raise SystemExit("The benchmark empties its database: use one whose name contains 'bench'.")

    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site
    from django.core.management import call_command
    from django.test import Client, override_settings

    from ankle_education.models import Condition

    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_ankle_starter_content", "--publish", verbosity=0)
    if options.size == "large":
        generate_large_library(conditions=1000, tips=5000, signs=200)

    condition = Condition.objects.published().get(slug="achilles-tendinitis")
    with override_settings(ANKLE_EDUCATION={**django.conf.settings.ANKLE_EDUCATION, "CACHE_PAGES": False}):
        html = Client(HTTP_HOST="127.0.0.1").get(condition.get_absolute_url()).content.decode()
    # The baseline holds the same text and markup as the condition page's own content.
    match = re.search(r'<div class="ankle-education">(.*)</div>\s*</main>', html, re.S)
    if match is None:
        raise SystemExit("The condition page has no article to copy into the baseline flatpage.")
    article = match.group(1)
    site = Site.objects.get_current()
    # bench/urls.py mounts flatpages under /pages/, so this page answers at /pages/achilles-tendinitis/.
    flatpage, _ = FlatPage._default_manager.update_or_create(
        url="/achilles-tendinitis/", defaults={"title": condition.name, "content": article}
    )
    flatpage.sites.set([site])
    print(json.dumps({
        "hub": "/patient-education/ankle/",
        "condition": condition.get_absolute_url(),
        "flatpage": "/pages" + flatpage.url,
        "condition_list": "/patient-education/ankle/conditions/",
        "search": "/patient-education/ankle/search/?q=ankle",
        "sitemap": "/sitemap.xml",
    }))


if __name__ == "__main__":
    main()
