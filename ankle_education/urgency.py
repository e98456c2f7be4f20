"""The checklist rule: the answer is the highest urgency among the ticked signs.

Plain Python on purpose: this is a clinical-safety property, so it is kept small,
free of Django, and tested over every combination of levels.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Level(enum.IntEnum):
    """Urgency levels, ordered from least to most urgent."""

    SELF_CARE = 0
    ROUTINE = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def from_slug(cls, slug: str) -> Level:
        """The level named by ``slug`` (``"self-care"``, ``"routine"``…); ValueError if none."""
        for level in cls:
            if level.slug == slug:
                return level
        raise ValueError(f"unknown urgency level: {slug!r}")


# The levels a warning sign can have: self-care is the answer when no sign applies, never a sign.
SIGN_LEVELS = (Level.ROUTINE, Level.URGENT, Level.EMERGENCY)


def decide(ticked_levels: Iterable[Level]) -> Level:
    """The answer for a set of ticked signs: the most urgent one, self-care if none."""
    return max(ticked_levels, default=Level.SELF_CARE)
