"""Admin forms that carry the editorial rules of ``ankle_education.publishing``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ankle_education import publishing, versions
from ankle_education.models import Publishable, Status, Version

if TYPE_CHECKING:
    from ankle_education.publishing import User

    # Django's forms take no type arguments at run time.
    _PublishableForm = forms.ModelForm[Publishable]
    _RowForm = forms.ModelForm[Any]
else:
    _PublishableForm = _RowForm = forms.ModelForm


class PublishableAdminForm(_PublishableForm):
    """Offers only the statuses the user may choose, and publishes only reviewed content.

    ``user`` and ``pending_change`` (the form edits a change to live content) are set on the form
    class by ``PublishableAdmin.get_form``.
    """

    user: ClassVar[User]
    pending_change: ClassVar[bool] = False
    # The content hash of what the form shows (``workflow.shown_content``); empty on an add form.
    shown_content: ClassVar[str] = ""

    # Sent back with the form: a save over a change someone made since is refused, so nobody
    # signs off, or overwrites, what they have not seen.
    content_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.shown_content:
            self.fields["content_seen"].initial = self.shown_content
        else:  # a new page, or one this user may only view
            del self.fields["content_seen"]
        self.initial_status = self.instance.status
        if self.pending_change and self.instance.status == Status.PUBLISHED:
            self.initial["status"] = Status.DRAFT  # a new change starts as a draft beside the live page
        status = cast("forms.ChoiceField | None", self.fields.get("status"))
        if status is not None:
            allowed = publishing.allowed_statuses(self.user, self.instance, self.pending_change)
            status.choices = [(value, label) for value, label in Status.choices if value in allowed]
            # A crafted POST with a status the user may not choose is refused with this.
            status.error_messages["invalid_choice"] = _(
                "You do not have permission to publish, unpublish or archive this. "
                "Save it as “Draft” or “In review” and a clinical reviewer will publish it."
            )

    @property
    def publishes(self) -> bool:
        """Whether saving this form puts the content live."""
        return self.cleaned_data.get("status") == Status.PUBLISHED and self.initial_status != Status.PUBLISHED

    def clean(self) -> dict[str, Any]:
        cleaned_data = cast(dict[str, Any], super().clean())  # a ModelForm's clean() returns cleaned_data
        if self.shown_content and cleaned_data.get("content_seen") != self.shown_content:
            raise ValidationError(
                _(
                    "Someone changed this page after you opened it, so your changes were not saved. "
                    "Open the page again to see theirs, then make yours."
                ),
                code="stale",
            )
        go_live, take_down = cleaned_data.get("go_live_at"), cleaned_data.get("take_down_at")
        if go_live and take_down and take_down <= go_live:
            self.add_error("take_down_at", _("Take it down after it goes live, or clear one of the two times."))
        if cleaned_data.get("status") == Status.PUBLISHED:
            # Review fields a user may not edit are not in the form: take them from the instance.
            values = {name: cleaned_data.get(name, getattr(self.instance, name)) for name in publishing.REVIEW_FIELDS}
            for name, message in publishing.review_errors(**values).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned_data


class PublishableListForm(_PublishableForm):
    """One row of a list's editable columns: a row the user may not change is shown locked.

    Live rows are locked for everyone: a change to live content is a pending change, made on its
    page. ``user`` is set on the form class by ``PublishableAdmin.get_changelist_form``. A disabled
    field keeps its saved value whatever is posted, so a crafted POST changes nothing either.
    """

    user: ClassVar[User]
    previous_version: Version | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.is_published or not publishing.may_change_in_its_status(self.user, self.instance):
            for field in self.fields.values():
                field.disabled = True

    def clean(self) -> dict[str, Any]:
        if self.has_changed():
            # What the row said before this edit, for its history (the instance changes after clean()).
            self.previous_version = versions.ensure_recorded(self.instance)
        return cast(dict[str, Any], super().clean())


class MarkReviewedForm(forms.Form):
    """The reviewer signs the review in their own words: name and credentials."""

    reviewed_by = forms.CharField(
        label=_("Reviewed by"),
        max_length=200,
        help_text=_("Name and credentials, as patients will see them, e.g. “Dr Ana Silva, DPT”."),
    )


class InlineRowForm(_RowForm):
    """A row edited inside its page (a condition's signs, sources…): duplicates are a form error.

    Django leaves out of a row's validation the constraints that include the inline's own foreign
    key, so a second link to the same sign (from a crafted post, say) would only fail in the database.
    """

    def validate_unique(self) -> None:
        super().validate_unique()
        # Both private, so django-stubs does not declare them.
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())  # type: ignore[attr-defined]
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
