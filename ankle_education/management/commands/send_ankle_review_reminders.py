"""Email the clinical reviewers the published pages whose review is overdue or due soon (for cron).

    python manage.py send_ankle_review_reminders --site-url https://clinic.example.com [--days 30]
        [--to address ...] [--dry-run]

Recipients are the active users who may publish content (and superusers) with an email address,
or the ``--to`` addresses. Nothing due: nothing is sent. Running it twice sends two reminders:
schedule it as often as reviewers should hear (weekly, say).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ankle_education.reminders import due_for_review, reminder_email, reviewer_addresses


class Command(BaseCommand):
    help = "Email the clinical reviewers the published pages whose review is overdue or due within --days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="also list reviews due within this many days (30)")
        parser.add_argument("--to", nargs="+", default=None, metavar="ADDRESS",
                            help="send to these addresses instead of the reviewers")
        parser.add_argument("--site-url", default=None,
                            help="the site's address for the admin links, e.g. https://clinic.example.com "
                            "(default: the current django.contrib.sites Site, over https)")
        parser.add_argument("--dry-run", action="store_true", help="print the email and its recipients; send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more.")
        site_url = options["site_url"] or self._current_site_url()
        parts = urlsplit(site_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise CommandError(f"--site-url must be an http(s) address, e.g. https://clinic.example.com: {site_url!r}")
        today = timezone.localdate()
        items = due_for_review(today, options["days"])
        if not items:
            self.stdout.write("Nothing is overdue or due for review; no email sent.")
            return
        recipients = options["to"] or reviewer_addresses()
        if not recipients:
            raise CommandError("No reviewer has an email address: give them one, or pass --to.")
        subject, body = reminder_email(items, today, site_url)
        if options["dry_run"]:
            self.stdout.write(f"To: {', '.join(recipients)}\nSubject: {subject}\n\n{body}")
            self.stdout.write(f"Dry run: {len(items)} pages listed; no email sent.")
            return
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        self.stdout.write(f"Sent a reminder of {len(items)} pages to {len(recipients)} addresses.")

    def _current_site_url(self) -> str:
        from django.apps import apps

        if not apps.is_installed("django.contrib.sites"):
            raise CommandError("Pass --site-url (django.contrib.sites is not installed to tell the site's address).")
        from django.contrib.sites.models import Site

        return f"https://{Site.objects.get_current().domain}"
