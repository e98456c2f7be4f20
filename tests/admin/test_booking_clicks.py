"""The booking click-through counts (admin/booking_clicks.py): staff read them, nobody edits them."""

from __future__ import annotations

import pytest

from tests.factories import BookingClickFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_counts_read_only(client, superuser):
    click = BookingClickFactory(condition_slug="ankle-sprain", urgency="urgent", count=4)
    client.force_login(superuser)
    changelist = client.get("/admin/ankle_education/bookingclick/")
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert "ankle-sprain" in html
    assert ">4<" in html
    assert "?urgency=urgent" in html
    assert "?day__gte=" in html
    view = client.get(f"/admin/ankle_education/bookingclick/{click.pk}/change/").content.decode()
    assert 'name="_save"' not in view
    assert client.get("/admin/ankle_education/bookingclick/add/").status_code == 403
    assert client.post(f"/admin/ankle_education/bookingclick/{click.pk}/delete/").status_code == 403
    detail = client.post(f"/admin/ankle_education/bookingclick/{click.pk}/change/", {"count": 99})
    assert detail.status_code == 403
    click.refresh_from_db()
    assert click.count == 4
