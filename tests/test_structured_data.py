"""schema.org JSON-LD: the builders called directly, and the escaping that keeps it inert."""

from __future__ import annotations

import datetime
import json

import pytest

from ankle_education.structured_data import as_json_ld, condition_page, markdown_items
from tests.factories import ConditionFactory, PreventionTipFactory, SourceFactory, TreatmentStepFactory

pytestmark = pytest.mark.django_db


def build(condition, **kwargs):
    defaults = {"url": "https://clinic.example/ankle/conditions/x/", "tips": [], "treatment": [], "sources": []}
    return condition_page(condition, **{**defaults, **kwargs}, language="en")


def test_medical_web_page_about_the_condition():
    condition = ConditionFactory(
        name="Achilles tendinitis",
        summary="Pain at the back of the heel.",
        symptoms="- Pain at the back of the ankle\n- Stiffness in the **morning**",
        causes="Running too far, too soon.",
        reviewed=True,
    )
    tip = PreventionTipFactory(title="Gradual progression", summary="The 10% weekly rule.")
    step = TreatmentStepFactory(condition=condition, body="Rest and *ice*.", tier__name="Self-care")
    source = SourceFactory(title="Achilles tendinopathy", publisher="NHS", url="https://www.nhs.uk/a/")
    data = build(condition, tips=[tip], treatment=[(step.tier, [step])], sources=[source])

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "https://clinic.example/ankle/conditions/x/"
    assert data["inLanguage"] == "en"
    assert data["medicalAudience"] == {"@type": "Patient"}
    assert data["lastReviewed"] == condition.last_reviewed
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Ana Silva, DPT"}
    assert data["dateModified"] == condition.updated_at
    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Achilles tendinopathy",
            "publisher": {"@type": "Organization", "name": "NHS"},
            "url": "https://www.nhs.uk/a/",
        }
    ]
    about = data["about"]
    assert about["@type"] == "MedicalCondition"
    assert about["name"] == "Achilles tendinitis"
    assert about["signOrSymptom"] == [
        {"@type": "MedicalSignOrSymptom", "name": "Pain at the back of the ankle"},
        {"@type": "MedicalSignOrSymptom", "name": "Stiffness in the morning"},
    ]
    assert about["cause"] == [{"@type": "MedicalCause", "name": "Running too far, too soon."}]
    assert about["possibleTreatment"] == [
        {"@type": "MedicalTherapy", "name": "Self-care", "description": "Rest and ice."}
    ]
    assert about["primaryPrevention"] == [
        {"@type": "MedicalTherapy", "name": "Gradual progression", "description": "The 10% weekly rule."}
    ]


def test_unreviewed_condition_claims_no_review():
    data = build(ConditionFactory())
    assert "lastReviewed" not in data
    assert "reviewedBy" not in data


def test_markdown_items():
    assert markdown_items("- one\n- two *three*\n    - nested") == ["one", "two three nested"]
    assert markdown_items("Just   a\nparagraph.") == ["Just a paragraph."]
    assert markdown_items("") == []


def test_json_ld_cannot_close_its_script_element():
    text = as_json_ld({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!--"}


def test_json_ld_serialises_dates():
    assert json.loads(as_json_ld({"lastReviewed": datetime.date(2026, 1, 5)})) == {"lastReviewed": "2026-01-05"}


def test_condition_page_json_ld_leaves_out_unpublished_content(client):
    condition = ConditionFactory(name="Peroneal </script> tendinitis")
    PreventionTipFactory(draft=True, title="Draft tip", conditions=[condition])
    TreatmentStepFactory(condition=condition, tier__draft=True, tier__name="Draft tier")
    html = client.get(condition.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json">')
    block = html[start : html.index("</script>", start)]
    assert "Draft tip" not in block
    assert "Draft tier" not in block
    assert "Peroneal \\u003C/script\\u003E tendinitis" in block
