"""The whole starter library, as the loader takes it."""

from __future__ import annotations

from ankle_education.starter_content.categories import CATEGORIES
from ankle_education.starter_content.conditions import CONDITIONS
from ankle_education.starter_content.entries import Library
from ankle_education.starter_content.signs import RENAMED_WARNING_SIGNS, RETIRED_WARNING_SIGNS, WARNING_SIGNS
from ankle_education.starter_content.sources import SOURCES
from ankle_education.starter_content.tiers import TIERS
from ankle_education.starter_content.tips import TIPS

STARTER_LIBRARY = Library(
    sources=SOURCES,
    categories=CATEGORIES,
    tiers=TIERS,
    warning_signs=WARNING_SIGNS,
    conditions=CONDITIONS,
    tips=TIPS,
    renamed_warning_signs=RENAMED_WARNING_SIGNS,
    retired_warning_signs=RETIRED_WARNING_SIGNS,
)
