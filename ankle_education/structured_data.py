"""schema.org JSON-LD for search engines, built by plain functions from already-filtered content.

Callers pass only what the public page shows (published tips, tiers, sources), so nothing
unpublished can reach the JSON-LD.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ankle_education.models import Condition, PreventionTip, Source, TreatmentStep, TreatmentTier
from ankle_education.rendering import render_markdown

# Like Django's json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_json_ld(data: dict[str, Any]) -> SafeString:
    """``data`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(JSON_SCRIPT_ESCAPES))  # noqa: S308  (escaped just above)


class _ListItems(HTMLParser):
    """Collects the text of each ``<li>`` of sanitised HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            if self._depth == 0:
                self.items.append("")
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.items[-1] += data


def _plain(text: str) -> str:
    return " ".join(text.split())


def markdown_items(text: str) -> list[str]:
    """The items of the markdown's lists as plain text, or the whole text as one item if it has no list."""
    html = render_markdown(text)
    parser = _ListItems()
    parser.feed(html)
    items = [_plain(item) for item in parser.items if item.strip()]
    if items:
        return items
    whole = _plain(strip_tags(html))
    return [whole] if whole else []


def _named(schema_type: str, names: Iterable[str]) -> list[dict[str, str]]:
    return [{"@type": schema_type, "name": name} for name in names]


def _citation(source: Source) -> dict[str, Any]:
    return {
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "url": source.url,
    }


def _treatment(tier: TreatmentTier, steps: Sequence[TreatmentStep]) -> dict[str, Any]:
    description = " ".join(_plain(strip_tags(render_markdown(step.body))) for step in steps)
    return {"@type": "MedicalTherapy", "name": tier.name, "description": description}


def condition_page(
    condition: Condition,
    *,
    url: str,
    tips: Iterable[PreventionTip],
    treatment: Iterable[tuple[TreatmentTier, Sequence[TreatmentStep]]],
    sources: Iterable[Source],
    language: str | None = None,
) -> dict[str, Any]:
    """A MedicalWebPage about the condition, from the published pieces the page shows."""
    about: dict[str, Any] = {
        "@type": "MedicalCondition",
        "name": condition.name,
        "description": condition.summary,
        "signOrSymptom": _named("MedicalSignOrSymptom", markdown_items(condition.symptoms)),
        "cause": _named("MedicalCause", markdown_items(condition.causes)),
        "possibleTreatment": [_treatment(tier, steps) for tier, steps in treatment],
        "primaryPrevention": [
            {"@type": "MedicalTherapy", "name": tip.title, "description": tip.summary} for tip in tips
        ],
    }
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "name": condition.name,
        "description": condition.summary,
        "inLanguage": language or get_language() or "en",
        "dateModified": condition.updated_at,
        "medicalAudience": {"@type": "Patient"},
        "about": about,
        "citation": [_citation(source) for source in sources],
    }
    if condition.last_reviewed:
        page["lastReviewed"] = condition.last_reviewed
    if condition.reviewed_by.strip():
        page["reviewedBy"] = {"@type": "Person", "name": condition.reviewed_by.strip()}
    return page
