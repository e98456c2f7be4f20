"""Markdown in the admin: the markdownx editor with a labelled live preview, and, where staff may only
read a page (live content, for editors), the text rendered as patients see it instead of raw markdown.

Both go through ``ankle_education.rendering.render_markdown``: the preview endpoint and the read-only
fields alike show exactly what the public page shows, sanitised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import Field, Model
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from ankle_education.rendering import render_markdown

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin
    from django_stubs_ext import StrOrPromise

    _AnyAdmin = BaseModelAdmin[Any]
else:
    _AnyAdmin = object  # a plain mixin at run time

# An entry of a fieldset's "fields": a name, a callable shown read-only, or a line of them.
FieldEntry = Any


class LabelledMarkdownxWidget(AdminMarkdownxWidget):  # type: ignore[misc]  # markdownx is untyped
    """markdownx's admin editor, its live preview named after its field ("Preview: Overview").

    The preview box is a region with that name, shown above it too. A name rather than a reference to
    the label's id: Django's inline script renumbers the ids in a row staff add, never references to them.
    """

    template_name = "admin/ankle_education/widgets/markdownx.html"

    def __init__(self, field_label: StrOrPromise, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.field_label = field_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        context["preview_label"] = gettext("Preview: %(field)s") % {"field": capfirst(self.field_label)}
        return context


# One display per field, made once: the admin tells read-only fields apart by identity.
_RENDERED: dict[tuple[type[Model], str], Callable[[Model], SafeString]] = {}


def rendered(model: type[Model], field_name: str) -> Callable[[Model], SafeString]:
    """A read-only display of a markdown field, rendered and sanitised as on the public pages.

    Named after the field, so the admin shows it with the field's label and help text.
    """
    key = (model, field_name)
    if key not in _RENDERED:
        field = model._meta.get_field(field_name)

        @admin.display(description=capfirst(getattr(field, "verbose_name", field_name)))
        def show(obj: Model) -> SafeString:
            return render_markdown(getattr(obj, field_name))

        show.__name__ = field_name
        _RENDERED[key] = show
    return _RENDERED[key]


class MarkdownAdminMixin(_AnyAdmin):
    """For ModelAdmins and inlines: the labelled editor, and rendered markdown where the page is read-only."""

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, MarkdownxField) and "widget" not in kwargs:
            kwargs["widget"] = LabelledMarkdownxWidget(db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # ``obj`` is the page: an instance of the admin's model (an inline's: of its page's), so Any.
    def shows_read_only(self, request: HttpRequest, obj: Any) -> bool:
        """Whether this user sees every field of the change page (an inline's: of its page's rows) read-only."""
        if obj is None:
            return False
        if isinstance(self, InlineModelAdmin):
            # Rows the user may add are forms, whatever they may change.
            return not (self.has_change_permission(request, obj) or self.has_add_permission(request, obj))
        return not self.has_change_permission(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not self.shows_read_only(request, obj):
            return fieldsets
        return [(name, {**options, "fields": self._rendered_entries(options["fields"])}) for name, options in fieldsets]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not self.shows_read_only(request, obj):
            return readonly
        # So the forms leave them out too: they are displays, not fields.
        return (*readonly, *(rendered(self.model, name) for name in self._markdown_field_names()))

    def _markdown_field_names(self) -> list[str]:
        return [field.name for field in self.model._meta.get_fields() if isinstance(field, MarkdownxField)]

    def _rendered_entries(self, entries: Sequence[FieldEntry]) -> list[FieldEntry]:
        markdown = self._markdown_field_names()

        def entry(name: FieldEntry) -> FieldEntry:
            if isinstance(name, (list, tuple)):
                return tuple(entry(part) for part in name)
            return rendered(self.model, name) if name in markdown else name

        return [entry(name) for name in entries]
