"""The starter checklist against clinical vignettes: what a runner says, what they tick, where they are sent.

Each vignette is written as a patient would describe it. The signs are chosen by their meaning:
words the patient's own sign must contain, looked up on the checklist they would use (the
general one, or a condition's). A sign that is reworded so that it no longer says what the
patient has, or that moves level, fails here. The answer comes from posting the real form.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from ankle_education.checklist import signs_for
from ankle_education.models import Condition, WarningSign
from ankle_education.urgency import Level

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Vignette:
    story: str
    # Each tick: words that the sign the patient ticks must all contain. None: "None of these".
    ticks: tuple[tuple[str, ...], ...]
    expected: Level
    condition: str | None = None  # the condition whose checklist they use; None: the general one


SELF_CARE, ROUTINE, URGENT, EMERGENCY = Level.SELF_CARE, Level.ROUTINE, Level.URGENT, Level.EMERGENCY

VIGNETTES = (
    # Over-triage: a mild sprain is self-care or routine, never urgent.
    Vignette("I rolled my ankle on a curb an hour ago. It is a bit puffy and sore, but I can walk on it.",
             (), SELF_CARE),
    Vignette("Same mild sprain, checked on the sprain page: some swelling, walking fine.", (), SELF_CARE,
             "ankle-sprain"),
    Vignette("I sprained it yesterday and the whole side of my foot is purple and very swollen, but I can walk. "
             "My toes are warm and I can feel them.", (("a lot of swelling", "bruising"),), ROUTINE, "ankle-sprain"),
    Vignette("My ankle aches after my long run and is better the next morning.", (), SELF_CARE),
    Vignette("I pulled my calf muscle on a hill. It is sore, but I can walk normally.", (), SELF_CARE,
             "muscle-strain"),
    Vignette("Both my calves are sore after hill repeats, the left a bit more.", (), SELF_CARE),
    Vignette("My old shoes make my ankles ache after runs; it goes by the next day.", (), SELF_CARE,
             "worn-or-unsuitable-shoes"),
    # Emergencies.
    Vignette("I fell on the trail and my ankle is bent at an odd angle.", (("bent", "out of place"),), EMERGENCY),
    Vignette("After the fall my foot went cold and grayish and I cannot feel my toes.",
             (("cold", "cannot feel", "gray"),), EMERGENCY),
    Vignette("Sprained yesterday: my toes went white and cold.", (("cold", "pale"),), EMERGENCY, "ankle-sprain"),
    Vignette("My calf has been swollen for two days, and now I am short of breath.",
             (("one calf", "swollen"), ("short of breath",)), EMERGENCY),
    Vignette("My ankle is hot and swollen, I have a temperature of 39°C, I am shivering and feel awful.",
             (("red and hot",), ("high temperature", "very unwell")), EMERGENCY),
    Vignette("After a hard race my shin is rock hard and hurts more when I move my toes.",
             (("tight and hard", "move your toes"),), EMERGENCY),
    Vignette("After a knock my shin is tight and hard and hurts far more than the knock should.",
             (("tight and hard", "far worse"),), EMERGENCY),
    Vignette("The pain was so bad I nearly passed out.", (("faint",),), EMERGENCY),
    Vignette("I heard a crack, I cannot stand on it, and my foot is cold.",
             (("crack",), ("cannot put weight",), ("cold", "cannot feel")), EMERGENCY, "ankle-sprain"),
    # Urgent: get seen today.
    Vignette("I rolled it, heard a crack, and can only hobble a couple of steps.",
             (("crack",), ("four steps",)), URGENT),
    Vignette("Since my run I cannot put any weight on my foot.", (("cannot put weight",),), URGENT),
    Vignette("The calf of my left leg is swollen, warm and aching. The right one is fine.",
             (("one calf", "swollen"),), URGENT),
    Vignette("After a week in a walking boot my calf is swollen and throbbing.", (("one calf", "throbs"),), URGENT,
             "ankle-sprain"),
    Vignette("My ankle is red and hot to touch. I do not have a temperature.", (("red and hot",),), URGENT),
    Vignette("I have a fever and my ankle is red and hot.", (("red and hot", "fever"),), URGENT),
    Vignette("Mid-run it felt like someone kicked me at the back of the heel. I can still walk.",
             (("kick", "back of your heel"),), URGENT),
    Vignette("My Achilles hurts and I cannot go up onto my toes on that leg.", (("rise onto your toes",),), URGENT,
             "achilles-tendinitis"),
    Vignette("Pushing off uphill my lower calf went. I walk flat-footed and cannot rise onto my toes on that side.",
             (("rise onto your toes",),), URGENT),
    Vignette("I think I pulled my calf: I cannot go up onto my toes on that leg.", (("rise onto your toes",),),
             URGENT, "muscle-strain"),
    Vignette("I rolled it and the bone behind my little toe hurts when I press it.", (("little toe",),), URGENT,
             "ankle-sprain"),
    Vignette("I twisted it and pressing the tip of the bony bump on the outside really hurts.",
             (("bony bump", "press"),), URGENT, "ankle-sprain"),
    # Routine: book an appointment.
    Vignette("The top of my foot has ached on runs for weeks, and now it hurts at night too.",
             (("weeks of running", "at night"),), ROUTINE, "stress-fracture"),
    Vignette("One spot on the bone on top of my foot hurts when I press it.", (("one spot", "bone"),),
             ROUTINE, "stress-fracture"),
    Vignette("I get pins and needles in my foot after long runs.", (("pins and needles",),), ROUTINE),
    Vignette("I have diabetes and my foot has hurt since my run.", (("diabetes",),), ROUTINE),
    Vignette("My heel has hurt every morning for three weeks, even with stretching and ice.",
             (("heel pain", "2 weeks"),), ROUTINE, "plantar-fasciitis"),
    Vignette("My Achilles has ached for three weeks and is not getting better.", (("not better", "a week"),),
             ROUTINE, "achilles-tendinitis"),
    Vignette("The outside of my ankle hurts more the more I run.", (("worse", "active"),), ROUTINE,
             "peroneal-tendinitis"),
    Vignette("My arches ache and it gets worse when I am on my feet.", (("worse", "active"),), ROUTINE,
             "flat-feet-and-high-arches"),
    Vignette("My ankle keeps giving way on trails.", (("gives way",),), ROUTINE, "chronic-ankle-instability"),
    Vignette("This is the third time this year I have hurt the same ankle.", (("keep hurting",),), ROUTINE),
    Vignette("It is four days since I sprained it and the swelling is no better.",
             (("swelling", "2 to 5 days"),), ROUTINE, "ankle-sprain"),
)


@pytest.fixture
def starter_site_client(client):
    """The test client, on a site with the whole starter library loaded and published."""
    call_command("load_ankle_starter_content", "--publish", stdout=io.StringIO())
    return client


def checklist_of(slug: str | None) -> tuple[str, list[WarningSign]]:
    if slug is None:
        return "/patient-education/ankle/seek-help/", list(signs_for())
    condition = Condition.objects.published().get(slug=slug)
    return f"/patient-education/ankle/conditions/{slug}/seek-help/", list(signs_for(condition))


def sign_meaning(signs: list[WarningSign], words: tuple[str, ...]) -> WarningSign:
    """The one sign on the checklist whose text says all of ``words``."""
    matches = [sign for sign in signs if all(word.lower() in sign.text.lower() for word in words)]
    assert len(matches) == 1, (words, [sign.text for sign in matches])
    return matches[0]


# What patients with ordinary bruising, swelling or soreness say: no urgent or emergency sign may read
# as matching it (a bruise is not a "discolored" foot; both calves aching is not a clot).
ORDINARY = ("bruise", "purple", "swollen", "sore", "ache", "aching", "warm")


def test_there_are_enough_vignettes_for_every_level_and_condition():
    assert len(VIGNETTES) >= 20
    assert {vignette.expected for vignette in VIGNETTES} == set(Level)
    covered = {vignette.condition for vignette in VIGNETTES}
    from ankle_education.starter_content.conditions import CONDITIONS

    assert {entry.slug for entry in CONDITIONS} <= covered
    assert None in covered


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda vignette: vignette.story[:60])
def test_vignette(starter_site_client, vignette):
    url, signs = checklist_of(vignette.condition)
    ticked = [sign_meaning(signs, words) for words in vignette.ticks]
    data = {"checklist": "1", "sign": [str(sign.pk) for sign in ticked]}
    if not ticked:
        data["none"] = "1"

    response = starter_site_client.post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'class="ankle-card ankle-card--{vignette.expected.slug} ankle-answer"' in html, vignette.story


def test_no_urgent_or_emergency_sign_is_met_by_ordinary_bruising_or_soreness(starter_site_client):
    _, signs = checklist_of("ankle-sprain")
    for sign in signs:
        if sign.level >= Level.URGENT:
            text = sign.text.lower()
            # A sign may name an ordinary word only together with what makes it serious.
            assert not any(text == word or text.endswith(f" {word}") for word in ORDINARY), sign.text
    numb = sign_meaning(signs, ("cold", "cannot feel"))
    assert "bruise does not count" in numb.explanation.lower()
    calf = sign_meaning(signs, ("one calf",))
    assert "both calves" in calf.explanation.lower()


def test_a_mild_sprain_is_never_sent_to_get_seen_today(starter_site_client):
    """Whatever a mild sprain has (some swelling, some bruising, pain when active), the answer is at most routine."""
    url, signs = checklist_of("ankle-sprain")
    mild = [sign_meaning(signs, words) for words in (("a lot of swelling",), ("worse", "active"))]
    assert {sign.level for sign in mild} == {Level.ROUTINE}
    response = starter_site_client.post(url, {"checklist": "1", "sign": [str(sign.pk) for sign in mild]})
    assert 'ankle-card--routine ankle-answer"' in response.content.decode()
