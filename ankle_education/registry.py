"""The one list of the app's content models, derived from the models themselves.

A new kind of content joins every list (page cache invalidation, staff roles, the markdown
editor's permission) by subclassing ``Publishable``, or by linking to one that does.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from ankle_education.models import Publishable


def _app_models() -> list[type[models.Model]]:
    return list(apps.get_app_config("ankle_education").get_models())


def publishable_models() -> tuple[type[Publishable], ...]:
    """Content that goes live on its own, with a status and a clinical review."""
    return tuple(model for model in _app_models() if issubclass(model, Publishable))


def reference_models() -> tuple[type[models.Model], ...]:
    """What publishable content cites and links to without being publishable itself (sources)."""
    linked = {
        field.related_model
        for model in publishable_models()
        for field in model._meta.local_many_to_many
        if not issubclass(field.related_model, Publishable)
    }
    return tuple(model for model in _app_models() if model in linked)


def part_models() -> tuple[type[models.Model], ...]:
    """Rows edited inside a piece of content (its treatment steps, sign and source links)."""
    publishable = publishable_models()
    return tuple(
        model
        for model in _app_models()
        if not issubclass(model, Publishable)
        and any(
            isinstance(field, models.ForeignKey) and field.related_model in publishable for field in model._meta.fields
        )
    )


def content_models() -> tuple[type[models.Model], ...]:
    """Everything patients can be shown: publishable content, what it cites, and its parts."""
    return (*publishable_models(), *reference_models(), *part_models())


def link_fields() -> tuple[models.ManyToManyField[Any, Any], ...]:
    """The many-to-many links between pieces of content (a condition's tips, a tier's sources…)."""
    return tuple(field for model in content_models() for field in model._meta.local_many_to_many)
