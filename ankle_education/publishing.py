"""The editorial rules: who may change what patients see, and what publishing needs.

The admin's change form, its actions and anything else that publishes go through these
functions, so the rules hold whichever way staff try to put content live.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeGuard, cast

from django.contrib.auth import get_permission_codename
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ankle_education.models import Category, Condition, Publishable, Source, Status, publish_codename

if TYPE_CHECKING:
    from typing import Protocol

    class User(Protocol):
        """What the rules read of ``request.user``: anonymous or signed in, of any user model."""

        @property
        def is_active(self) -> bool: ...

        @property
        def is_staff(self) -> bool: ...

        def has_perm(self, perm: str, obj: Model | None = None) -> bool: ...

# What a clinical reviewer fills in; publishing refuses while any is empty.
REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewed_by")
# When content goes live or comes down on its own: a publishing decision like the review.
SCHEDULE_FIELDS = ("go_live_at", "take_down_at")
# What someone without the publish permission may choose. Putting content live, taking it
# down and archiving it are publishing decisions.
EDITOR_STATUSES = (Status.DRAFT, Status.IN_REVIEW)


def publish_permission(content: Publishable | type[Publishable]) -> str:
    """The per-model permission, e.g. ``ankle_education.publish_condition``."""
    model_name = cast(str, content._meta.model_name)  # None only while the model class is being built
    return f"{content._meta.app_label}.{publish_codename(model_name)}"


def has_edit_permission(user: User, model: type[Model]) -> bool:
    """Whether ``user`` is active staff with the change permission on this kind of content.

    They may open its markdown editor and preview its drafts (what they may save is
    narrowed further by ``may_change_in_its_status``).
    """
    codename = get_permission_codename("change", model._meta)
    return bool(user.is_active and user.is_staff and user.has_perm(f"{model._meta.app_label}.{codename}"))


def can_publish(user: User, content: Publishable | type[Publishable]) -> bool:
    """Whether ``user`` may publish, unpublish, archive or sign off reviews of this kind of content."""
    return user.is_active and user.has_perm(publish_permission(content))


def may_change_in_its_status(user: User, content: Publishable) -> bool:
    """Whether ``user`` may edit ``content`` as it stands (their model change permission aside).

    An edit to live content is a pending change (``ankle_education.workflow``), so editors may make
    one; archived content is for the record, and only publishers bring it back.
    """
    return content.status != Status.ARCHIVED or can_publish(user, content)


def locked_notice(content: Publishable) -> str:
    """What staff who may not change ``content`` (see ``may_change_in_its_status``) are told on its page."""
    return _(
        "This is archived. Only a clinical reviewer can change it. "
        "Ask a reviewer to move it back to “In review” if it needs work."
    )


def _citations(source: Source, cited_by: Q) -> list[QuerySet[Publishable]]:
    return [
        source.conditions.filter(cited_by),
        source.prevention_tips.filter(cited_by),
        source.treatment_tiers.filter(cited_by),
        source.warning_signs.filter(cited_by),
    ]


def live_content_citing(source: Source) -> list[Publishable]:
    """Published content that cites ``source``: a change to the source shows on its pages at once."""
    return [content for citations in _citations(source, Q(status=Status.PUBLISHED)) for content in citations]


def signed_off_content_citing(source: Source) -> list[Publishable]:
    """Content citing ``source`` that is live or carries a clinical review: a reviewer vouched for the
    source as it is, and versions keep which source, not what it said."""
    cited_by = Q(status=Status.PUBLISHED) | ~Q(reviewed_by="")
    return [content for citations in _citations(source, cited_by) for content in citations]


def may_change_source(user: User, source: Source) -> bool:
    """Whether ``user`` may edit ``source`` (their change permission aside).

    An edit shows at once on every published page citing the source, and changes what a review of
    the content citing it saw: only someone who may publish each such piece may change it.
    """
    return all(can_publish(user, content) for content in signed_off_content_citing(source))


def source_locked_notice(citing: Iterable[Publishable]) -> str:
    """What staff who may not change a source (see ``may_change_source``) are told on its page."""
    return _(
        "Published or clinically reviewed content cites this source, so a change would show on the patient "
        "pages, or change what was reviewed: %(content)s. Only a clinical reviewer can change it."
    ) % {"content": ", ".join(f"“{content}”" for content in citing)}


def allowed_statuses(user: User, content: Publishable, pending_change: bool = False) -> list[str]:
    """The statuses ``user`` may give ``content``, in the order staff expect them.

    ``pending_change``: the form edits a change to live content, which goes live or waits; taking
    the content down is a list action.
    """
    if pending_change:
        offered = {*EDITOR_STATUSES, Status.PUBLISHED} if can_publish(user, content) else set(EDITOR_STATUSES)
        return [status for status in Status.values if status in offered]
    if can_publish(user, content):
        return list(Status.values)
    allowed = {*EDITOR_STATUSES, content.status}
    return [status for status in Status.values if status in allowed]


def review_errors(
    last_reviewed: datetime.date | None,
    next_review_due: datetime.date | None,
    reviewed_by: str,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Why these review fields are not enough to publish, by field name (empty when they are).

    Content goes live only with a review that is still current: its next review falls due after today.
    """
    errors = {}
    if not last_reviewed:
        errors["last_reviewed"] = _("Enter the date of the clinical review before publishing.")
    if not next_review_due:
        errors["next_review_due"] = _("Enter when the next review is due before publishing.")
    elif next_review_due <= (today or timezone.localdate()):
        errors["next_review_due"] = _(
            "The next review falls due on %(date)s, which is not in the future. "
            "Review the content again and set a later date before publishing."
        ) % {"date": next_review_due.isoformat()}
    elif last_reviewed and next_review_due <= last_reviewed:
        errors["next_review_due"] = _("The next review must be due after the last review.")
    if not (reviewed_by or "").strip():
        errors["reviewed_by"] = _("Enter the reviewer’s name and credentials before publishing.")
    return errors


def is_hidden_from_patients(content: Publishable) -> TypeGuard[Condition]:
    """Published, yet patients cannot see it: a condition whose cause category is not published."""
    return isinstance(content, Condition) and content.is_published and not content.is_public


def status_label(content: Publishable) -> str:
    """The status in words for staff, saying when published content is still hidden from patients."""
    if is_hidden_from_patients(content):
        return _("%(status)s — hidden: cause category not published") % {"status": content.get_status_display()}
    return content.get_status_display()


def hidden_warning(content: Publishable) -> str | None:
    """Why published content that ``content`` is or holds is hidden from patients, for staff; None if nothing is.

    A published condition is hidden while its cause category is not: staff are told on both pages.
    """
    if isinstance(content, Category):
        return _hidden_conditions_warning(content)
    if not is_hidden_from_patients(content):
        return None
    return _(
        "Patients cannot see “%(condition)s” although it is published: its cause category “%(category)s” "
        "is not published. Publish the category to show it."
    ) % {"condition": content, "category": content.category}


def _hidden_conditions_warning(category: Category) -> str | None:
    """Names the published conditions that patients cannot see while ``category`` is not published."""
    if category.is_published:
        return None
    conditions = [f"“{condition}”" for condition in category.conditions.published_ignoring_category()]
    if not conditions:
        return None
    return ngettext(
        "Patients cannot see the published condition %(conditions)s: its cause category “%(category)s” "
        "is not published. Publish the category to show it.",
        "Patients cannot see the published conditions %(conditions)s: their cause category “%(category)s” "
        "is not published. Publish the category to show them.",
        len(conditions),
    ) % {"conditions": ", ".join(conditions), "category": category}


def review_state(content: Publishable, today: datetime.date | None = None) -> str:
    """How the review stands, in words (never colour alone): overdue, never reviewed or the due date."""
    if content.last_reviewed is None:
        return _("Never reviewed")
    if content.next_review_due is None:
        return _("No next review date")
    if content.next_review_due < (today or timezone.localdate()):
        return _("Overdue since %(date)s") % {"date": content.next_review_due.isoformat()}
    return _("Due %(date)s") % {"date": content.next_review_due.isoformat()}
