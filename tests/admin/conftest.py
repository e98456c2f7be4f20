"""Fixtures of the admin tests: a client for each role, and conditions in each review state."""

from __future__ import annotations

import datetime

import pytest

from tests import factories
from tests.admin.helpers import TODAY

ROLES = ["superuser", "editor_user", "reviewer_user"]


@pytest.fixture(params=ROLES)
def role_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def conditions_by_review():
    today = TODAY()
    return {
        "overdue": factories.ConditionFactory(name="Overdue one", reviewed=True,
                                              next_review_due=today - datetime.timedelta(days=1)),
        "current": factories.ConditionFactory(name="Current one", reviewed=True),
        "never": factories.ConditionFactory(name="Never one"),
    }  # fmt: skip
