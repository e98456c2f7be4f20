"""Keeps the page cache in step with the content: every save, delete and link change purges
the tags (``cache_tags.tags_for``) of the content before and after it, so moving, renaming,
unpublishing or deleting clears the old pages as well as the new ones. Drafts show nowhere, so
editing a draft purges nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ankle_education import caching, edge
from ankle_education.cache_tags import EVERYTHING, link_page_tags, tags_for
from ankle_education.models import WarningSign
from ankle_education.registry import content_models, link_fields

# Where the signal handlers note, on the instance, the tags it had before a save or delete.
OLD_TAGS = "_ankle_old_tags"


def _purge(tags: set[str]) -> None:
    """Purge the page cache now, so this connection's next read is fresh, and again after commit,
    because a page rendered by another process from the old rows in between must not stay
    current; edge caches (edge.py) after commit only, once per transaction."""
    if tags and not getattr(_local, "suspended", False):
        caching.purge(tags)
        _purge_after_commit(tags)


class _AfterCommit:
    """The tags one transaction changed, purged everywhere once it commits."""

    def __init__(self) -> None:
        self.tags: set[str] = set()

    def __call__(self) -> None:
        caching.purge(self.tags)
        edge.purge(self.tags)


_local = threading.local()


@contextmanager
def suspended() -> Iterator[None]:
    """No purges inside: for writes that are always rolled back (a pending change shown to staff)."""
    _local.suspended = True
    try:
        yield
    finally:
        _local.suspended = False


def _purge_after_commit(tags: set[str]) -> None:
    """One purge per transaction however many rows it saves: a CDN's purge API is rate-limited."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        after = _AfterCommit()
        after.tags |= tags
        after()
        return
    pending: _AfterCommit | None = getattr(_local, "pending", None)
    # Django drops the hooks of a transaction (or savepoint) that rolled back: then start afresh.
    if pending is None or not any(hook is pending for _, hook, _ in connection.run_on_commit):
        pending = _local.pending = _AfterCommit()
        transaction.on_commit(pending)
    pending.tags |= tags


def _remember_old_tags(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    old = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    setattr(instance, OLD_TAGS, tags_for(old) if old is not None else set())


def _purge_after_save(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: relations may not be loaded yet, so every page goes
        _purge({EVERYTHING})
        return
    _purge(getattr(instance, OLD_TAGS, set()) | tags_for(instance))


def _remember_tags_before_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    setattr(instance, OLD_TAGS, tags_for(instance))


def _purge_after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _purge(getattr(instance, OLD_TAGS, set()))


def _linked(through: type[Model], instance: Model, model: type[Model]) -> QuerySet[Model]:
    """What ``instance`` is linked to through ``through`` right now (for clear(), which names nothing)."""
    own = next(f for f in through._meta.fields if f.is_relation and f.related_model is type(instance))
    other = next(f for f in through._meta.fields if f.is_relation and f.related_model is model and f is not own)
    ids = through._default_manager.filter(**{own.name: instance.pk}).values_list(other.attname, flat=True)
    return model._default_manager.filter(pk__in=ids)


def purge_after_related_saved(instance: Model) -> None:
    """For the admin, after its inlines saved: rows of auto-created link tables (a condition's
    tip inline) are saved without any model signal, so the pages they change are purged here."""
    _purge(tags_for(instance))


def purge_links(instance: Model, rows: Iterable[Model]) -> None:
    """After part rows of ``instance`` were written directly (a version applied): rows of
    auto-created link tables send no signal, so the pages of both sides of each link go here."""
    items: list[Model] = [instance]
    for row in rows:
        items += [getattr(row, f.name) for f in row._meta.fields if f.is_relation and getattr(row, f.attname, None)]
    _purge(tags_for(instance) | set().union(*(link_page_tags(item) for item in items)))


def _purge_links(
    sender: type[Model], instance: Model, action: str, model: type[Model], pk_set: set[Any] | None, **kwargs: Any
) -> None:
    """Linking (or unlinking) a tip, source or sign changes the pages of both sides that show links."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    others = model._default_manager.filter(pk__in=pk_set) if pk_set is not None else _linked(sender, instance, model)
    _purge(set().union(*(link_page_tags(item) for item in [instance, *others])))


def _purge_sign_sources(
    sender: type[Model], instance: Model, action: str, model: type[Model], pk_set: set[Any] | None, **kwargs: Any
) -> None:
    """A sign's sources show on the condition pages that show the sign: (un)citing one changes those."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if isinstance(instance, WarningSign):
        signs: Iterable[Model] = [instance]
    else:
        signs = model._default_manager.filter(pk__in=pk_set) if pk_set is not None else _linked(sender, instance, model)
    _purge(set().union(*(tags_for(sign) for sign in signs)))


def connect() -> None:
    """Keep the page cache in step with every save, delete and link change (called from AppConfig.ready)."""
    for model in content_models():
        uid = f"ankle_education_cache_{model.__name__}"
        pre_save.connect(_remember_old_tags, sender=model, dispatch_uid=uid)
        post_save.connect(_purge_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_remember_tags_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_purge_after_delete, sender=model, dispatch_uid=uid)
    for field in link_fields():
        # A sign has no page: citing a source on it changes the pages that show the sign.
        handler = _purge_sign_sources if field is WarningSign.sources.field else _purge_links
        through = cast(type[Model], field.remote_field.through)  # Django creates one when a field names none
        m2m_changed.connect(handler, sender=through, dispatch_uid=f"ankle_education_cache_{through.__name__}")
