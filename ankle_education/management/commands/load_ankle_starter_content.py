"""``manage.py load_ankle_starter_content [--publish [--demo-review]]``: load the starter library."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ankle_education.starter_content.loader import DEMO_REVIEWER, load_starter_content


class Command(BaseCommand):
    help = (
        "Create or update the starter library about ankle pain after running. Safe to run again: rows "
        "that staff have changed since they were loaded are left alone and listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the content at once (for demos). By default it loads as 'in review', so nothing "
            "goes live before a clinical review.",
        )
        parser.add_argument(
            "--demo-review",
            action="store_true",
            help=f"With --publish, for demos only: record a review by '{DEMO_REVIEWER}', so pages show review "
            "dates and can be edited and saved in the admin. Never on a real site: nobody has reviewed the content.",
        )

    def handle(self, *args: Any, publish: bool, demo_review: bool, **options: Any) -> None:
        try:
            report = load_starter_content(publish=publish, demo_review=demo_review)
        except ValueError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
