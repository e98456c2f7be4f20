"""Admin forms that carry the editorial rules of ``ankle_education.publishing``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ankle_education import publishing
from ankle_education.models import Status


class PublishableAdminForm(forms.ModelForm):
    """Offers only the statuses the user may choose, and publishes only reviewed content.

    ``user`` is set on the form class by ``PublishableAdmin.get_form``.
    """

    user = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial_status = self.instance.status
        status = self.fields.get("status")
        if status is not None:
            allowed = publishing.allowed_statuses(self.user, self.instance)
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

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Status.PUBLISHED:
            # Review fields a user may not edit are not in the form: take them from the instance.
            values = {name: cleaned_data.get(name, getattr(self.instance, name)) for name in publishing.REVIEW_FIELDS}
            for name, message in publishing.review_errors(**values).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned_data


class PublishableListForm(forms.ModelForm):
    """One row of a list's editable columns: a row the user may not change is shown locked.

    ``user`` is set on the form class by ``PublishableAdmin.get_changelist_form``. A disabled
    field keeps its saved value whatever is posted, so a crafted POST changes nothing either.
    """

    user = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not publishing.may_change_in_its_status(self.user, self.instance):
            for field in self.fields.values():
                field.disabled = True


class MarkReviewedForm(forms.Form):
    """The reviewer signs the review in their own words: name and credentials."""

    reviewed_by = forms.CharField(
        label=_("Reviewed by"),
        max_length=200,
        help_text=_("Name and credentials, as patients will see them, e.g. “Dr Ana Silva, DPT”."),
    )


class InlineRowForm(forms.ModelForm):
    """A row edited inside its page (a condition's signs, sources…): duplicates are a form error.

    Django leaves out of a row's validation the constraints that include the inline's own foreign
    key, so a second link to the same sign (from a crafted post, say) would only fail in the database.
    """

    def validate_unique(self) -> None:
        super().validate_unique()
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError as error:
            self._update_errors(error)
