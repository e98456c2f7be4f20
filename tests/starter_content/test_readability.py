"""The starter library reads at grade 8 or below (Flesch-Kincaid), for patients reading in pain on a phone."""

from __future__ import annotations

import re

import pytest
from textstat.textstat import textstatistics

from ankle_education.starter_content.library import STARTER_LIBRARY

MAX_GRADE = 8.0

# textstat counts English syllables with a CMU dictionary it downloads at first use, which an
# offline CI cannot do. A locale that is not spelled "en_…" makes it use the en_US hyphenation
# dictionary (pyphen) instead: the same Flesch-Kincaid formula, counted offline.
_reader = textstatistics()
_reader.set_lang("en-US")


def grade(text: str) -> float:
    return _reader.flesch_kincaid_grade(text)


def as_read(markdown: str) -> str:
    """Markdown as a reader meets it: each paragraph and list item ends a sentence, no markup."""
    parts = []
    for block in re.split(r"\n\s*\n", markdown):
        for item in re.split(r"\n(?=- )", block):
            text = " ".join(item.split()).removeprefix("- ").replace("**", "")
            if text:
                parts.append(text if text[-1] in ".!?:" else f"{text}.")
    return " ".join(parts)


# Medical words a patient may not know, and words one of which their plain explanation uses.
GLOSSARY = {
    "tendinitis": ("sore",),
    "tendinopathy": ("sore",),
    "tendon": ("cord",),
    "ligament": ("bands", "hold"),
    "stress fracture": ("crack",),
    "fascia": ("band",),
    "rehab": ("exercises",),
    "MRI": ("magnet",),
    "X-ray": ("picture",),
    "cortisone": ("medicine",),
}


def page_paragraphs(entry) -> list[str]:
    """A condition page's text in the order a patient reads it, one paragraph at a time."""
    texts = (entry.summary, entry.overview, entry.symptoms, entry.causes, *entry.treatment.values())
    return [" ".join(block.split()) for text in texts for block in re.split(r"\n\s*\n", text) if block.strip()]


def test_as_read_ends_each_list_item_as_a_sentence():
    markdown = "Intro:\n\n- **one** thing\n- two\n  wrapped\n\nLast para."
    assert as_read(markdown) == "Intro: one thing. two wrapped. Last para."


def test_grade_tells_hard_text_from_plain_text():
    hard = (
        "Pharmacological anti-inflammatory intervention necessitates consideration "
        "of gastrointestinal contraindications."
    )
    assert grade(hard) > MAX_GRADE >= grade("Rest your ankle and put ice on it.")


@pytest.mark.parametrize("entry", STARTER_LIBRARY.conditions, ids=lambda e: e.slug)
def test_condition_summary(entry):
    assert grade(entry.summary) <= MAX_GRADE


@pytest.mark.parametrize("entry", STARTER_LIBRARY.warning_signs, ids=lambda e: e.key)
def test_warning_sign_text_and_explanation(entry):
    assert grade(entry.text) <= MAX_GRADE
    assert grade(entry.explanation) <= MAX_GRADE


@pytest.mark.parametrize(
    "entry",
    [*STARTER_LIBRARY.categories, *STARTER_LIBRARY.tiers, *STARTER_LIBRARY.tips],
    ids=lambda e: e.slug,
)
def test_other_summaries_and_bodies(entry):
    assert grade(entry.summary) <= MAX_GRADE
    assert grade(as_read(entry.body)) <= MAX_GRADE
    assert grade(as_read(getattr(entry, "when_to_move_up", ""))) <= MAX_GRADE


@pytest.mark.parametrize("entry", STARTER_LIBRARY.conditions, ids=lambda e: e.slug)
def test_condition_pages(entry):
    for text in (entry.overview, entry.symptoms, entry.causes, *entry.treatment.values()):
        assert grade(as_read(text)) <= MAX_GRADE, text


@pytest.mark.parametrize("entry", STARTER_LIBRARY.conditions, ids=lambda e: e.slug)
def test_each_medical_word_is_explained_where_the_page_first_uses_it(entry):
    paragraphs = page_paragraphs(entry)
    for word, explanations in GLOSSARY.items():
        first = next((p for p in paragraphs if re.search(rf"\b{re.escape(word)}", p, re.IGNORECASE)), None)
        if first is not None:
            assert any(explanation in first for explanation in explanations), f"{word!r} unexplained in: {first}"
