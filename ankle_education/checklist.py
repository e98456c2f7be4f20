"""The "when to seek help" checklist: which signs it shows, and reading what a patient ticked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import TooManyFieldsSent
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ankle_education.models import Condition, ConditionWarningSign, Source, WarningSign
from ankle_education.urgency import Level

# The checkbox name the form posts; the values are sign ids.
FIELD_NAME = "sign"
# The exclusive "None of these" checkbox: the only way to a self-care answer.
NONE_FIELD = "none"
# A hidden field at the end of the form, always "1". Unticked checkboxes send nothing, so without
# it a mangled or cut-off post would read as "nothing ticked" and earn a self-care answer.
SENT_FIELD = "checklist"


def signs_for(condition: Condition | None = None) -> QuerySet[WarningSign]:
    """Published signs for every condition, plus, with a condition, that condition's own; one query."""
    applies = Q(applies_to_all_conditions=True)
    if condition is not None:
        # A subquery rather than a join, so a sign never appears twice and no DISTINCT is needed.
        own = ConditionWarningSign.objects.filter(condition=condition).values("warning_sign")
        applies |= Q(pk__in=own)
    return WarningSign.objects.published().filter(applies).order_by("order", "pk")


def sources_for(signs: Sequence[WarningSign]) -> list[Source]:
    """The sources that back ``signs``, each once; one query."""
    if not signs:
        return []
    return list(Source.objects.filter(warning_signs__in=[sign.pk for sign in signs]).distinct())


def checklist_url(condition: Condition | None = None) -> str:
    """The page of the checklist for ``condition``, or of the general one."""
    if condition is None:
        return reverse("ankle_education:seek_help")
    return reverse("ankle_education:condition_seek_help", kwargs={"slug": condition.slug})


# The legend of each level's group of signs on the form, most urgent first (the NHS care-card order).
GROUP_LEGENDS = {
    Level.EMERGENCY: _("Emergency signs"),
    Level.URGENT: _("Signs to get seen today"),
    Level.ROUTINE: _("Signs to book an appointment"),
}


@dataclass(frozen=True)
class SignGroup:
    """The signs of one urgency level, as one group of checkboxes."""

    level: Level
    legend: str
    signs: list[WarningSign]

    @property
    def kind(self) -> str:
        return self.level.slug


def sign_groups(signs: Sequence[WarningSign]) -> list[SignGroup]:
    """The signs grouped by level, most urgent first, each group in checklist order."""
    return [
        SignGroup(level, str(GROUP_LEGENDS[level]), grouped)
        for level in sorted(GROUP_LEGENDS, reverse=True)
        if (grouped := [sign for sign in signs if sign.level is level])
    ]


def form_context(condition: Condition | None, signs: Sequence[WarningSign]) -> dict[str, Any]:
    """What ``includes/checklist_form.html`` needs, for the checklist pages and the template tag alike."""
    return {
        "signs": signs,
        "sign_groups": sign_groups(signs),
        "form_action": checklist_url(condition),
        "field_name": FIELD_NAME,
        "none_field": NONE_FIELD,
        "sent_field": SENT_FIELD,
    }


class InvalidAnswers(ValueError):
    """Posted answers that no honest use of the form can produce; the view answers 400."""


class NothingTicked(ValueError):
    """A form sent with no sign and not "None of these": asked again, never taken as self-care."""


def read_form(request: HttpRequest, signs: Sequence[WarningSign]) -> list[WarningSign]:
    """The ticked signs from a posted checklist form, [] for "None of these" alone.

    A post our form did not send raises InvalidAnswers; one with nothing ticked, NothingTicked.
    """
    try:
        data = request.POST
    except TooManyFieldsSent:  # more fields than Django reads, so far more than any checklist has
        raise InvalidAnswers(_("More answers were sent than this checklist has signs.")) from None
    if data.get(SENT_FIELD) != "1":
        # The page adds "Please tick what applies to you again." to every message of this kind.
        raise InvalidAnswers(_("The checklist did not arrive in full."))
    ticked = read_answers(data.getlist(FIELD_NAME), signs)
    none_of_these = data.getlist(NONE_FIELD)
    if none_of_these not in ([], ["1"]):
        raise InvalidAnswers(_("“None of these” was sent in a way this checklist cannot send it."))
    if not ticked and not none_of_these:
        raise NothingTicked(_("Tick the signs you have, or tick “None of these”."))
    # A sign ticked together with "None of these" (the form allows it without JavaScript) wins:
    # the patient has a sign, so the answer must follow it.
    return ticked


def read_answers(values: Sequence[str], signs: Sequence[WarningSign]) -> list[WarningSign]:
    """The ticked signs, in checklist order, from the posted ``sign`` values.

    Anything the form itself cannot send is refused rather than guessed at, because a
    wrong answer here could send someone with an emergency to book an appointment.
    """
    if not signs:
        # Nothing was asked, so "nothing ticked" would be a self-care answer nobody earned.
        raise InvalidAnswers(_("This checklist has no warning signs yet."))
    if len(values) > len(signs):
        raise InvalidAnswers(_("More answers were sent than this checklist has signs."))
    if len(set(values)) != len(values):
        raise InvalidAnswers(_("The same sign was sent more than once."))
    by_id = {str(sign.pk): sign for sign in signs}
    for value in values:
        if not (value.isascii() and value.isdigit()):
            raise InvalidAnswers(_("A sign was sent that is not a number from this checklist."))
        if value not in by_id:
            raise InvalidAnswers(_("A sign was sent that is not on this checklist."))
    ticked = set(values)
    return [sign for sign in signs if str(sign.pk) in ticked]
