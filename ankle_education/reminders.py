"""Review reminders: which published content is overdue for its clinical review, or due soon, and
who should hear of it. The NHS content standard asks for a planned review cycle; this keeps it.

``manage.py send_ankle_review_reminders`` (meant for cron) sends the list with Django's email.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ankle_education.models import publish_codename
from ankle_education.registry import publishable_models


@dataclass(frozen=True)
class DueReview:
    """One published page and when its review falls due (None: it was never reviewed)."""

    kind: str
    name: str
    due: datetime.date | None
    admin_path: str

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is None or self.due < today


def due_for_review(today: datetime.date, within_days: int) -> list[DueReview]:
    """Published content whose review is overdue, or due within ``within_days``: the most urgent first."""
    horizon = today + datetime.timedelta(days=within_days)
    found = []
    for model in publishable_models():
        meta = model._meta
        rows = model.objects.published().filter(Q(next_review_due__lte=horizon) | Q(next_review_due__isnull=True))
        for row in rows:
            path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
            found.append(DueReview(str(meta.verbose_name), str(row), row.next_review_due, path))
    return sorted(found, key=lambda item: (item.due or datetime.date.min, item.kind, item.name))


def reviewer_addresses() -> list[str]:
    """The email addresses of active users who may publish some content: the clinical reviewers."""
    user_model = get_user_model()
    addresses: set[str] = set()
    for model in publishable_models():
        permission = f"{model._meta.app_label}.{publish_codename(str(model._meta.model_name))}"
        users = user_model._default_manager.with_perm(permission, include_superusers=True)
        addresses.update(email for email in users.values_list("email", flat=True) if email)
    return sorted(addresses)


def reminder_email(items: Sequence[DueReview], today: datetime.date, site_url: str) -> tuple[str, str]:
    """The subject and plain-text body listing ``items``, each with a link to its admin page."""
    overdue = [item for item in items if item.is_overdue(today)]
    subject = ngettext(
        "%(count)d page of patient education needs its clinical review",
        "%(count)d pages of patient education need their clinical review",
        len(items),
    ) % {"count": len(items)}
    lines = [
        _("These pages are live for patients and their clinical review is overdue or due soon."),
        _("Review each one, then record the review on its page in the admin."),
        "",
    ]
    lines += _section(_("Overdue"), overdue, site_url)
    lines += _section(_("Due soon"), [item for item in items if item not in overdue], site_url)
    return subject, "\n".join(lines).rstrip() + "\n"


def _section(title: str, items: Iterable[DueReview], site_url: str) -> list[str]:
    items = list(items)
    if not items:
        return []
    lines = [title, ""]
    for item in items:
        due = item.due.isoformat() if item.due is not None else _("never reviewed")
        lines.append(f"- {item.name} ({item.kind}, {due})")
        lines.append(f"  {site_url.rstrip('/')}{item.admin_path}")
    return [*lines, ""]
