"""What changed between two snapshots of one piece of content, in words staff can read.

The admin's "compare with live" page shows a pending change against the live version. Both are
snapshots (see ``ankle_education.versions``), so this reads ids, not rows: the names behind them
are looked up once per related model for the whole comparison, however many rows changed.

Part rows are matched by their content before their primary key, because applying a pending change
may write an unchanged row again under a new key; that is no change to a reader.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ankle_education import versions

Row = Mapping[str, Any]
Names = dict[type[models.Model], dict[Any, str]]

_TOKENS = re.compile(r"\s*\S+")
_DESCRIPTION_LENGTH = 80


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs; ``diff`` marks what was taken out and put in, escaped."""

    label: str
    old_text: str
    new_text: str
    diff: SafeString


@dataclass(frozen=True)
class RowChange:
    """A part row kept under its key whose values differ: ``diffs`` pairs each field's label with its diff."""

    label: str
    diffs: list[tuple[str, SafeString]]


@dataclass(frozen=True)
class PartChange:
    """The rows of one part (a link to other content, or rows that belong to it) that differ."""

    label: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    fields: list[FieldChange]
    parts: list[PartChange]

    @property
    def has_changes(self) -> bool:
        return bool(self.fields or self.parts)


def word_diff(old: str, new: str) -> SafeString:
    """Whole words taken out as ``<del>``, put in as ``<ins>``.

    Words are matched without the spaces before them, so a changed space never anchors a match.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    pieces: list[SafeString] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(format_html("{}", "".join(b[j1:j2])))
            continue
        taken, put = "".join(a[i1:i2]), "".join(b[j1:j2])
        space = (put or taken)[: len(put or taken) - len((put or taken).lstrip())]
        pieces.append(format_html("{}", space))  # outside the marks, which then hold words only
        if taken:
            pieces.append(format_html("<del>{}</del>", taken.lstrip()))
        if put:
            pieces.append(format_html("<ins>{}</ins>", put.lstrip()))
    return _joined(pieces)


def value_diff(old: str, new: str) -> SafeString:
    """A value replaced whole: a name, a number, a choice."""
    pieces = []
    if old:
        pieces.append(format_html("<del>{}</del>", old))
    if new:
        pieces.append(format_html("<ins>{}</ins>", new))
    return format_html_join(" ", "{}", ((piece,) for piece in pieces))


def _joined(pieces: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _label(field_: models.Field[Any, Any]) -> str:
    return str(capfirst(str(field_.verbose_name)))


def _is_text(field_: models.Field[Any, Any]) -> bool:
    return isinstance(field_, models.CharField | models.TextField) and not field_.choices


def _is_reference(field_: models.Field[Any, Any]) -> bool:
    return bool(field_.is_relation and (field_.many_to_one or field_.one_to_one))


def _target(field_: models.Field[Any, Any]) -> models.Field[Any, Any]:
    return field_.target_field  # type: ignore[attr-defined, no-any-return]


def _key(field_: models.Field[Any, Any], value: Any) -> Any:
    """A snapshot's id as the related model's rows hold it (JSON turned UUIDs and dates into strings)."""
    try:
        return _target(field_).to_python(value)
    except ValidationError:
        return value


def _display(field_: models.Field[Any, Any], value: Any, names: Names) -> str:
    """A snapshot's value as the admin would show it."""
    if value is None:
        return ""
    if _is_reference(field_):
        related: type[models.Model] = field_.related_model  # type: ignore[assignment]
        return names.get(related, {}).get(_key(field_, value), _("(deleted)"))
    if _is_text(field_):
        return str(value)
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    try:
        value = field_.to_python(value)
    except ValidationError:
        return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(formats.localize(value))


def _field_change(field_: models.Field[Any, Any], old: Any, new: Any, names: Names) -> FieldChange:
    old_text, new_text = _display(field_, old, names), _display(field_, new, names)
    diff = word_diff(old_text, new_text) if _is_text(field_) else value_diff(old_text, new_text)
    return FieldChange(_label(field_), old_text, new_text, diff)


def _link(part: versions.Part) -> models.Field[Any, Any] | None:
    """The foreign key of a link row that names the content at the other end; None for rows that
    belong to the content (a link row's only field besides its owner is that key)."""
    return next(f for f in part.fields if f.is_relation) if part.link else None


def _content(row: Row) -> str:
    return versions.row_content(dict(row))


def _keyed_content(row: Row) -> str:
    return json.dumps([row.get("id"), _content(row)])


@dataclass
class _Matched:
    removed: list[Row] = field(default_factory=list)
    added: list[Row] = field(default_factory=list)
    changed: list[tuple[Row, Row]] = field(default_factory=list)


def _match(old_rows: list[Row], new_rows: list[Row]) -> _Matched:
    """Pair rows that say the same (under the same key, then any) as unchanged; then rows under one key as changed."""
    old_left, new_left = list(old_rows), list(new_rows)
    for key in (_keyed_content, _content):
        waiting: dict[str, list[int]] = {}
        for index, row in enumerate(new_left):
            waiting.setdefault(key(row), []).append(index)
        taken = set()
        kept = []
        for row in old_left:
            if same := waiting.get(key(row)):
                taken.add(same.pop(0))
            else:
                kept.append(row)
        old_left, new_left = kept, [row for index, row in enumerate(new_left) if index not in taken]
    matched = _Matched()
    new_by_id = {row.get("id"): row for row in new_left}
    for old in old_left:
        new = new_by_id.pop(old.get("id"), None)
        if new is None:
            matched.removed.append(old)
        else:
            matched.changed.append((old, new))
    matched.added = [row for row in new_left if row.get("id") in new_by_id]
    return matched


def _names(wanted: Mapping[type[models.Model], Mapping[str, set[Any]]]) -> Names:
    """One query per related model, however many ids."""
    names: Names = {}
    for related, by_field in wanted.items():
        found = names.setdefault(related, {})
        for field_name, ids in by_field.items():
            if ids:
                rows = related._base_manager.in_bulk(ids, field_name=field_name)
                found.update({key: str(obj) for key, obj in rows.items()})
    return names


class _Wanted:
    """The ids whose names a comparison shows, gathered before any is looked up."""

    def __init__(self) -> None:
        self.ids: dict[type[models.Model], dict[str, set[Any]]] = {}

    def add(self, fields: Iterable[models.Field[Any, Any]], *rows: Row) -> None:
        for field_ in fields:
            if not _is_reference(field_):
                continue
            related: type[models.Model] = field_.related_model  # type: ignore[assignment]
            ids = self.ids.setdefault(related, {}).setdefault(_target(field_).name, set())
            ids.update(_key(field_, row[field_.attname]) for row in rows if row.get(field_.attname) is not None)


def _describe(fields: list[models.Field[Any, Any]], row: Row, names: Names, link: models.Field[Any, Any] | None) -> str:
    """A row in words: the content a link row names; a child row's references, then the start of its text."""
    if link is not None:
        return _display(link, row.get(link.attname), names)
    references = [_display(f, row.get(f.attname), names) for f in fields if _is_reference(f)]
    texts = [" ".join(str(row.get(f.attname) or "").split()) for f in fields if _is_text(f)]
    text = next((t for t in texts if t), "")
    if len(text) > _DESCRIPTION_LENGTH:
        text = text[:_DESCRIPTION_LENGTH] + "…"
    words = [", ".join(r for r in references if r), text]
    return ": ".join(w for w in words if w) or str(row.get("id", ""))


def _part_label(part: versions.Part, link: models.Field[Any, Any] | None) -> str:
    model = link.related_model if link is not None else part.model
    return str(capfirst(str(model._meta.verbose_name_plural)))  # type: ignore[union-attr]


def compare(model: type[models.Model], old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    """What changed from snapshot ``old`` to snapshot ``new`` of content of ``model``."""
    wanted = _Wanted()
    old_fields, new_fields = old.get("fields", {}), new.get("fields", {})
    changed_fields = [
        f for f in versions.content_fields(model) if old_fields.get(f.attname) != new_fields.get(f.attname)
    ]
    wanted.add(changed_fields, old_fields, new_fields)

    matches: list[tuple[versions.Part, models.Field[Any, Any] | None, _Matched]] = []
    for part in versions.parts_of(model):
        matched = _match(old.get("parts", {}).get(part.key, []), new.get("parts", {}).get(part.key, []))
        link = _link(part)
        if link is not None:
            moved = [pair for pair in matched.changed if pair[0].get(link.attname) != pair[1].get(link.attname)]
            matched.changed = [pair for pair in matched.changed if pair not in moved]
            matched.removed += [old_row for old_row, _new_row in moved]
            matched.added += [new_row for _old_row, new_row in moved]
        if matched.removed or matched.added or matched.changed:
            wanted.add(part.fields, *matched.removed, *matched.added, *(r for pair in matched.changed for r in pair))
            matches.append((part, link, matched))

    names = _names(wanted.ids)
    parts = []
    for part, link, matched in matches:
        changed = []
        for old_row, new_row in matched.changed:
            diffs = [
                (change.label, change.diff)
                for f in part.fields
                if old_row.get(f.attname) != new_row.get(f.attname)
                for change in [_field_change(f, old_row.get(f.attname), new_row.get(f.attname), names)]
            ]
            changed.append(RowChange(_describe(part.fields, old_row, names, link), diffs))
        parts.append(
            PartChange(
                _part_label(part, link),
                added=[_describe(part.fields, row, names, link) for row in matched.added],
                removed=[_describe(part.fields, row, names, link) for row in matched.removed],
                changed=changed,
            )
        )
    return Comparison(
        fields=[_field_change(f, old_fields.get(f.attname), new_fields.get(f.attname), names) for f in changed_fields],
        parts=parts,
    )
