"""Editing content as staff would: set fields, then save (which purges the cached pages that show it)."""

from __future__ import annotations

from django.db.models import Model


def save(obj: Model, **changes: object) -> None:
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()


def pending_change(content, user, data=None, status="in_review", **fields):
    """A change to live ``content`` saved as the admin saves one: a pending version, the row untouched.

    ``data`` is the snapshot to save (default: what the content says now); ``fields`` change it.
    """
    from ankle_education import versions, workflow

    previous = versions.pending_version(content) or versions.ensure_recorded(content)
    data = versions.snapshot(content) if data is None else data
    data["fields"].update(fields)
    posted = versions.Review.of_version(previous)
    return workflow.save_change(content, previous, data=data, status=status, posted=posted, user=user)


def pending_change_to_deleted_content(condition, user, **fields):
    """A pending change of live ``condition`` adding a step at a tier that is deleted once it is saved."""
    from ankle_education import versions
    from tests.factories import TreatmentTierFactory

    tier = TreatmentTierFactory(draft=True, name="Deleted tier")
    data = versions.snapshot(condition)
    data["parts"]["ankle_education.treatmentstep"] = [{"id": 999_999, "tier_id": tier.pk, "body": "Step.", "order": 0}]
    saved = pending_change(condition, user, data=data, **fields)
    tier.delete()
    return saved
