"""The starter library says what current clinical guidance says, and cites the sources that say it.

These read the plain data (``STARTER_LIBRARY``); no database is needed.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from ankle_education.starter_content.library import STARTER_LIBRARY

CONDITIONS = {entry.slug: entry for entry in STARTER_LIBRARY.conditions}
TIERS = {entry.slug: entry for entry in STARTER_LIBRARY.tiers}
SOURCE_KEYS = {source.key for source in STARTER_LIBRARY.sources}

# Fields that hold keys or slugs, not words a patient reads.
NOT_TEXT = {"slug", "category", "sources", "warning_signs", "helps_prevent", "order"}


def plain(text: str) -> str:
    """Text as read: no Markdown emphasis, one space between words."""
    return " ".join(text.replace("**", "").split())


def fields(entry) -> dict[str, str]:
    """Every piece of text a patient reads on the entry's page, by field name (treatment by tier)."""
    texts = {}
    for field in dataclasses.fields(entry):
        if field.name in NOT_TEXT:
            continue
        value = getattr(entry, field.name)
        if isinstance(value, str):
            texts[field.name] = plain(value)
        elif isinstance(value, dict):
            texts.update({f"{field.name}[{key}]": plain(text) for key, text in value.items()})
    return texts


def page(entry) -> str:
    return " ".join(fields(entry).values())


PAGES = [*STARTER_LIBRARY.conditions, *STARTER_LIBRARY.tiers, *STARTER_LIBRARY.tips, *STARTER_LIBRARY.categories]


def page_id(entry) -> str:
    return entry.slug


def self_care_texts() -> dict[str, str]:
    texts = {"tier": page(TIERS["self-care"])}
    texts.update({slug: plain(entry.treatment["self-care"]) for slug, entry in CONDITIONS.items()})
    return texts


IBUPROFEN_CAUTIONS = (
    "acetaminophen (paracetamol)",
    "ibuprofen gel",
    "may slow healing",
    "pharmacist",
    "asthma",
    "stomach ulcer",
    "bleeding",
    "kidney",
    "liver",
    "heart disease",
    "pregnant",
    "blood thinner",
    "over 65",
)


# 1. Home care: rest briefly, then keep moving; no heat, alcohol or massage at first.


def test_the_self_care_tier_protects_briefly_then_keeps_the_ankle_moving():
    tier = page(TIERS["self-care"]).lower()

    for words in (
        "first 2 to 3 days",
        "keep moving",
        "as far as pain allows",
        "heat",
        "alcohol",
        "massage",
        "do not run for up to 8 weeks",
        "up to 20 minutes, every 2 to 3 hours",
        "towel",
        "compression",
        "elevation",
    ):
        assert words in tier, words


@pytest.mark.parametrize("where", sorted(self_care_texts()))
def test_no_self_care_text_says_to_keep_weight_off_the_ankle(where):
    text = self_care_texts()[where].lower()

    assert "weight off" not in text
    assert "not to put any weight" not in text


@pytest.mark.parametrize("slug", ["ankle-sprain", "muscle-strain", "chronic-ankle-instability"])
def test_home_care_for_a_fresh_injury_avoids_heat_alcohol_and_massage_then_moves_gently(slug):
    text = plain(CONDITIONS[slug].treatment["self-care"]).lower()

    assert "first 2 to 3 days" in text
    assert "heat, alcohol and massage" in text
    assert "gently" in text
    assert "as far as pain allows" in text


@pytest.mark.parametrize("slug", ["achilles-tendinitis", "peroneal-tendinitis"])
def test_home_care_for_a_sore_tendon_keeps_it_moving(slug):
    text = plain(CONDITIONS[slug].treatment["self-care"]).lower()

    assert "moving gently" in text
    assert "as far as pain allows" in text


# 2. Pain relief: acetaminophen (paracetamol) and gel first, and who must ask before ibuprofen.


def test_the_self_care_tier_names_ibuprofen_and_anti_inflammatories_with_their_cautions():
    tier = page(TIERS["self-care"])

    assert "ibuprofen" in tier
    assert "anti-inflammatory" in tier
    assert {"nhs-sprains-and-strains", "bjsm-peace-and-love", "nhs-ibuprofen"} <= set(TIERS["self-care"].sources)


@pytest.mark.parametrize("entry", PAGES, ids=page_id)
def test_every_page_that_names_ibuprofen_gives_the_cautions_and_cites_them(entry):
    text = page(entry)
    if "ibuprofen" not in text.lower() and "anti-inflammator" not in text.lower():
        return

    missing = [words for words in IBUPROFEN_CAUTIONS if words not in text]
    assert not missing, f"{entry.slug} names ibuprofen or an anti-inflammatory without: {missing}"
    assert {"nhs-ibuprofen", "bjsm-peace-and-love"} <= set(entry.sources)


@pytest.mark.parametrize("entry", PAGES, ids=page_id)
def test_paracetamol_is_given_its_us_name(entry):
    text = page(entry)

    assert text.count("paracetamol") == text.count("acetaminophen (paracetamol)")


# 3. Tendinopathy is the name doctors use now; tendinitis stays in the URLs and in brackets.


def test_the_tendon_conditions_are_named_tendinopathy_and_keep_their_urls():
    assert CONDITIONS["achilles-tendinitis"].name == "Achilles tendinopathy (tendinitis)"
    assert CONDITIONS["peroneal-tendinitis"].name == "Peroneal tendinopathy (tendinitis)"


@pytest.mark.parametrize("slug", ["achilles-tendinitis", "peroneal-tendinitis"])
def test_the_overview_explains_both_names(slug):
    overview = plain(CONDITIONS[slug].overview).lower()

    assert "tendinopathy" in overview
    assert "tendinitis" in overview
    assert "older name" in overview


@pytest.mark.parametrize("entry", PAGES, ids=page_id)
def test_no_text_says_tendinitis_without_tendinopathy(entry):
    for name, text in fields(entry).items():
        if "tendinitis" in text.lower():
            assert "tendinopathy" in text.lower(), f"{entry.slug} {name}: {text}"


# 4. Cortisone shots are kept away from the Achilles tendon.


@pytest.mark.parametrize("entry", PAGES, ids=page_id)
def test_every_mention_of_cortisone_says_it_is_avoided_near_the_achilles_tendon(entry):
    for name, text in fields(entry).items():
        if "cortisone" not in text.lower() or name == "summary":
            continue
        assert re.search(r"avoid\w* (cortisone shots |it )?near the Achilles tendon", text), f"{entry.slug} {name}"
        assert "weaken" in text, f"{entry.slug} {name}"
        assert "tear" in text, f"{entry.slug} {name}"
        assert "mayo-achilles-rupture" in entry.sources, entry.slug


def test_the_achilles_page_says_no_cortisone_near_the_tendon():
    assert "near the Achilles tendon" in plain(CONDITIONS["achilles-tendinitis"].treatment["advanced-treatment"])


# 5. Stress fracture: who is at risk, and how the pain behaves.


def test_the_stress_fracture_page_names_the_risk_factors():
    causes = plain(CONDITIONS["stress-fracture"].causes).lower()

    for words in (
        "sudden increase",
        "not eating enough for the amount you train",
        "periods",
        "relative energy deficiency in sport",
        "calcium",
        "vitamin d",
        "low bone density",
        "a stress fracture in the past",
    ):
        assert words in causes, words


def test_the_stress_fracture_page_describes_the_pain():
    symptoms = plain(CONDITIONS["stress-fracture"].symptoms).lower()

    assert "worse when you run or are active" in symptoms
    assert "eases with rest" in symptoms
    assert "even when you rest" in symptoms
    assert "one spot on the bone" in symptoms


# 6. Plantar fasciitis: when home care is not enough.


def test_the_plantar_fasciitis_page_says_when_to_see_a_doctor():
    text = plain(CONDITIONS["plantar-fasciitis"].treatment["medical-evaluation"]).lower()

    assert "not gotten better after 2 weeks of home care" in text
    assert "tingling" in text
    assert "numbness" in text
    assert "diabetes" in text


# 7. The ladder: warning signs skip it.


def test_the_ladder_says_warning_signs_go_straight_to_a_medical_check():
    self_care = TIERS["self-care"]

    for text in (plain(self_care.body), plain(self_care.when_to_move_up), plain(TIERS["physical-therapy"].when_to_move_up)):
        for words in ("warning sign", "skip the ladder", "medical check"):
            assert words in text, text


# 8. Achilles: a torn tendon, which people can often still walk on.


def test_the_achilles_page_describes_a_torn_tendon_and_sends_it_the_same_day():
    symptoms = plain(CONDITIONS["achilles-tendinitis"].symptoms).lower()

    assert "kicked the back of your heel" in symptoms
    assert "snap" in symptoms
    assert "pop" in symptoms
    assert "can still walk" in symptoms
    assert "same day" in symptoms


# 9. Sources: every page cites the sources that say what it says.


@pytest.mark.parametrize(
    "entry",
    [*STARTER_LIBRARY.conditions, *STARTER_LIBRARY.tiers, *STARTER_LIBRARY.tips],
    ids=page_id,
)
def test_every_condition_tier_and_tip_cites_known_sources(entry):
    assert entry.sources, entry.slug
    assert set(entry.sources) <= SOURCE_KEYS, set(entry.sources) - SOURCE_KEYS
    assert len(set(entry.sources)) == len(entry.sources)


@pytest.mark.parametrize(
    ("slug", "keys"),
    [
        ("achilles-tendinitis", {"nhs-achilles-tendinopathy", "mayo-achilles-rupture"}),
        ("peroneal-tendinitis", {"nhs-borders-peroneal-tendinopathy", "elht-peroneal-tendinopathy"}),
        ("stress-fracture", {"mayo-stress-fractures", "bone-stress-injury-risk-review"}),
        ("plantar-fasciitis", {"nhs-plantar-fasciitis"}),
        ("chronic-ankle-instability", {"iac-chronic-ankle-instability", "bjsm-ankle-sprain-guideline"}),
        ("flat-feet-and-high-arches", {"nhs-wales-flat-feet", "patient-info-flat-feet"}),
        ("worn-or-unsuitable-shoes", {"mayo-stress-fractures", "nhs-plantar-fasciitis"}),
        ("muscle-strain", {"nhs-sprains-and-strains"}),
        ("ankle-sprain", {"nhs-sprains-and-strains", "bjsm-ankle-sprain-guideline"}),
    ],
)
def test_each_condition_cites_its_own_sources(slug, keys):
    assert keys <= set(CONDITIONS[slug].sources)


def test_no_condition_rests_on_the_general_when_to_see_a_doctor_page_alone():
    for entry in STARTER_LIBRARY.conditions:
        assert set(entry.sources) - {"mayo-ankle-pain"}, entry.slug


def test_the_tips_cite_what_backs_their_numbers():
    tips = {tip.slug: set(tip.sources) for tip in STARTER_LIBRARY.tips}

    assert "mayo-stretching" in tips["warm-up-and-cool-down"]
    assert "cleveland-clinic-stress-fracture-prevention" in tips["build-up-gradually"]  # the 10% rule
    assert "cleveland-clinic-stress-fracture-prevention" in tips["choose-and-replace-running-shoes"]  # 300 miles


def test_the_sources_the_library_started_with_are_unchanged():
    first = [(s.key, s.url) for s in STARTER_LIBRARY.sources[:4]]

    assert first == [
        ("nhs-sprains-and-strains", "https://www.nhs.uk/conditions/sprains-and-strains/"),
        ("mayo-ankle-pain", "https://www.mayoclinic.org/symptoms/ankle-pain/basics/when-to-see-doctor/sym-20050796"),
        (
            "nhs-service-manual-when-to-get-care",
            "https://service-manual.nhs.uk/design-system/patterns/help-users-decide-when-and-where-to-get-care/",
        ),
        ("mdcalc-ottawa-ankle-rule", "https://www.mdcalc.com/calc/1670/ottawa-ankle-rule"),
    ]
    assert len(SOURCE_KEYS) == len(STARTER_LIBRARY.sources)
    assert len({s.url for s in STARTER_LIBRARY.sources}) == len(STARTER_LIBRARY.sources)
    assert {s.accessed_on for s in STARTER_LIBRARY.sources} == {STARTER_LIBRARY.sources[0].accessed_on}


# Condition-specific warning signs.


def test_each_condition_has_exactly_its_own_warning_signs():
    assert {slug: entry.warning_signs for slug, entry in CONDITIONS.items()} == {
        "achilles-tendinitis": (),  # its tear signs are on every checklist
        "peroneal-tendinitis": (),
        "stress-fracture": ("sore-spot-on-bone",),
        "ankle-sprain": ("ottawa-bone-tenderness", "ottawa-foot-bone-tenderness"),
        "muscle-strain": (),
        "plantar-fasciitis": ("heel-pain-not-better-after-2-weeks",),
        "flat-feet-and-high-arches": (),
        "worn-or-unsuitable-shoes": (),
        "chronic-ankle-instability": (),
    }


@pytest.mark.parametrize("entry", PAGES, ids=page_id)
def test_no_page_sends_severe_pain_alone_to_the_emergency_department(entry):
    """Over-triage: "severe" pain is not an emergency sign by itself (DESIGN.md, "Urgency")."""
    text = plain(page(entry))
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if "emergency" in sentence.lower():
            assert "severe" not in sentence.lower(), sentence
