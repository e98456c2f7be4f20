"""What each urgency level says to the patient, in the NHS care-card pattern.

Every answer has the level said in words (for screen readers and for anyone who cannot
tell the colours apart), one heading that is the call to action, and a short explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ankle_education.booking_links import CallToAction, call_to_action
from ankle_education.conf import conf
from ankle_education.models import Condition, WarningSign
from ankle_education.urgency import Level, decide


@dataclass(frozen=True)
class Answer:
    level: Level
    label: str
    heading: str
    explanation: str
    # More to say at this level: where else to go today, what to do while waiting.
    advice: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """The level's slug, for CSS classes and template branches."""
        return self.level.slug


@dataclass(frozen=True)
class _Words:
    label: Promise
    heading: Promise
    explanation: Promise
    card_heading: Promise


# Translated when used, not at import. Texts may name the emergency number as %(number)s.
# The words that differ by country ("emergency department", "physical therapist") are in the
# catalogues: en_GB says "A&E" and "physiotherapist".
WORDS = {
    Level.EMERGENCY: _Words(
        _("Immediate action required:"),
        _("Call %(number)s or go to the emergency department now"),
        _("What you ticked can be a sign of a serious injury or illness that needs treatment straight away. "
          "Do not wait to see if it gets better, and do not drive yourself."),
        _("Call %(number)s or go to the emergency department now if:"),
    ),
    Level.URGENT: _Words(
        _("Urgent advice:"),
        _("Get seen today"),
        _("What you ticked needs to be checked by a doctor today, and you may need a scan or an X-ray. "
          "Do not run on it, and keep weight off it until you have been seen."),
        _("Get seen today if:"),
    ),
    Level.ROUTINE: _Words(
        _("Non-urgent advice:"),
        _("Book an appointment"),
        _("What you ticked should be checked by a physical therapist or doctor, but it is not urgent. "
          "Do not run on it until then. Moving it gently, as far as the pain allows, is fine."),
        _("Book an appointment if:"),
    ),
    Level.SELF_CARE: _Words(
        _("Self-care advice:"),
        _("Look after your ankle at home"),
        _("You told us none of the warning signs apply to you, so your ankle can most likely be looked "
          "after at home."),
        # Signs are never self-care, so no card ever shows this; it is here so every level has every text.
        _("Look after your ankle at home if:"),
    ),
}

# Said in the urgent answer: where to go when the clinic has no same-day slot.
URGENT_ELSEWHERE = _("If the clinic cannot see you today, go to %(place)s.")
# The default place, in the site's language; ANKLE_EDUCATION["URGENT_CARE_PLACE"] overrides it.
URGENT_CARE_PLACE = _("an urgent care center")
WHILE_WAITING = _("If it gets worse while you wait, or you get any emergency sign, call %(number)s.")


def _with_number(lazy_text: Promise) -> str:
    """The text with the configured emergency number, read per call so it is always current."""
    text = str(lazy_text)
    return text % {"number": conf.EMERGENCY_NUMBER} if "%(number)s" in text else text


def urgent_care_place() -> str:
    """Where to get seen today when the clinic cannot: the setting, else the language's default."""
    return conf.URGENT_CARE_PLACE or str(URGENT_CARE_PLACE)


def _advice(level: Level) -> tuple[str, ...]:
    if level is Level.URGENT:
        return (str(URGENT_ELSEWHERE) % {"place": urgent_care_place()}, _with_number(WHILE_WAITING))
    return ()


def answer_for(level: Level) -> Answer:
    """The words of the answer at ``level``."""
    words = WORDS[level]
    return Answer(level, str(words.label), _with_number(words.heading), _with_number(words.explanation), _advice(level))


def answer_context(
    ticked: Sequence[WarningSign], condition: Condition | None = None, asked: Sequence[WarningSign] = ()
) -> dict[str, Any]:
    """What the answer page shows for the ticked signs: the answer, its one link, and what was ticked.

    A self-care answer also shows the urgent and emergency signs of the checklist (``asked``):
    the ones that should bring the patient back. ``ankle_emergency`` is for the host's base
    template: when it is set, the host hides its own calls to action (a "Book an appointment"
    link in its header…), so the page offers only one.
    """
    level = decide(sign.level for sign in ticked)
    return_signs = [sign for sign in asked if sign.level >= Level.URGENT] if level is Level.SELF_CARE else []
    return {
        "answer": answer_for(level),
        "action": call_to_action(level, condition),
        "ticked": ticked,
        "return_cards": care_cards(return_signs, condition),
        "ankle_emergency": level is Level.EMERGENCY,
    }


def card_heading(level: Level) -> str:
    """A care card's heading on a content page: the call to action, then the signs that lead to it."""
    return _with_number(WORDS[level].card_heading)


@dataclass(frozen=True)
class CareCard:
    """The signs of one urgency level, shown together under that level's call to action."""

    answer: Answer
    heading: str
    signs: list[WarningSign] = field(default_factory=list)
    action: CallToAction | None = None


def care_cards(signs: Iterable[WarningSign], condition: Condition | None = None) -> list[CareCard]:
    """The signs grouped into one card per urgency level, most urgent first; no card for an empty level.

    With ``condition``, booking links carry its slug and use its booking override. An
    emergency card never has a link: the only thing to do is to call for help.
    """
    by_level: dict[Level, list[WarningSign]] = {}
    for sign in signs:
        by_level.setdefault(sign.level, []).append(sign)
    return [
        CareCard(
            answer=answer_for(level),
            heading=card_heading(level),
            signs=by_level[level],
            action=call_to_action(level, condition),
        )
        for level in sorted(by_level, reverse=True)
    ]
