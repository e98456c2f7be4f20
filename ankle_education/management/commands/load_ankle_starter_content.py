"""``manage.py load_ankle_starter_content [--publish]``: load the starter library."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ankle_education.starter_content.loader import load_starter_content


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

    def handle(self, *args: Any, publish: bool, **options: Any) -> None:
        report = load_starter_content(publish=publish)
        for line in report.lines():
            self.stdout.write(line)
