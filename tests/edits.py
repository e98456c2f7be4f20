"""Editing content as staff would: set fields, then save (which purges the cached pages that show it)."""

from __future__ import annotations

from django.db.models import Model


def save(obj: Model, **changes: object) -> None:
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()
