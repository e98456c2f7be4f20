"""Fixtures the browser tests share."""

from __future__ import annotations

import pytest

from ankle_education.urgency import Level
from tests.factories import ConditionFactory, ConditionWarningSignFactory, WarningSignFactory


@pytest.fixture
def checklist_url(live_server) -> str:
    condition = ConditionFactory(slug="ankle-sprain", name="Ankle sprain")
    WarningSignFactory(text="It still hurts after a week of rest", urgency=Level.ROUTINE.slug)
    WarningSignFactory(text="You cannot take four steps", urgency=Level.EMERGENCY.slug, explanation="It may be broken.")
    ConditionWarningSignFactory(
        condition=condition, warning_sign__text="The swelling is getting worse", warning_sign__urgency=Level.URGENT.slug
    )
    return f"{live_server.url}/patient-education/ankle/conditions/ankle-sprain/seek-help/"
