"""Tampered admin requests that Django's admin itself would answer with a 500: a form error or a 400 here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.admin import helpers, widgets
from django.core.exceptions import BadRequest, ValidationError
from django.db import connections
from django.db.models import Field, ForeignKey, ManyToManyField, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin
    from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin

    # What the mixins below extend, for the type checker: at run time they are plain mixins,
    # and Django's form fields and admins take no type arguments.
    _AutocompleteWidget = widgets.AutocompleteMixin
    _AnyAdmin = BaseModelAdmin[Any]
    _ModelAdmin = ModelAdmin[Any]
    _InlineAdmin = InlineModelAdmin[Any, Any]
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField[Any]
else:
    _AutocompleteWidget = _AnyAdmin = _ModelAdmin = _InlineAdmin = object
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField

# Lookups a crafted list URL could use on any field: an invalid pattern fails inside the database.
REFUSED_LOOKUPS = ("__regex", "__iregex")


def is_key(field: Field[Any, Any], value: object, using: str | None) -> bool:
    """Whether ``value`` can be looked up as ``field`` (a primary key, say) without the database failing."""
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    bounds = connections[using or "default"].ops.integer_field_ranges.get(field.get_internal_type())
    return bounds is None or bounds[0] <= key <= bounds[1]


class TolerantAutocompleteMixin(_AutocompleteWidget):
    """Redraws a form whose autocomplete field got a value that is not a key of the related model.

    To redraw the form with its error, Django's autocomplete widgets look the submitted values up
    as they are, and "abc" (or a number beyond the database's integers) then raises. The field's
    own validation already says what was wrong; the widget just leaves such values out.
    """

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        return super().optgroups(name, [key for key in value if is_key(target, key, self.db)], attr)


class AutocompleteSelect(TolerantAutocompleteMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(TolerantAutocompleteMixin, widgets.AutocompleteSelectMultiple):
    pass


class KeyCheckedModelMultipleChoiceField(_ModelMultipleChoiceField):
    """Refuses a value that is not a key before Django looks the values up with ``__in``, which raises
    (rather than finding nothing) for a number beyond the database's integers."""

    def _check_values(self, value: Any) -> QuerySet[Any]:
        if isinstance(value, (list, tuple)):
            queryset = cast(QuerySet[Any], self.queryset)  # always set by the time values are checked
            key_field = queryset.model._meta.get_field(self.to_field_name or queryset.model._meta.pk.name)
            for pk in value:
                if not is_key(key_field, pk, queryset.db):
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": pk})
        # Private, so django-stubs does not declare it.
        return cast(QuerySet[Any], super()._check_values(value))  # type: ignore[misc]


class TolerantRelationFieldsMixin(_AnyAdmin):
    """Relation fields that answer a value that is not a key with a form error."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", KeyCheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HardenedAdminMixin(TolerantRelationFieldsMixin, _ModelAdmin):
    """For ModelAdmins: also no selection of impossible rows, pattern lookups or NUL in list URLs."""

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any], *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        # Django filters the selection with pk__in as posted; "abc" would raise once the action reads it.
        # (*args, **kwargs: Django 6.1 adds where the action was chosen.)
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_key(self.model._meta.pk, value, queryset.db) for value in selected):
            raise BadRequest(_("The selection names rows that do not exist."))
        return super().response_action(request, queryset, *args, **kwargs)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        refuse_null_characters(value for _name, values in request.GET.lists() for value in values)
        return super().changelist_view(request, extra_context)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        refuse_null_characters([search_term])  # the list's search box and autocomplete fields
        return super().get_search_results(request, queryset, search_term)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # False makes Django answer 400 (DisallowedModelAdminLookup).
        return not lookup.endswith(REFUSED_LOOKUPS) and super().lookup_allowed(
            lookup,
            value,
            request,  # type: ignore[arg-type]  # Django 5.2 still takes None; django-stubs 6 wants a request
        )


# Django builds as many inline forms as a post's TOTAL_FORMS asks, up to max_num + 1,000: seconds of
# work per request. No page of ours has this many rows in one inline.
MAX_INLINE_ROWS = 200


class HardenedInlineMixin(TolerantRelationFieldsMixin, _InlineAdmin):
    """For inlines: also at most MAX_INLINE_ROWS forms, whatever a post asks for."""

    max_num = MAX_INLINE_ROWS

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return super().get_formset(request, obj, **{"absolute_max": MAX_INLINE_ROWS, **kwargs})


def refuse_null_characters(values: Iterable[str]) -> None:
    """PostgreSQL refuses text with NUL in it, so a filter or search holding one would fail there."""
    if any("\x00" in value for value in values):
        raise BadRequest(_("Null characters are not allowed."))


def check_date_hierarchy(request: HttpRequest, field_name: str) -> None:
    """A date drill-down with a day, month or year no calendar has is a 400, not a 500 (Django catches
    only ValueError there, and a number too large for C raises OverflowError)."""
    for part in ("year", "month", "day"):
        value = request.GET.get(f"{field_name}__{part}")
        if value is not None and not (value.isascii() and value.isdigit() and len(value) <= 4):
            raise BadRequest(_("That date is not in the calendar."))
