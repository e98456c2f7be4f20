"""Create or update the two staff roles: editors write drafts, clinical reviewers publish.

Safe to run again: each group ends with exactly the permissions listed here, and the
command prints what it added and removed.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ankle_education import models

EDITORS = "Patient education editors"
REVIEWERS = "Clinical reviewers"

PUBLISHABLE = (models.Category, models.Condition, models.PreventionTip, models.TreatmentTier, models.WarningSign)
# Edited inside a condition or tier (inlines): removing a row there needs "delete".
PARTS = (models.TreatmentStep, models.ConditionWarningSign, models.ConditionSource)
CONTENT = (*PUBLISHABLE, models.Source, *PARTS)


def _codenames(actions: tuple[str, ...], model_classes: tuple) -> set[str]:
    return {f"{action}_{model._meta.model_name}" for model in model_classes for action in actions}


# Neither role deletes whole pages, signs or sources: archiving takes content off the
# site and keeps the record; deleting stays with superusers.
ROLES: dict[str, set[str]] = {
    EDITORS: _codenames(("view", "add", "change"), CONTENT) | _codenames(("delete",), PARTS),
    REVIEWERS: _codenames(("view", "add", "change"), CONTENT)
    | _codenames(("delete",), PARTS)
    | _codenames(("publish",), PUBLISHABLE),
}


class Command(BaseCommand):
    help = "Create or update the groups “Patient education editors” and “Clinical reviewers”."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for name, codenames in ROLES.items():
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
