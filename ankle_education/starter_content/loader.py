"""Writes the starter library to the database without ever overwriting staff's work.

Every row the loader writes gets a ``StarterContentRecord`` holding a fingerprint of all that the
loader manages on it: its content, its links, its status and its review fields. On a later run:

- no record and no row with the same natural key (slug, URL or text): create the row;
- no record, but such a row exists: staff made it, so leave it alone;
- a record whose row is gone: staff deleted it, so leave it gone;
- a record whose row no longer matches the fingerprint: staff changed it (edited, reviewed,
  published, archived…), so leave it alone;
- otherwise the row is still as loaded: bring it up to date with the data, if the data changed.

Status only moves forward: ``--publish`` publishes untouched rows; a run without it never
unpublishes anything. Reviews too: ``--demo-review`` (for demos, with ``--publish``) gives untouched
rows a review that says it is a demonstration, kept as it is while it is current; no run removes one.
On a site that loaded an earlier library, a run without ``--publish`` (as a real site runs it) brings
rows new to this library in review, and the summary lists every row it created, updated or archived.
Signs the library renamed keep their row; signs it retired are archived where staff left them untouched.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from ankle_education import versions
from ankle_education.conf import conf
from ankle_education.models import (
    Category,
    Condition,
    PreventionTip,
    Publishable,
    Source,
    StarterContentRecord,
    Status,
    TreatmentStep,
    TreatmentTier,
    Version,
    WarningSign,
)
from ankle_education.publishing import REVIEW_FIELDS, review_errors
from ankle_education.registry import publishable_models
from ankle_education.starter_content.entries import Library
from ankle_education.starter_content.library import STARTER_LIBRARY

# The fields the loader writes, per model (links and treatment steps apart). Changing one changes
# the fingerprints: rows loaded before would then look edited by staff and be left alone.
SOURCE_FIELDS = ("title", "publisher", "url", "accessed_on")
CATEGORY_FIELDS = ("name", "slug", "summary", "body", "order")
TIER_FIELDS = (*CATEGORY_FIELDS, "when_to_move_up")
SIGN_FIELDS = ("text", "explanation", "urgency", "order", "applies_to_all_conditions")
CONDITION_FIELDS = ("name", "slug", "summary", "overview", "symptoms", "causes", "order", "also_called")
TIP_FIELDS = ("title", "slug", "summary", "body", "order")
# Links a later library added to a model: a row loaded before them was fingerprinted without
# them, so it still counts as untouched when it matches with them left out.
ADDED_RELATIONS: dict[type[models.Model], tuple[str, ...]] = {WarningSign: ("sources",)}
# Fields a later library added, with the value their migration gave every row: a row loaded before them
# still counts as untouched when it matches with them left out, unless staff have filled one in since.
ADDED_FIELDS: dict[type[models.Model], Mapping[str, Any]] = {Condition: {"also_called": ""}}
# Who reviewed the content of a demo (--demo-review), as every page shows it: a demonstration, never a
# clinician. The review lets the demo's pages show their dates and be saved in the admin, which refuses
# published content without a current review.
DEMO_REVIEWER = "Example reviewer, for demonstration"
NO_REVIEW: Mapping[str, Any] = {"last_reviewed": None, "next_review_due": None, "reviewed_by": ""}


@dataclass(frozen=True)
class RowSpec:
    """One row as the starter library wants it."""

    key: str
    lookup: Mapping[str, Any]
    values: Mapping[str, Any]
    relations: Mapping[str, list[int]] = field(default_factory=dict)
    # A condition's treatment steps as (tier pk, body, order); None for other models.
    steps: list[tuple[int, str, int]] | None = None


@dataclass
class ModelTally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    skipped: list[str] = field(default_factory=list)
    # What changed, one line per row, for the summary.
    changes: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    published: bool
    demo_review: bool = False
    tallies: dict[type[models.Model], ModelTally] = field(default_factory=dict)

    def tally(self, model: type[models.Model]) -> ModelTally:
        return self.tallies.setdefault(model, ModelTally())

    def lines(self) -> list[str]:
        if self.demo_review:
            lines = [f"Starter content loaded and published, with a demo review by “{DEMO_REVIEWER}”: for demos only."]
        elif self.published:
            lines = ["Starter content loaded and published."]
        else:
            lines = ["Starter content loaded. New rows are in review: publish them after a clinical review."]
        for model, tally in self.tallies.items():
            archived = f"{tally.archived} archived, " if tally.archived else ""
            lines.append(
                f"  {model._meta.verbose_name_plural}: {tally.created} created, {tally.updated} updated, "
                f"{archived}{tally.unchanged} unchanged, {len(tally.skipped)} skipped"
            )
        changes = [
            f"  {model._meta.verbose_name} {line}" for model, tally in self.tallies.items() for line in tally.changes
        ]
        if changes:
            lines.append("Changed:")
            lines.extend(changes)
        skipped = [
            f"  {model._meta.verbose_name} {entry}" for model, tally in self.tallies.items() for entry in tally.skipped
        ]
        if skipped:
            lines.append("Skipped, left exactly as staff have them:")
            lines.extend(skipped)
        return lines


def load_starter_content(
    *, publish: bool = False, demo_review: bool = False, library: Library = STARTER_LIBRARY
) -> LoadReport:
    """Create or update the starter library in one transaction; see the module docstring.

    ``demo_review`` goes only with ``publish``: a review on content in review would let it go live unreviewed.
    """
    if demo_review and not publish:
        raise ValueError("A demo review goes only with publishing (--demo-review with --publish), for demos.")
    with transaction.atomic():
        return _Loader(publish, upgrade=StarterContentRecord.objects.exists(), demo_review=demo_review).load(library)


def _fingerprint(snapshot: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, default=str).encode()).hexdigest()


def _values(entry: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in fields}


def _pks(rows: Mapping[str, models.Model | None], keys: tuple[str, ...]) -> list[int]:
    # A row staff deleted is simply not linked any more.
    return sorted(row.pk for key in keys if (row := rows[key]) is not None)


def _matches(obj: models.Model, spec: RowSpec, fingerprint: str) -> bool:
    """Whether ``obj`` is still as the loader left it, in this library's terms or an earlier one's."""
    snapshot = _snapshot(obj, spec)
    if _fingerprint(snapshot) == fingerprint:
        return True
    added_fields = ADDED_FIELDS.get(type(obj), {})
    if any(snapshot[name] != value for name, value in added_fields.items()):
        return False
    added = (*ADDED_RELATIONS.get(type(obj), ()), *added_fields)
    earlier = {name: value for name, value in snapshot.items() if name not in added}
    return bool(added) and _fingerprint(earlier) == fingerprint


def _changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return [name for name in after if before.get(name) != after[name]]


def _snapshot(obj: models.Model, spec: RowSpec) -> dict[str, Any]:
    """Everything the loader manages on ``obj``, as it is in the database now."""
    snapshot = {name: getattr(obj, name) for name in spec.values}
    if isinstance(obj, Publishable):
        snapshot.update({name: getattr(obj, name) for name in ("status", *REVIEW_FIELDS)})
    for name in spec.relations:
        snapshot[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    if spec.steps is not None:  # only a condition's spec has steps
        steps = cast(Condition, obj).treatment_steps.all()
        snapshot["steps"] = sorted([step.tier_id, step.body, step.order] for step in steps)
    return snapshot


def _wanted(model: type[models.Model], spec: RowSpec, status: str, review: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot ``_snapshot`` will see once the row matches ``spec`` with ``status`` and ``review``."""
    snapshot = dict(spec.values)
    if issubclass(model, Publishable):
        snapshot.update({"status": status, **review})
    snapshot.update({name: sorted(pks) for name, pks in spec.relations.items()})
    if spec.steps is not None:
        snapshot["steps"] = sorted(list(step) for step in spec.steps)
    return snapshot


def _demo_review() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "last_reviewed": today,
        "next_review_due": today + datetime.timedelta(days=conf.REVIEW_INTERVAL_DAYS),
        "reviewed_by": DEMO_REVIEWER,
    }


class _Loader:
    def __init__(self, publish: bool, upgrade: bool = False, demo_review: bool = False) -> None:
        self.publish = publish
        self.upgrade = upgrade
        self.demo_review = demo_review
        self.report = LoadReport(published=publish, demo_review=demo_review)

    def review(self, obj: models.Model | None) -> Mapping[str, Any]:
        """The review fields an untouched row (None: a new one) gets: its own, or a demo review if asked for.

        A demo review stays as it is while it is current, so running the command again changes nothing.
        """
        own = {name: getattr(obj, name) for name in REVIEW_FIELDS} if isinstance(obj, Publishable) else NO_REVIEW
        if not self.demo_review or (own["reviewed_by"] == DEMO_REVIEWER and not review_errors(**own)):
            return own
        return _demo_review()

    def load(self, library: Library) -> LoadReport:
        self._rename_records(WarningSign, library.renamed_warning_signs)
        sources = self._sync_entries(Source, library.sources, "key", "url", SOURCE_FIELDS)
        categories = self._sync_entries(Category, library.categories, "slug", "slug", CATEGORY_FIELDS)
        tiers = self._sync_entries(
            TreatmentTier,
            library.tiers,
            "slug",
            "slug",
            TIER_FIELDS,
            relations=lambda entry: {"sources": _pks(sources, entry.sources)},
        )
        signs = self._sync_entries(
            WarningSign,
            library.warning_signs,
            "key",
            "text",
            SIGN_FIELDS,
            relations=lambda entry: {"sources": _pks(sources, entry.sources)},
        )
        self._retire(WarningSign, library.retired_warning_signs)
        conditions: dict[str, models.Model | None] = {}
        for entry in library.conditions:
            category = categories[entry.category]
            if category is None:
                self.report.tally(Condition).skipped.append(f"{entry.slug}: its cause category was deleted")
                conditions[entry.slug] = None
                continue
            conditions[entry.slug] = self.sync(
                Condition,
                RowSpec(
                    key=entry.slug,
                    lookup={"slug": entry.slug},
                    values={"category_id": category.pk, **_values(entry, CONDITION_FIELDS)},
                    relations={
                        "sources": _pks(sources, entry.sources),
                        "warning_signs": _pks(signs, entry.warning_signs),
                    },
                    steps=[
                        (tier.pk, body, 0)
                        for tier_slug, body in entry.treatment.items()
                        if (tier := tiers[tier_slug]) is not None
                    ],
                ),
            )
        self._sync_entries(
            PreventionTip,
            library.tips,
            "slug",
            "slug",
            TIP_FIELDS,
            relations=lambda entry: {
                "conditions": _pks(conditions, entry.helps_prevent),
                "sources": _pks(sources, entry.sources),
            },
        )
        self._record_versions()
        return self.report

    def _record_versions(self) -> None:
        """A version of each loaded piece that changed, once its links are all in place."""
        for model in publishable_models():
            ids = StarterContentRecord.objects.filter(model=model._meta.label_lower).values_list("object_id", flat=True)
            versions.record_changed(model._default_manager.filter(pk__in=list(ids)), Version.Action.LOADED)

    def _rename_records(self, model: type[models.Model], renamed: Mapping[str, str]) -> None:
        """Point the records of renamed entries at their new keys, so their rows are updated, not duplicated."""
        label = model._meta.label_lower
        taken = set(
            StarterContentRecord.objects.filter(model=label, key__in=renamed.values()).values_list("key", flat=True)
        )
        for old, new in renamed.items():
            if new not in taken:
                StarterContentRecord.objects.filter(model=label, key=old).update(key=new)

    def _retire(self, model: type[WarningSign], keys: Iterable[str]) -> None:
        """Archive the rows of entries the library dropped, unless staff have changed them since."""
        tally = self.report.tally(model)
        for record in StarterContentRecord.objects.filter(model=model._meta.label_lower, key__in=list(keys)):
            obj = model._default_manager.filter(pk=record.object_id).first()
            if obj is None or obj.status == Status.ARCHIVED:
                continue
            retired = RowSpec(
                key=record.key,
                lookup={},
                values={name: getattr(obj, name) for name in SIGN_FIELDS},
                relations={"sources": []},  # _snapshot reads the row's own links; only the name counts
            )
            if not _matches(obj, retired, record.fingerprint):
                tally.skipped.append(f"{record.key}: dropped from the starter library, but changed by staff: review it")
                continue
            obj.status = Status.ARCHIVED
            obj.save()
            record.fingerprint = _fingerprint(_snapshot(obj, retired))
            record.save(update_fields=["fingerprint"])
            tally.archived += 1
            tally.changes.append(f"{record.key}: archived, the starter library no longer has it")

    def _sync_entries(
        self,
        model: type[models.Model],
        entries: Iterable[Any],
        key: str,
        lookup: str,
        fields: tuple[str, ...],
        relations: Callable[[Any], Mapping[str, list[int]]] | None = None,
    ) -> dict[str, models.Model | None]:
        """Sync each entry; ``key`` and ``lookup`` name its stable key and its natural key field."""
        rows = {}
        for entry in entries:
            values = _values(entry, fields)
            spec = RowSpec(
                key=getattr(entry, key),
                lookup={lookup: values[lookup]},
                values=values,
                relations=relations(entry) if relations else {},
            )
            rows[spec.key] = self.sync(model, spec)
        return rows

    def sync(self, model: type[models.Model], spec: RowSpec) -> models.Model | None:
        """Bring one row in line with ``spec`` unless staff own it; returns the row, None if deleted."""
        tally = self.report.tally(model)
        label = model._meta.label_lower
        record = StarterContentRecord.objects.filter(model=label, key=spec.key).first()
        if record is None:
            existing = model._default_manager.filter(**spec.lookup).first()
            if existing is not None:
                tally.skipped.append(f"{spec.key}: already exists and was not loaded by this command")
                return existing
            row = model()
            status: str = Status.PUBLISHED if self.publish else Status.IN_REVIEW
            wanted = _wanted(model, spec, status, self.review(None))
            self._write(row, spec, wanted)
            StarterContentRecord.objects.create(
                model=label, key=spec.key, object_id=row.pk, fingerprint=_fingerprint(wanted)
            )
            tally.created += 1
            if self.upgrade:
                in_review = issubclass(model, Publishable) and status == Status.IN_REVIEW
                note = " (in review: publish it after a clinical review)" if in_review else ""
                tally.changes.append(f"{spec.key}: new{note}")
            return row
        obj = model._default_manager.filter(pk=record.object_id).first()
        if obj is None:
            tally.skipped.append(f"{spec.key}: deleted since it was loaded")
            return None
        if not _matches(obj, spec, record.fingerprint):
            tally.skipped.append(f"{spec.key}: changed by staff since it was loaded")
            return obj
        status = Status.PUBLISHED if self.publish else getattr(obj, "status", "")
        wanted = _wanted(model, spec, status, self.review(obj))
        fingerprint = _fingerprint(wanted)
        if fingerprint == record.fingerprint:
            tally.unchanged += 1
            return obj
        changed = _changed_fields(_snapshot(obj, spec), wanted)
        self._write(obj, spec, wanted)
        tally.changes.append(f"{spec.key}: updated ({', '.join(changed)})")
        record.fingerprint = fingerprint
        record.save(update_fields=["fingerprint"])
        tally.updated += 1
        return obj

    def _write(self, obj: models.Model, spec: RowSpec, wanted: Mapping[str, Any]) -> None:
        for name, value in spec.values.items():
            setattr(obj, name, value)
        if isinstance(obj, Publishable):
            if wanted["status"] == Status.PUBLISHED and obj.status != Status.PUBLISHED:
                obj.publish()
            else:
                obj.status = wanted["status"]
            for name in REVIEW_FIELDS:
                setattr(obj, name, wanted[name])
        obj.save()
        for name, pks in spec.relations.items():
            getattr(obj, name).set(pks)
        if spec.steps is not None:  # only a condition's spec has steps
            _write_steps(cast(Condition, obj), spec.steps)


def _write_steps(condition: Condition, steps: list[tuple[int, str, int]]) -> None:
    # Only called on a condition still as loaded, so it has at most one step per tier.
    existing = {step.tier_id: step for step in TreatmentStep.objects.filter(condition=condition)}
    for tier_id, body, order in steps:
        step = existing.pop(tier_id, None) or TreatmentStep(condition=condition, tier_id=tier_id)
        if step.pk is None or (step.body, step.order) != (body, order):
            step.body, step.order = body, order
            step.save()
    for step in existing.values():
        step.delete()
