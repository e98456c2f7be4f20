"""Go-live and take-down times, applied when they come (``publish_scheduled_ankle_content``, for cron).

Each piece is handled in its own transaction, under a row lock taken with ``skip_locked`` on
databases that have one (PostgreSQL): a run skips a piece another run holds, so two runs at once
never handle the same piece, and a piece is done once, since its time is cleared as it is applied.
SQLite has no row locks: there, run one at a time. Content goes live only as the editorial rules
allow (``workflow.publish_errors``): a schedule is no way round the review. A piece that may not go
live, or cannot come down, keeps its time and is reported; it holds up nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankle_education import invalidation, workflow
from ankle_education.models import Publishable, Status
from ankle_education.registry import publishable_models

ON_SCHEDULE = "on schedule"


@dataclass
class ScheduleReport:
    """What a run did (or, in a dry run, would do): labels of pieces, and why a piece was not handled."""

    published: list[str] = field(default_factory=list)
    taken_down: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # due to go live, not published


def _locked(model: type[Publishable], pk: int, time_field: str, now: datetime.datetime) -> Publishable | None:
    """The piece, locked, if it is still due (another run may have taken or done it)."""
    return (
        model._default_manager.select_for_update(skip_locked=True).filter(pk=pk, **{f"{time_field}__lte": now}).first()
    )


def _due(model: type[Publishable], time_field: str, now: datetime.datetime) -> list[int]:
    return list(
        model._default_manager.filter(**{f"{time_field}__lte": now}).order_by("pk").values_list("pk", flat=True)
    )


def apply_schedule(now: datetime.datetime, dry_run: bool = False) -> ScheduleReport:
    """Publish what is due to go live and take down what is due to come down, as of ``now``.

    A dry run does the same work, each piece's transaction rolled back and no cache purged, so it
    reports exactly what a run would do and changes nothing.
    """
    report = ScheduleReport()
    today = timezone.localdate(now)
    steps: tuple[tuple[str, Callable[[Publishable], None]], ...] = (
        ("go_live_at", lambda content: _go_live(content, report, today)),
        ("take_down_at", lambda content: _take_down(content, report)),
    )
    for model in publishable_models():
        for time_field, step in steps:
            for pk in _due(model, time_field, now):
                with transaction.atomic(), invalidation.suspended() if dry_run else nullcontext():
                    content = _locked(model, pk, time_field, now)
                    if content is not None:
                        step(content)
                    if dry_run:
                        transaction.set_rollback(True)
    return report


def _label(content: Publishable) -> str:
    return f"{content._meta.verbose_name} “{content}”"


def _why(content: Publishable, errors: list[str]) -> str:
    return _("%(content)s: %(errors)s") % {"content": _label(content), "errors": " ".join(errors)}


def _go_live(content: Publishable, report: ScheduleReport, today: datetime.date) -> None:
    if content.status == Status.ARCHIVED:
        # Archived is for the record: a time set before it was archived must not bring it back.
        report.refused.append(_why(content, [_("It is archived: move it to “In review” to publish it.")]))
        content.go_live_at = None
        content.save(update_fields=["go_live_at", "updated_at"])
        return
    version = workflow.version_going_live(content)
    if version is not None:
        errors = workflow.publish_errors(version, today)
        if not errors:
            try:
                with transaction.atomic():
                    workflow.put_live(content, version, None, ON_SCHEDULE)
            except ValidationError as error:  # it links to content deleted since, or its slug is taken
                errors = error.messages
        if errors:
            # Kept scheduled, so staff see it in the admin and every run reports it until it is put right.
            report.refused.append(_why(content, errors))
            return
        report.published.append(_label(content))
    content.go_live_at = None
    content.save(update_fields=["go_live_at", "updated_at"])


def _take_down(content: Publishable, report: ScheduleReport) -> None:
    if content.is_published:  # a take-down never fails (workflow.take_down)
        workflow.take_down(content, Status.IN_REVIEW, None, ON_SCHEDULE)
        report.taken_down.append(_label(content))
    content.take_down_at = None
    content.save(update_fields=["take_down_at", "updated_at"])
