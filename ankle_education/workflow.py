"""What staff do to content, version by version: edit, review, publish, take down, restore.

Every operation records a version (``ankle_education.versions``), so a piece's history is also its
audit trail. The rules it enforces:

- Live content keeps its row while someone changes it: the change is a *pending* version, and the
  public, which reads only rows, never sees it until it is published.
- A clinical review is of one version's content (its hash). An edit that changes the content
  leaves the review behind, and publishing needs a review of exactly what goes live.
- Taking content down, restoring a version and publishing are recorded with who did it.

Permissions are checked here too, so every way in (admin form, actions, commands) keeps them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankle_education import invalidation, versions
from ankle_education.conf import conf
from ankle_education.models import Publishable, Status, Version
from ankle_education.publishing import REVIEW_FIELDS, can_publish, review_errors
from ankle_education.versions import NO_REVIEW, Review

if TYPE_CHECKING:
    from ankle_education.publishing import User


def version_going_live(content: Publishable) -> Version | None:
    """What publishing ``content`` would put live: its pending change, or the row of content not live
    yet (recorded first if the row changed outside the versions); None when nothing would change."""
    if pending := versions.pending_version(content):
        return pending
    if content.is_published:
        return None
    current = versions.ensure_recorded(content)
    if current.content_hash != versions.content_hash(versions.snapshot(content)):
        # Changed outside the admin since: what was reviewed is not what would go live.
        # Its review stays beside it, of the old content, so the refusal can say so.
        current = versions.record(content, action=Version.Action.EDITED, review=Review.of_version(current))
    return current


def publish_errors(version: Version, today: datetime.date | None = None) -> list[str]:
    """Why ``version`` may not go live (empty when it may): its review must be current and of it."""
    if version.reviewed_by and not version.review_holds:
        return [
            _(
                "It changed after its clinical review of %(date)s by %(reviewer)s: "
                "record a review of this version before publishing."
            )
            % {"date": version.last_reviewed, "reviewer": version.reviewed_by}
        ]
    return list(review_errors(version.last_reviewed, version.next_review_due, version.reviewed_by, today).values())


def ensure_publishable(contents: Iterable[Publishable], user: User) -> list[tuple[Publishable, Version]]:
    """The versions going live, or ``PermissionDenied``/``ValidationError`` naming each piece that may not."""
    contents = list(contents)
    if not all(can_publish(user, content) for content in contents):
        raise PermissionDenied(_("You do not have permission to publish this content."))
    going_live = [(content, version) for content in contents if (version := version_going_live(content))]
    problems = [
        _("“%(content)s”: %(errors)s") % {"content": content, "errors": " ".join(errors)}
        for content, version in going_live
        if (errors := publish_errors(version))
    ]
    if problems:
        raise ValidationError(problems)
    return going_live


def publish_all(contents: Iterable[Publishable], user: User, note: str = "") -> int:
    """Publish every piece (its pending change, or its reviewed draft), or none. Returns how many."""
    with transaction.atomic():
        going_live = ensure_publishable(contents, user)
        for content, version in going_live:
            put_live(content, version, user, note)
    return len(going_live)


def _write(content: Publishable, version: Version, status: str, shown_only: bool = False) -> None:
    """Make the row (and its parts) say what ``version`` says, with its review, in ``status``.

    A pending change's links are merged with the live ones (``versions.apply_parts``), so a link
    published from the other side since stays. The content on the other side of changed links gets
    a version too, unless this is ``shown_only`` (in a savepoint that is rolled back).
    """
    versions.apply(content, version.data)
    Review.of_version(version).write_to(content)
    content.status = status
    content.save()
    base = versions.versions_of(content).filter(number=version.based_on).first() if version.based_on else None
    touched = versions.apply_parts(content, version.data, base.data if base is not None else None)
    if not shown_only:
        invalidation.purge_links(content, touched)
        versions.record_partners(content, touched, _("links changed with “%(content)s”") % {"content": content})


def put_live(content: Publishable, version: Version, user: Any, note: str = "") -> None:
    """Put ``version`` (checked by ``publish_errors``) live and record it; ``user`` None is the schedule.

    Content already live keeps its first publication time.
    """
    if not content.is_published:
        content.published_at = timezone.now()
    if version.state == Version.State.PENDING:
        _write(content, version, Status.PUBLISHED)
        version.state = Version.State.PAST
        version.save(update_fields=["state"])
    else:
        content.status = Status.PUBLISHED
        content.save()
    versions.record(content, action=Version.Action.PUBLISHED, user=user, review=Review.of_version(version), note=note)


def review_target(content: Publishable) -> Version:
    """The version a review of ``content`` is of: its pending change, or what its row says."""
    return versions.pending_version(content) or version_going_live(content) or versions.ensure_recorded(content)


def record_review(
    content: Publishable,
    reviewer_name: str,
    user: User,
    today: datetime.date | None = None,
    expected_content: str | None = None,
) -> Version:
    """Sign off the version a publisher would put live next (``review_target``).

    The review is of that version's content only; the next falls due after ``REVIEW_INTERVAL_DAYS``.
    ``expected_content`` is the content hash the reviewer was shown: if the content has changed
    since, nothing is recorded.
    """
    if not can_publish(user, content):
        raise PermissionDenied(_("You do not have permission to record a clinical review."))
    reviewer_name = reviewer_name.strip()
    if not reviewer_name:
        raise ValidationError({"reviewed_by": _("Enter the reviewer’s name and credentials.")})
    today = today or timezone.localdate()
    target = review_target(content)
    if expected_content is not None and expected_content != target.content_hash:
        raise ValidationError(
            _("“%(content)s” changed after you opened this page: look at it again before signing it off.")
            % {"content": content}
        )
    review = Review(
        today, today + datetime.timedelta(days=conf.REVIEW_INTERVAL_DAYS), reviewer_name, target.content_hash
    )
    if target.state == Version.State.PENDING:
        return versions.record(
            content,
            action=Version.Action.REVIEWED,
            user=user,
            state=Version.State.PENDING,
            data=target.data,
            status=target.status,
            review=review,
            based_on=target.based_on,
        )
    review.write_to(content)
    content.save(update_fields=[*REVIEW_FIELDS, "updated_at"])
    return versions.record(content, action=Version.Action.REVIEWED, user=user, data=target.data, review=review)


def take_down(content: Publishable, status: str, user: User | None, note: str = "") -> None:
    """Take ``content`` off the patient pages into ``status`` (in review, draft or archived).

    A pending change comes down with it into the row, so the newest edit is what staff work on next;
    one that can no longer be written (it links to content deleted since) stays in the history only,
    and never stops the take-down. ``user`` None is the schedule, which the publisher who set it
    answered for.
    """
    if user is not None and not can_publish(user, content):
        raise PermissionDenied(_("You do not have permission to take this content down."))
    with transaction.atomic():
        pending = versions.pending_version(content)
        review = Review.of_version(pending or versions.ensure_recorded(content))
        written = False
        if pending is not None:
            try:
                with transaction.atomic():
                    _write(content, pending, status)
                written = True
            except ValidationError:
                content.refresh_from_db()
                review = Review.of_version(versions.ensure_recorded(content))
            pending.state = Version.State.PAST
            pending.save(update_fields=["state"])
        if not written:
            content.status = status
        # A time set for the content as it was must not bring it back, or take it down again.
        content.go_live_at = content.take_down_at = None
        content.save()
        versions.record(content, action=Version.Action.TAKEN_DOWN, user=user, review=review, note=note)


def archive(content: Publishable, user: User) -> None:
    """Take ``content`` out of public view for good, keeping it for the record."""
    if not can_publish(user, content):
        raise PermissionDenied(_("You do not have permission to archive this content."))
    take_down(content, Status.ARCHIVED, user)


def move_back_to_review(content: Publishable, user: User) -> None:
    """Take ``content`` out of public view into review, so its next version can be prepared there."""
    if not can_publish(user, content):
        raise PermissionDenied(_("You do not have permission to move this content back to review."))
    take_down(content, Status.IN_REVIEW, user)


# Saving the admin's change form ----------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """What a change form saved: the version it made, and what staff must be told."""

    version: Version
    review_cleared: Review | None = None  # the review this edit left behind
    published: bool = False
    not_published_because: tuple[str, ...] = ()
    same_as_live: bool = False  # a save of live content that changed nothing patients see


def _review_after_edit(
    previous: Version | None, posted: Review, data_hash: str, may_review: bool
) -> tuple[Review, Review | None]:
    """The review a new version carries, and the one the edit cleared (None if none was).

    Review fields changed in the same save are a new review, of what was saved. Unchanged ones
    carry over only if the content is still what they reviewed.
    """
    before = Review.of_version(previous) if previous is not None else NO_REVIEW
    if may_review and not posted.same_fields(before) and posted.reviewed_by:
        return Review(posted.last_reviewed, posted.next_review_due, posted.reviewed_by, data_hash), None
    if before.holds_for(data_hash) or not before.reviewed_by:
        return before, None
    return NO_REVIEW, before


def save_change(
    content: Publishable,
    previous: Version | None,
    *,
    data: dict[str, Any],
    status: str,
    posted: Review,
    user: User,
    schedule: dict[str, Any] | None = None,
    schedule_changed: bool = False,
    created: bool = False,
) -> Saved:
    """Record what the change form saved, and publish it if it asked to and may.

    For live content ``data`` was saved only inside a savepoint that has been rolled back: it
    becomes the pending change. Otherwise the row holds it already. ``previous`` is the version the
    form showed; ``posted`` the review fields it sent, a new review only from a publisher. A new
    schedule is noted on the version, so the history says who set it.
    """
    with transaction.atomic():
        note = _schedule_note(schedule or {}) if schedule_changed and can_publish(user, content) else ""
        return _save_change(content, previous, data, status, posted, user, schedule or {}, created, note)


def _schedule_note(schedule: dict[str, Any]) -> str:
    def when(value: datetime.datetime | None) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else _("not set")

    return _("go live at: %(go_live)s; take down at: %(take_down)s") % {
        "go_live": when(schedule.get("go_live_at")),
        "take_down": when(schedule.get("take_down_at")),
    }


def _save_change(
    content: Publishable,
    previous: Version | None,
    data: dict[str, Any],
    status: str,
    posted: Review,
    user: User,
    schedule: dict[str, Any],
    created: bool,
    note: str,
) -> Saved:
    may_publish = can_publish(user, content)
    review, cleared = _review_after_edit(previous, posted, versions.content_hash(data), may_publish)
    wants_live = status == Status.PUBLISHED
    action = Version.Action.CREATED if created else Version.Action.EDITED
    if content.is_published:
        # When it goes live or comes down is the row's, not the pending change's: a publisher's to set.
        if may_publish and any(getattr(content, name) != value for name, value in schedule.items()):
            for name, value in schedule.items():
                setattr(content, name, value)
            content.save(update_fields=[*schedule, "updated_at"])
        current = versions.ensure_recorded(content)
        if versions.content_hash(data) == current.content_hash:
            return _same_as_live(content, current, posted, user, note)
        based_on = current.number
        if previous is not None and previous.state == Version.State.PENDING and previous.based_on:
            based_on = previous.based_on  # the same change, edited again
        version = versions.record(
            content,
            action=action,
            user=user,
            state=Version.State.PENDING,
            data=data,
            status=Status.IN_REVIEW if wants_live else status,
            review=review,
            based_on=based_on,
            note=note,
        )
    else:
        if cleared is not None:
            NO_REVIEW.write_to(content)
        content.status = Status.IN_REVIEW if wants_live else status
        if content.status == Status.ARCHIVED:
            content.go_live_at = None  # archived is for the record: no time brings it back
        content.save()
        version = versions.record(content, action=action, user=user, data=data, review=review, note=note)
    if not wants_live:
        return Saved(version, cleared)
    if not may_publish:
        raise PermissionDenied(_("You do not have permission to publish this content."))
    if errors := publish_errors(version):
        return Saved(version, cleared, not_published_because=tuple(errors))
    put_live(content, version, user)
    return Saved(version, cleared, published=True)


def _same_as_live(content: Publishable, current: Version, posted: Review, user: User, note: str) -> Saved:
    """A save of a live page that says what patients already see: no pending change is kept (an earlier
    one is discarded, on the record), and review fields a reviewer changed are a new review of the
    live version."""
    if versions.pending_version(content) is not None:
        current = discard_pending(content, user)
    if posted.reviewed_by and not posted.same_fields(Review.of_version(current)) and can_publish(user, content):
        review = Review(posted.last_reviewed, posted.next_review_due, posted.reviewed_by, current.content_hash)
        review.write_to(content)
        content.save(update_fields=[*REVIEW_FIELDS, "updated_at"])
        current = versions.record(
            content, action=Version.Action.REVIEWED, user=user, data=current.data, review=review, note=note
        )
    elif note:
        current = versions.record(
            content, action=Version.Action.SCHEDULED, user=user, data=current.data, review=Review.of_version(current),
            note=note,
        )  # fmt: skip
    return Saved(current, same_as_live=True)


def restore(content: Publishable, number: int, user: User) -> Version:
    """Bring back version ``number``: as a pending change of live content, or as the row of content
    that is not live. Never straight live: it needs a review, like any change. Raises ``ValidationError``
    when it can no longer be written (it links to content deleted since, or its slug is another's)."""
    old = versions.versions_of(content).get(number=number)
    note = _("from version %(number)d") % {"number": number}
    with transaction.atomic():
        current = versions.ensure_recorded(content)
        if content.is_published:
            if old.content_hash == current.content_hash:
                return discard_pending(content, user)  # what patients see already
            versions.check_applicable(content, old.data)
            return versions.record(
                content,
                action=Version.Action.RESTORED,
                user=user,
                state=Version.State.PENDING,
                data=old.data,
                status=Status.DRAFT,
                review=NO_REVIEW,
                note=note,
                based_on=current.number,
            )
        _write(content, old, content.status)
        NO_REVIEW.write_to(content)
        content.save()
        return versions.record(content, action=Version.Action.RESTORED, user=user, review=NO_REVIEW, note=note)


def discard_pending(content: Publishable, user: User) -> Version:
    """Drop the pending change of live content, keeping it in the history; returns the live version."""
    with transaction.atomic():
        current = versions.ensure_recorded(content)
        pending = versions.pending_version(content)
        if pending is None:
            return current
        pending.state = Version.State.PAST
        pending.save(update_fields=["state"])
        return versions.record(
            content,
            action=Version.Action.DISCARDED,
            user=user,
            data=current.data,
            review=Review.of_version(current),
            note=_("version %(number)d") % {"number": pending.number},
        )


def show_pending(content: Publishable) -> Version | None:
    """Inside ``versions.rolled_back()``: make the row say what its pending change says, for a form or
    a preview. Returns the pending version (None if there is none)."""
    pending = versions.pending_version(content)
    if pending is not None:
        with invalidation.suspended():
            _write(content, pending, pending.status, shown_only=True)
    return pending


def shown_content(content: Publishable) -> str:
    """The content hash of what a change form of ``content`` shows: its pending change, or its row."""
    pending = versions.pending_version(content) if content.is_published else None
    return pending.content_hash if pending is not None else versions.content_hash(versions.snapshot(content))


def queryset_with_pending(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    annotated: models.QuerySet[Any] = queryset.annotate(has_pending_change=versions.pending_exists(queryset.model))
    return annotated
