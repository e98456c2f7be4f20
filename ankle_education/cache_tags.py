"""The one vocabulary of cache tags: what each public page shows, and what each change purges.

A tag names content that pages show. Views and sitemaps declare their pages' tags with the
functions below; ``tags_for`` says which tags a change to a row purges. Both sides use this one
module, so they cannot drift apart and leave stale clinical advice in the cache.

- ``page_tag(Condition, "a1")``: that item's own page (conditions, categories, prevention tips);
- ``list_tag(Condition)``: the pages that list every published item of a kind (hub, lists, ladder);
- ``GENERAL_SIGNS``: the signs every condition page shows;
- ``TREATMENT_LADDER``: what only the ladder page shows of the tiers (their sources);
- ``SEARCH``: search results;
- ``EVERYTHING``: every cached page carries it, so purging it empties the page cache.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, QuerySet

from ankle_education.models import (
    Category,
    Condition,
    ConditionSource,
    ConditionWarningSign,
    PreventionTip,
    Publishable,
    Source,
    Status,
    TreatmentStep,
    TreatmentTier,
    WarningSign,
)

EVERYTHING = "everything"
GENERAL_SIGNS = "list:general-signs"
TREATMENT_LADDER = "treatment-ladder"
SEARCH = "search"


def page_tag(model: type[Model], slug: str) -> str:
    """The tag of one item's own page."""
    return f"{model._meta.model_name}:{slug}"


def list_tag(model: type[Model]) -> str:
    """The tag of the pages that list every published item of ``model``."""
    return f"list:{model._meta.model_name}"


def _pages(model: type[Model], slugs: Iterable[str]) -> set[str]:
    return {page_tag(model, slug) for slug in slugs}


def _condition_pages(conditions: QuerySet[Condition]) -> set[str]:
    return _pages(Condition, conditions.values_list("slug", flat=True))


def _tip_pages(tips: QuerySet[PreventionTip]) -> set[str]:
    return _pages(PreventionTip, tips.values_list("slug", flat=True))


def tags_for(instance: Model) -> set[str]:
    """The tags of the public pages that show ``instance`` as it is now; none for a draft."""
    if isinstance(instance, Publishable) and instance.status != Status.PUBLISHED:
        return set()
    if isinstance(instance, Category):
        # Its conditions show or hide with it, on their own pages and on the tip pages that list them.
        return (
            {page_tag(Category, instance.slug), list_tag(Category), list_tag(Condition), SEARCH}
            | _condition_pages(instance.conditions.all())
            | _tip_pages(PreventionTip.objects.filter(conditions__category=instance))
        )
    if isinstance(instance, Condition):
        tips = _tip_pages(instance.prevention_tips.all()) if instance.pk else set()
        return {
            page_tag(Condition, instance.slug),
            page_tag(Category, instance.category.slug),
            list_tag(Condition),
            SEARCH,
        } | tips
    if isinstance(instance, PreventionTip):
        return {page_tag(PreventionTip, instance.slug), list_tag(PreventionTip), SEARCH} | _condition_pages(
            instance.conditions.all()
        )
    if isinstance(instance, TreatmentTier):
        return {list_tag(TreatmentTier)} | _condition_pages(Condition.objects.filter(treatment_steps__tier=instance))
    if isinstance(instance, WarningSign):
        if instance.applies_to_all_conditions:
            return {GENERAL_SIGNS}
        return _condition_pages(instance.conditions.all())
    if isinstance(instance, (TreatmentStep, ConditionWarningSign, ConditionSource)):
        return {page_tag(Condition, instance.condition.slug)}
    if isinstance(instance, Source):
        # Condition pages list the sources of the warning signs they show, too: all of them for a
        # general sign, their own for the others (two queries, however many signs cite it).
        signs = instance.warning_signs.published()
        general = {GENERAL_SIGNS} if signs.filter(applies_to_all_conditions=True).exists() else set()
        own = Condition.objects.filter(warning_signs__in=signs.filter(applies_to_all_conditions=False))
        return (
            general
            | _condition_pages(own)
            | _condition_pages(instance.conditions.all())
            | _tip_pages(instance.prevention_tips.all())
            | ({TREATMENT_LADDER} if instance.treatment_tiers.exists() else set())
        )
    return set()


def link_page_tags(item: Model) -> set[str]:
    """The pages that show ``item``'s links (its tips, sources, signs); a sign or a source has no page of its own."""
    if isinstance(item, Publishable) and item.status != Status.PUBLISHED:
        return set()
    if isinstance(item, (Condition, PreventionTip)):
        return {page_tag(type(item), item.slug)}
    if isinstance(item, TreatmentTier):
        return {TREATMENT_LADDER}
    return set()
