"""What the starter content tests share: running the loader, reading back what it wrote."""

from __future__ import annotations

import dataclasses
from io import StringIO

from django.core.management import call_command

from ankle_education import models
from ankle_education.starter_content.library import STARTER_LIBRARY

PUBLISHABLE = (models.Category, models.Condition, models.PreventionTip, models.TreatmentTier, models.WarningSign)

ALL_MODELS = (
    *PUBLISHABLE,
    models.Source,
    models.TreatmentStep,
    models.ConditionWarningSign,
    models.ConditionSource,
    models.PreventionTip.conditions.through,
    models.PreventionTip.sources.through,
    models.TreatmentTier.sources.through,
    models.WarningSign.sources.through,
    models.StarterContentRecord,
)


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_ankle_starter_content", *args, stdout=out)
    return out.getvalue()


def dump() -> dict[str, list[dict]]:
    """Every row of every table the loader touches, with every field (updated_at included)."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in ALL_MODELS}


def condition(slug: str) -> models.Condition:
    return models.Condition.objects.get(slug=slug)


def sign(key: str) -> models.WarningSign:
    record = models.StarterContentRecord.objects.get(model="ankle_education.warningsign", key=key)
    return models.WarningSign.objects.get(pk=record.object_id)


def all_entries() -> list[object]:
    return [
        entry
        for f in dataclasses.fields(STARTER_LIBRARY)
        for entry in getattr(STARTER_LIBRARY, f.name)
        if dataclasses.is_dataclass(entry)
    ]
