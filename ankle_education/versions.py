"""Versions of publishable content: snapshots of a piece *with what belongs to it*, and their records.

A snapshot holds the content's own fields (not the editorial ones: status, review, schedule) and the
rows its admin page edits with it, its *parts*: a condition's treatment steps and its links to signs,
tips and sources; a tip's links to conditions and sources; a sign's links to sources and conditions.
Parts are found from the model's relations, so the same code reads the historical models of a
migration: every many-to-many link of the model (either side), and the rows of other models that
belong to it (a foreign key that deletes them with it).

Writing a snapshot back (``apply``) keeps each part row's primary key where it can, so the admin's
inline forms, rendered from a pending change, still find their rows when the form is posted.

Why not django-reversion or django-simple-history: both record rows as they are saved to the live
tables, and a pending change must never reach those tables (the public reads them). django-reversion
also keeps only versions of rows that exist when its revision is saved, so a pending change adding a
treatment step would lose the step. The README says more.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.deletion import CASCADE
from django.utils.translation import gettext as _

from ankle_education.models import Publishable, Version

# The editorial fields are the workflow's, never part of what a version says.
EDITORIAL_FIELDS = frozenset(field.name for field in Publishable._meta.get_fields())


@dataclasses.dataclass(frozen=True)
class Part:
    """Rows of ``model`` that belong to the content through the foreign key ``owner`` (an attname).

    A ``link`` is a row of a many-to-many table: it belongs to the content on both of its sides.
    """

    model: type[models.Model]
    owner: str
    link: bool = False

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def fields(self) -> list[models.Field[Any, Any]]:
        """The row's own fields, besides its primary key and its owner."""
        return [f for f in self.model._meta.concrete_fields if not f.primary_key and f.attname != self.owner]


def _owner(through: type[models.Model], name: str) -> Part:
    field = through._meta.get_field(name)
    if not isinstance(field, models.ForeignKey):  # a link table's two fields are foreign keys
        raise TypeError(f"{through._meta.label}.{name} is not a foreign key")
    return Part(through, field.attname, link=True)


def parts_of(model: type[models.Model]) -> list[Part]:
    """What belongs to a piece of content of this model, found from its relations."""
    parts = []
    for field in model._meta.get_fields():
        if isinstance(field, models.ManyToManyField):  # declared on this model
            parts.append(_owner(field.remote_field.through, field.m2m_field_name()))  # type: ignore[arg-type]
        elif isinstance(field, models.ManyToManyRel):  # declared on the other model
            parts.append(_owner(field.through, field.field.m2m_reverse_field_name()))  # type: ignore[arg-type]
    throughs = {part.key for part in parts}
    for field in model._meta.get_fields():
        if isinstance(field, models.ManyToOneRel) and field.on_delete is CASCADE:
            child: type[models.Model] = field.related_model
            if child._meta.label_lower not in throughs:
                parts.append(Part(child, field.field.attname))
    return sorted(parts, key=lambda part: part.key)


def content_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields a snapshot of ``model`` holds, besides its parts."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in EDITORIAL_FIELDS]


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return loaded


def snapshot(obj: models.Model) -> dict[str, Any]:
    """What ``obj`` says now, with its parts, as JSON-ready data."""
    model = type(obj)
    fields = {f.attname: f.value_from_object(obj) for f in content_fields(model)}
    parts = {}
    for part in parts_of(model):
        rows = part.model._default_manager.filter(**{part.owner: obj.pk}).order_by("pk")
        parts[part.key] = [{"id": row.pk, **{f.attname: f.value_from_object(row) for f in part.fields}} for row in rows]
    return _jsonable({"fields": fields, "parts": parts})


def row_content(row: dict[str, Any]) -> str:
    """What a snapshot's part row says, its key aside, canonically."""
    return json.dumps({k: v for k, v in row.items() if k != "id"}, sort_keys=True)


def content_hash(data: dict[str, Any]) -> str:
    """The same for the same content, whatever the part rows' primary keys and order."""
    parts = {key: sorted(row_content(row) for row in rows) for key, rows in data.get("parts", {}).items()}
    canonical = json.dumps({"fields": data["fields"], "parts": parts}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _missing_references(model: type[models.Model], data: dict[str, Any]) -> list[str]:
    """What the snapshot links to that no longer exists (deleted since), in words."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for field in content_fields(model):
        if field.is_relation and data["fields"].get(field.attname) is not None:
            wanted.setdefault(field.related_model, set()).add(data["fields"][field.attname])  # type: ignore[arg-type]
    for part in parts_of(model):
        for field in part.fields:
            if field.is_relation:
                for row in data["parts"].get(part.key, []):
                    if row.get(field.attname) is not None:
                        wanted.setdefault(field.related_model, set()).add(row[field.attname])  # type: ignore[arg-type]
    missing = []
    for related, pks in wanted.items():
        found = set(related._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        if pks - found:
            missing.append(f"{related._meta.verbose_name} {', '.join(map(str, sorted(pks - found)))}")
    return missing


def apply(obj: models.Model, data: dict[str, Any]) -> None:
    """Write the snapshot's content into ``obj`` and its parts (the caller saves ``obj`` first).

    Raises ``ValidationError``, writing nothing, when the snapshot links to content deleted since,
    or its slug is now another's.
    """
    model = type(obj)
    if missing := _missing_references(model, data):
        raise ValidationError(
            _("This version links to content that has since been deleted: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    for field in content_fields(model):
        if field.attname in data["fields"]:
            setattr(obj, field.attname, field.to_python(data["fields"][field.attname]))
    obj.validate_unique()


def check_applicable(obj: models.Model, data: dict[str, Any]) -> None:
    """Raise ``ValidationError`` where ``apply`` would: before a version is kept as a pending change,
    which is written to the row only when it is published."""
    apply(copy.copy(obj), data)


def _row_values(part: Part, row: dict[str, Any]) -> tuple[Any, ...]:
    """A snapshot row's values, its key aside: what a link is, whatever row holds it."""
    return tuple(f.to_python(row.get(f.attname)) for f in part.fields)


def _merged_links(
    part: Part, existing: dict[Any, models.Model], wanted: list[dict[str, Any]], base: list[dict[str, Any]]
) -> dict[Any, dict[str, Any]]:
    """The links to keep: those there now, with what the version added since ``base`` and without what
    it removed. The other side's content may have changed the same table since: that change stays."""
    now = {tuple(f.value_from_object(row) for f in part.fields): pk for pk, row in existing.items()}
    then = {_row_values(part, row) for row in base}
    wanted_by_values = {_row_values(part, row): row for row in wanted}
    kept = {
        pk: {"id": pk, **{f.attname: v for f, v in zip(part.fields, values, strict=True)}} for values, pk in now.items()
    }
    for values, pk in now.items():
        if values in then and values not in wanted_by_values:
            del kept[pk]  # the version removed it
    for values, row in wanted_by_values.items():
        if values not in then and values not in now:
            # The version added it: under its own key, unless a kept link has that key now.
            kept[row["id"] if row["id"] not in kept else ("added", len(kept))] = row
    return kept


def apply_parts(obj: models.Model, data: dict[str, Any], base: dict[str, Any] | None = None) -> list[models.Model]:
    """Make ``obj``'s part rows those of the snapshot; returns the rows removed and added.

    With ``base``, the version the snapshot was changed from, links are merged (``_merged_links``)
    instead of replaced. A row that differs is deleted and written again under its key, so swapping
    two links never trips a unique constraint half way.
    """
    touched: list[models.Model] = []
    for part in parts_of(type(obj)):
        manager = part.model._default_manager
        existing = {row.pk: row for row in manager.filter(**{part.owner: obj.pk})}
        rows = data["parts"].get(part.key, [])
        if part.link and base is not None:
            wanted = _merged_links(part, existing, rows, base["parts"].get(part.key, []))
        else:
            wanted = {row["id"]: row for row in rows}
        stale = [
            row
            for pk, row in existing.items()
            if pk not in wanted
            or any(f.value_from_object(row) != f.to_python(wanted[pk].get(f.attname)) for f in part.fields)
        ]
        kept = set(existing) - {row.pk for row in stale}
        for row in stale:
            row.delete()  # which clears row.pk
            touched.append(row)
        for pk, values in wanted.items():
            if pk in kept:
                continue
            attrs = {f.attname: f.to_python(values.get(f.attname)) for f in part.fields}
            row = part.model(**{part.owner: obj.pk, **attrs})
            if isinstance(pk, int) and not manager.filter(pk=pk).exists():
                row.pk = pk  # the key the admin's inline form knows it by
            row.save(force_insert=True)
            touched.append(row)
    return touched


# Records -------------------------------------------------------------------------------


def versions_of(obj: models.Model) -> models.QuerySet[Version]:
    return Version.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def current_version(obj: models.Model) -> Version | None:
    return versions_of(obj).filter(state=Version.State.CURRENT).first()


def pending_version(obj: models.Model) -> Version | None:
    return versions_of(obj).filter(state=Version.State.PENDING).first()


def pending_exists(model: type[models.Model]) -> models.Exists:
    """For annotating a list of ``model`` with whether each has a pending change, in the same query."""
    return models.Exists(
        Version.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=models.OuterRef("pk"),
            state=Version.State.PENDING,
        )
    )


def _next_number(obj: models.Model) -> int:
    last = versions_of(obj).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@dataclasses.dataclass(frozen=True)
class Review:
    """A clinical review as the editorial fields hold it, and the content it was of."""

    last_reviewed: Any = None
    next_review_due: Any = None
    reviewed_by: str = ""
    of_content: str = ""

    @classmethod
    def of_row(cls, content: Publishable, of_content: str = "") -> Review:
        return cls(content.last_reviewed, content.next_review_due, content.reviewed_by, of_content)

    @classmethod
    def as_it_stands(cls, content: Publishable, data_hash: str) -> Review:
        """The row's review taken to be of what it says now (content recorded for the first time)."""
        return cls.of_row(content, data_hash if content.reviewed_by else "")

    @classmethod
    def of_version(cls, version: Version) -> Review:
        return cls(version.last_reviewed, version.next_review_due, version.reviewed_by, version.reviewed_content)

    def write_to(self, content: Publishable) -> None:
        """Put this review in the row's review fields (the caller saves)."""
        content.last_reviewed, content.next_review_due, content.reviewed_by = (
            self.last_reviewed,
            self.next_review_due,
            self.reviewed_by,
        )

    def same_fields(self, other: Review) -> bool:
        return (self.last_reviewed, self.next_review_due, self.reviewed_by) == (
            other.last_reviewed,
            other.next_review_due,
            other.reviewed_by,
        )

    def holds_for(self, data_hash: str) -> bool:
        return bool(self.reviewed_by) and self.of_content == data_hash


NO_REVIEW = Review()


def record(
    obj: Publishable,
    *,
    action: str,
    user: Any = None,
    state: str = Version.State.CURRENT,
    data: dict[str, Any] | None = None,
    status: str | None = None,
    review: Review | None = None,
    note: str = "",
    based_on: int | None = None,
) -> Version:
    """Store a new version of ``obj``: by default what its row holds now, as its current version.

    The earlier version in the same state (current or pending) becomes past. A pending change is
    ``based_on`` the live version it was made from, so publishing it merges links (``apply_parts``).
    """
    data = snapshot(obj) if data is None else data
    review = Review.of_row(obj) if review is None else review
    with transaction.atomic():
        versions_of(obj).filter(state=state).update(state=Version.State.PAST)
        return Version.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            number=_next_number(obj),
            state=state,
            action=action,
            note=note,
            status=status or obj.status,
            data=data,
            content_hash=content_hash(data),
            last_reviewed=review.last_reviewed,
            next_review_due=review.next_review_due,
            reviewed_by=review.reviewed_by,
            reviewed_content=review.of_content,
            based_on=based_on,
            user=user if getattr(user, "pk", None) else None,
        )


def ensure_recorded(obj: Publishable) -> Version:
    """The current version of ``obj``, recording it as it stands if it has none yet (content made
    before versions, or outside the admin): its review is taken to be of what it says now."""
    version = current_version(obj)
    if version is None:
        data = snapshot(obj)
        review = Review.as_it_stands(obj, content_hash(data))
        version = record(obj, action=Version.Action.INITIAL, data=data, review=review)
    return version


def record_changed(objs: Iterable[Publishable], action: str, note: str = "") -> int:
    """A current version of each piece that says something its current version does not (or has
    none): the loader's, so a first edit can be compared with what it loaded. Returns how many."""
    recorded = 0
    for obj in objs:
        data = snapshot(obj)
        digest = content_hash(data)
        current = current_version(obj)
        if current is not None and (current.content_hash, current.status) == (digest, obj.status):
            continue
        record(obj, action=action, data=data, review=Review.as_it_stands(obj, digest), note=note)
        recorded += 1
    return recorded


def record_partners(obj: models.Model, touched: Iterable[models.Model], note: str) -> None:
    """After ``obj``'s links changed (``apply_parts``), the content on their other side says something
    new too: record it, its review still holding, since the links were reviewed with ``obj``."""
    partners: set[tuple[type[Publishable], Any]] = set()
    for row in touched:
        for field in row._meta.concrete_fields:
            related, value = field.related_model, getattr(row, field.attname)
            if (
                isinstance(related, type)
                and issubclass(related, Publishable)
                and (related, value) != (type(obj), obj.pk)
            ):
                partners.add((related, value))
    for model, pk in partners:
        partner = model._default_manager.filter(pk=pk).first()
        current = current_version(partner) if partner is not None else None
        if partner is None or current is None:
            continue  # it is recorded as it stands when first needed
        data = snapshot(partner)
        digest = content_hash(data)
        if digest == current.content_hash:
            continue
        review = Review.of_version(current)
        if current.review_holds:
            review = dataclasses.replace(review, of_content=digest)
        record(partner, action=Version.Action.EDITED, data=data, review=review, note=note)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Work inside a savepoint that is always rolled back: a pending change shown, never kept."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
