"""The settings reader (conf.py): one property per key of DEFAULTS, each read when accessed."""

from __future__ import annotations

import pytest
from django.test import override_settings

from ankle_education import checks
from ankle_education.conf import DEFAULTS, Settings, conf

PROPERTIES = sorted(name for name, value in vars(Settings).items() if isinstance(value, property))


def test_every_default_has_a_property_and_every_property_a_default():
    assert sorted(DEFAULTS) == PROPERTIES


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_each_property_reads_its_own_key(settings, key):
    value = object()
    settings.ANKLE_EDUCATION = {key: value}
    assert getattr(conf, key) is value
    others = {name: getattr(conf, name) for name in DEFAULTS if name != key}
    assert others == {name: DEFAULTS[name] for name in others}


@pytest.mark.parametrize("user_settings", [{}, {"BOOKNG_URL": "https://booking.example.com/"}, ["BOOKING_URL"], None])
def test_without_a_value_every_key_is_its_default(settings, user_settings):
    settings.ANKLE_EDUCATION = user_settings
    assert {key: getattr(conf, key) for key in DEFAULTS} == DEFAULTS


def test_without_the_setting_every_key_is_its_default(settings):
    del settings.ANKLE_EDUCATION
    assert {key: getattr(conf, key) for key in DEFAULTS} == DEFAULTS


def test_values_are_read_when_accessed_so_override_settings_works():
    before = conf.SITE_NAME
    with override_settings(ANKLE_EDUCATION={"SITE_NAME": "Harbour Physio"}):
        assert conf.SITE_NAME == "Harbour Physio"
        assert Settings().SITE_NAME == "Harbour Physio"
    assert before == conf.SITE_NAME


def test_a_value_set_to_none_is_none_not_the_default(settings):
    """None is a value of its own: a cached page that never expires, or no same-day booking page."""
    settings.ANKLE_EDUCATION = {"CACHE_TIMEOUT": None, "BASE_TEMPLATE": ""}
    assert conf.CACHE_TIMEOUT is None
    assert conf.BASE_TEMPLATE == ""


def test_an_unknown_key_is_not_a_setting_and_is_warned_about(settings):
    settings.ANKLE_EDUCATION = {"BOOKNG_URL": "https://booking.example.com/"}
    with pytest.raises(AttributeError):
        conf.BOOKNG_URL  # noqa: B018
    [warning] = checks.check_settings_dict()
    assert warning.id == "ankle_education.W001"
    assert warning.hint == f"Known keys: {', '.join(sorted(DEFAULTS))}."


def test_the_required_settings_have_no_default():
    """A clinic must name its own booking page and emergency number: a guess would send patients astray."""
    assert DEFAULTS["BOOKING_URL"] is None
    assert DEFAULTS["EMERGENCY_NUMBER"] is None
