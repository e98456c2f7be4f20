"""The starter warning signs (starter_content/signs.py): each at its level, each one thing, each sourced."""

from __future__ import annotations

import pytest

from ankle_education.starter_content.library import STARTER_LIBRARY
from tests.starter_content.helpers import load, sign

pytestmark = pytest.mark.django_db


# The level of every starter sign, as DESIGN.md ("Urgency") places it; a change here is a clinical decision.
SIGN_LEVELS = {
    "misshapen-or-bone-showing": "emergency",
    "numb-cold-or-discoloured": "emergency",
    "breathless-or-chest-pain": "emergency",
    "faint-or-sick-from-pain": "emergency",
    "fever-and-very-unwell": "emergency",
    # One level above DESIGN.md's "urgent": NHS says 999, and surgery is needed within hours.
    "tight-hard-leg-or-pain-out-of-proportion": "emergency",
    "cannot-bear-weight": "urgent",
    "heard-a-crack": "urgent",
    "snap-or-kick-at-back-of-heel": "urgent",
    "red-hot-or-fever": "urgent",
    "one-calf-painful-or-swollen": "urgent",
    "cannot-stand-on-tiptoe": "urgent",
    "ottawa-bone-tenderness": "urgent",
    "ottawa-foot-bone-tenderness": "urgent",
    "pain-at-rest-or-night": "routine",
    "sore-spot-on-bone": "routine",
    "tingling": "routine",
    "diabetes-and-foot-pain": "routine",
    "a-lot-of-swelling-or-bruising": "routine",
    "swelling-not-going-down": "routine",
    "not-better-after-a-week": "routine",
    "worse-with-activity": "routine",
    "unstable": "routine",
    "keeps-getting-hurt": "routine",
    "heel-pain-not-better-after-2-weeks": "routine",
}


def test_every_starter_sign_is_at_its_level_and_names_its_sources():
    load()
    assert {entry.key: entry.urgency for entry in STARTER_LIBRARY.warning_signs} == SIGN_LEVELS
    for key, urgency in SIGN_LEVELS.items():
        row = sign(key)
        assert row.urgency == urgency, key
        assert row.explanation, key
        assert row.sources.exists(), key


@pytest.mark.parametrize("words", [(" and ",), ("blue",), ("severe",), ("Your ankle is swollen",), ("bruised",)])
def test_no_sign_needs_two_things_where_either_alone_matters(words):
    """"Any of" wording: no "A and B" where either alone matters, "discolored" not "blue", no "severe"."""
    # Where "and" joins what only matters together: pain with diabetes, a fever with feeling very
    # unwell (a fever alone is its own urgent sign), a tight, hard leg with pain out of proportion,
    # a calf that throbs with warm or red skin, a red and hot ankle (a fresh sprain is warm).
    allowed = {
        "diabetes-and-foot-pain",
        "fever-and-very-unwell",
        "tight-hard-leg-or-pain-out-of-proportion",
        "one-calf-painful-or-swollen",
        "red-hot-or-fever",
    }
    for entry in STARTER_LIBRARY.warning_signs:
        if entry.key in allowed and words == (" and ",):
            continue
        # Set phrases, not two signs: "pins and needles", "comes and goes".
        text = entry.text.replace("pins and needles", "tingling").replace("comes and goes", "comes")
        assert not all(word in text for word in words), entry.text


def test_the_sources_between_them_back_every_sign_level():
    keys = {entry.key for entry in STARTER_LIBRARY.sources}
    for entry in STARTER_LIBRARY.warning_signs:
        assert entry.sources, entry.key
        assert set(entry.sources) <= keys, entry.key
    by_key = {entry.key: entry for entry in STARTER_LIBRARY.warning_signs}
    # Blood clot and infection signs cite the pages that name them.
    assert "nhs-dvt" in by_key["one-calf-painful-or-swollen"].sources
    assert "nhs-dvt" in by_key["breathless-or-chest-pain"].sources
    assert "mayo-ankle-pain" in by_key["red-hot-or-fever"].sources
    assert "mdcalc-ottawa-ankle-rule" in by_key["ottawa-bone-tenderness"].sources
