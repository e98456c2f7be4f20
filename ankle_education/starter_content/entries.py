"""The shapes of the starter library's entries: plain data, no database."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceEntry:
    key: str
    title: str
    publisher: str
    url: str
    accessed_on: datetime.date


@dataclass(frozen=True)
class CategoryEntry:
    slug: str
    name: str
    summary: str
    body: str
    order: int


@dataclass(frozen=True)
class TierEntry:
    slug: str
    name: str
    summary: str
    body: str
    when_to_move_up: str
    order: int
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class WarningSignEntry:
    key: str
    text: str
    explanation: str
    urgency: str
    order: int
    applies_to_all_conditions: bool = True
    # Keys of the sources that place the sign at its level.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConditionEntry:
    slug: str
    name: str
    category: str
    summary: str
    overview: str
    symptoms: str
    causes: str
    order: int
    # Treatment tier slug → what this condition gets at that tier.
    treatment: Mapping[str, str]
    sources: tuple[str, ...]
    # Keys of the signs on this condition's own checklist, beyond the ones for every condition.
    warning_signs: tuple[str, ...] = ()
    # Other names patients use for it, comma-separated: search finds the condition by them.
    also_called: str = ""


@dataclass(frozen=True)
class TipEntry:
    slug: str
    title: str
    summary: str
    body: str
    order: int
    helps_prevent: tuple[str, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    """Everything the loader writes, in the order it writes it."""

    sources: tuple[SourceEntry, ...]
    categories: tuple[CategoryEntry, ...]
    tiers: tuple[TierEntry, ...]
    warning_signs: tuple[WarningSignEntry, ...]
    conditions: tuple[ConditionEntry, ...]
    tips: tuple[TipEntry, ...]
    # Keys of an earlier library's signs → the keys of the signs that replaced them.
    renamed_warning_signs: Mapping[str, str] = field(default_factory=dict)
    # Keys of an earlier library's signs that this one dropped.
    retired_warning_signs: tuple[str, ...] = ()
