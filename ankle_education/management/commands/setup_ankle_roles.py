"""Create or update the two staff roles: editors write drafts, clinical reviewers publish.

Safe to run again: each group ends with exactly the permissions listed here, and the
command prints what it added and removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from ankle_education.models import publish_codename
from ankle_education.registry import content_models, part_models, publishable_models

EDITORS = "Patient education editors"
REVIEWERS = "Clinical reviewers"



def _codenames(actions: tuple[str, ...], model_classes: Iterable[type[models.Model]]) -> set[str]:
    return {f"{action}_{model._meta.model_name}" for model in model_classes for action in actions}


def roles() -> dict[str, set[str]]:
    """Each role's permissions. Parts (a condition's steps, sign and source links) are edited inside
    a page, where removing a row needs "delete". Neither role deletes whole pages, signs or sources:
    archiving takes content off the site and keeps the record; deleting stays with superusers."""
    editing = _codenames(("view", "add", "change"), content_models()) | _codenames(("delete",), part_models())
    return {
        EDITORS: editing,
        # A model's name is None only while its class is being built.
        REVIEWERS: editing | {publish_codename(cast(str, model._meta.model_name)) for model in publishable_models()},
    }


class Command(BaseCommand):
    help = "Create or update the groups “Patient education editors” and “Clinical reviewers”."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        for name, codenames in roles().items():
            permissions = Permission.objects.filter(content_type__app_label="ankle_education", codename__in=codenames)
            missing = codenames - {permission.codename for permission in permissions}
            if missing:
                raise CommandError(f"Permissions missing: {', '.join(sorted(missing))}. Run “migrate” first.")
            group, created = Group.objects.get_or_create(name=name)
            before = set(group.permissions.values_list("codename", flat=True))
            group.permissions.set(permissions)
            added, removed = sorted(codenames - before), sorted(before - codenames)
            if created:
                self.stdout.write(f"Created group “{name}” with {len(codenames)} permissions.")
            elif added or removed:
                self.stdout.write(f"Updated group “{name}”: added {added or 'none'}, removed {removed or 'none'}.")
            else:
                self.stdout.write(f"Group “{name}” is already up to date ({len(codenames)} permissions).")
