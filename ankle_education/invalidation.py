"""Which cached pages an edit changes: the tags of every public page that shows a piece of content.

Page tags (see ``page_tags`` in the views) and the tags below must agree:
- ``condition:<slug>``, ``category:<slug>``, ``preventiontip:<slug>``: that item's own page;
- ``list:<model>``: the pages listing every published item of a kind (hub, lists, ladder);
- ``list:general-signs``: the signs every condition page shows;
- ``treatment-ladder``: what only the ladder page shows of the tiers (their sources);
- ``search``: search results.
An edit purges the tags of the content before and after it, so moving, renaming,
unpublishing or deleting clears the old pages as well as the new ones. Drafts show
nowhere, so editing a draft purges nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ankle_education import caching
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


def _condition_tags(conditions) -> set[str]:
    return {f"condition:{slug}" for slug in conditions.values_list("slug", flat=True)}


def tags_for(instance: Model) -> set[str]:
    """The tags of the public pages that show ``instance`` as it is now."""
    if isinstance(instance, Publishable) and instance.status != Status.PUBLISHED:
        return set()
    if isinstance(instance, Category):
        # Its conditions show or hide with it, on their own pages and on the tip pages that list them.
        tips = PreventionTip.objects.filter(conditions__category=instance).values_list("slug", flat=True)
        return (
            {f"category:{instance.slug}", "list:categories", "list:conditions", "search"}
            | _condition_tags(instance.conditions.all())
            | {f"preventiontip:{slug}" for slug in tips}
        )
    if isinstance(instance, Condition):
        tips = instance.prevention_tips.values_list("slug", flat=True) if instance.pk else []
        return {
            f"condition:{instance.slug}",
            f"category:{instance.category.slug}",
            "list:conditions",
            "search",
        } | {f"preventiontip:{slug}" for slug in tips}
    if isinstance(instance, PreventionTip):
        return {f"preventiontip:{instance.slug}", "list:preventiontips", "search"} | _condition_tags(
            instance.conditions.all()
        )
    if isinstance(instance, TreatmentTier):
        return {"list:treatmenttiers"} | _condition_tags(Condition.objects.filter(treatment_steps__tier=instance))
    if isinstance(instance, WarningSign):
        if instance.applies_to_all_conditions:
            return {"list:general-signs"}
        return _condition_tags(instance.conditions.all())
    if isinstance(instance, (TreatmentStep, ConditionWarningSign, ConditionSource)):
        return {f"condition:{instance.condition.slug}"}
    if isinstance(instance, Source):
        # Condition pages list the sources of the warning signs they show, too.
        signs = instance.warning_signs.published()
        return (
            set().union(*(tags_for(sign) for sign in signs))
            | _condition_tags(instance.conditions.all())
            | {f"preventiontip:{slug}" for slug in instance.prevention_tips.values_list("slug", flat=True)}
            | ({"treatment-ladder"} if instance.treatment_tiers.exists() else set())
        )
    return set()


def _purge(tags: set[str]) -> None:
    """Purge now, so this connection's next read is fresh, and again after commit, because a page
    rendered by another process from the old rows in between must not stay current."""
    if tags:
        caching.purge(tags)
        transaction.on_commit(lambda: caching.purge(tags))


def _remember_old_tags(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    old = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._ankle_old_tags = tags_for(old) if old is not None else set()


def _purge_after_save(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: relations may not be loaded yet, so every page goes
        _purge({caching.EVERYTHING})
        return
    _purge(getattr(instance, "_ankle_old_tags", set()) | tags_for(instance))


def _remember_tags_before_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    instance._ankle_old_tags = tags_for(instance)


def _purge_after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _purge(getattr(instance, "_ankle_old_tags", set()))


def _link_page_tags(item: Model) -> set[str]:
    """The pages that show ``item``'s links (its tips, sources, signs): a sign or a source has none of its own."""
    if isinstance(item, Publishable) and item.status != Status.PUBLISHED:
        return set()
    if isinstance(item, Condition):
        return {f"condition:{item.slug}"}
    if isinstance(item, PreventionTip):
        return {f"preventiontip:{item.slug}"}
    if isinstance(item, TreatmentTier):
        return {"treatment-ladder"}
    return set()


def _linked(through: type[Model], instance: Model, model: type[Model]):
    """What ``instance`` is linked to through ``through`` right now (for clear(), which names nothing)."""
    own = next(f for f in through._meta.fields if f.is_relation and f.related_model is type(instance))
    other = next(f for f in through._meta.fields if f.is_relation and f.related_model is model and f is not own)
    ids = through._default_manager.filter(**{own.name: instance.pk}).values_list(other.attname, flat=True)
    return model._default_manager.filter(pk__in=ids)


def purge_after_related_saved(instance: Model) -> None:
    """For the admin, after its inlines saved: rows of auto-created link tables (a condition's
    tip inline) are saved without any model signal, so the pages they change are purged here."""
    _purge(tags_for(instance))


def _purge_links(sender, instance, action: str, model, pk_set, **kwargs: Any) -> None:
    """Linking (or unlinking) a tip, source or sign changes the pages of both sides that show links."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    others = model._default_manager.filter(pk__in=pk_set) if pk_set is not None else _linked(sender, instance, model)
    _purge(set().union(*(_link_page_tags(item) for item in [instance, *others])))


def _purge_sign_sources(sender, instance, action: str, model, pk_set, **kwargs: Any) -> None:
    """A sign's sources show on the condition pages that show the sign: (un)citing one changes those."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if isinstance(instance, WarningSign):
        signs = [instance]
    else:
        signs = model._default_manager.filter(pk__in=pk_set) if pk_set is not None else _linked(sender, instance, model)
    _purge(set().union(*(tags_for(sign) for sign in signs)))


WATCHED_MODELS = (
    Category,
    Condition,
    PreventionTip,
    TreatmentTier,
    TreatmentStep,
    WarningSign,
    ConditionWarningSign,
    ConditionSource,
    Source,
)


def connect() -> None:
    """Keep the page cache in step with every save, delete and link change (called from AppConfig.ready)."""
    for model in WATCHED_MODELS:
        uid = f"ankle_education_cache_{model.__name__}"
        pre_save.connect(_remember_old_tags, sender=model, dispatch_uid=uid)
        post_save.connect(_purge_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_remember_tags_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_purge_after_delete, sender=model, dispatch_uid=uid)
    for field in (PreventionTip.conditions, PreventionTip.sources, TreatmentTier.sources, Condition.sources,
                  Condition.warning_signs):
        through = field.through
        m2m_changed.connect(_purge_links, sender=through, dispatch_uid=f"ankle_education_cache_{through.__name__}")
    through = WarningSign.sources.through
    m2m_changed.connect(_purge_sign_sources, sender=through, dispatch_uid=f"ankle_education_cache_{through.__name__}")
