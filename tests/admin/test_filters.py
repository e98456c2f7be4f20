"""The review list filters (admin/filters.py): overdue for review, never reviewed."""

from __future__ import annotations

import pytest

from tests.admin.helpers import listed

pytestmark = pytest.mark.django_db


def test_review_overdue_filter(superuser_client, conditions_by_review):
    assert listed(superuser_client, "?review_overdue=yes") == {"Overdue one"}
    assert listed(superuser_client, "?review_overdue=no") == {"Current one", "Never one"}


def test_never_reviewed_filter(superuser_client, conditions_by_review):
    assert listed(superuser_client, "?never_reviewed=yes") == {"Never one"}
    assert listed(superuser_client, "?never_reviewed=no") == {"Overdue one", "Current one"}
