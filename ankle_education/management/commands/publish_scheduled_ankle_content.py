"""Put content live, and take it down, at the times publishers set (for cron).

    python manage.py publish_scheduled_ankle_content [--dry-run]

Run it every few minutes. It is safe to run again, and on PostgreSQL to run twice at once: each
piece is handled once, under a row lock a second run skips, and its time is cleared when applied
(SQLite has no row locks: run one at a time there). What goes live is what a publisher would put
live: the reviewed pending change of live content, or the reviewed row of content not live yet. It
stays scheduled, and is reported every run, while it has no current review of exactly that version
(or links to content deleted since). Taking down brings a pending change into the row, in review.
``--dry-run`` reports what a run would do and changes nothing. Exits with status 1 when anything due
was left undone, so cron mails the output.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ankle_education.scheduling import apply_schedule


class Command(BaseCommand):
    help = (
        "Publish content whose go-live time has come (if its clinical review allows) and take down "
        "content whose take-down time has come. Run it from cron every few minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="say what is due; change nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        report = apply_schedule(timezone.now(), dry_run=dry_run)
        for label in report.published:
            self.stdout.write(f"{'Would publish' if dry_run else 'Published'}: {label}")
        for label in report.taken_down:
            self.stdout.write(f"{'Would take down' if dry_run else 'Took down'}: {label}")
        for reason in report.refused:
            self.stderr.write(f"Not published: {reason}")
        if not (report.published or report.taken_down or report.refused):
            self.stdout.write("Nothing is due.")
        if report.refused:
            raise CommandError(
                f"{len(report.refused)} scheduled to go live but not published. "
                "Each stays scheduled until put right: see the reasons above."
            )
