"""The content registry (registry.py): every list of content models, derived from the models themselves."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from ankle_education import registry
from ankle_education.models import (
    BookingClick,
    Category,
    Condition,
    ConditionSource,
    ConditionWarningSign,
    PreventionTip,
    Publishable,
    Source,
    StarterContentRecord,
    TreatmentStep,
    TreatmentTier,
    Version,
    WarningSign,
)

PUBLISHABLE = (Category, Condition, PreventionTip, TreatmentTier, WarningSign)
PARTS = (TreatmentStep, ConditionWarningSign, ConditionSource)


def test_publishable_models_are_the_content_that_goes_live_on_its_own():
    assert registry.publishable_models() == PUBLISHABLE
    assert all(issubclass(model, Publishable) for model in registry.publishable_models())


def test_reference_models_are_what_content_cites():
    assert registry.reference_models() == (Source,)


def test_part_models_are_the_rows_edited_inside_a_page():
    assert registry.part_models() == PARTS


def test_content_models_are_publishable_then_references_then_parts():
    assert registry.content_models() == (*PUBLISHABLE, Source, *PARTS)


def test_models_no_patient_sees_are_not_content():
    content = set(registry.content_models())
    assert BookingClick not in content
    assert StarterContentRecord not in content
    assert Version not in content
    # Every model of the app is either content or one of these three.
    assert set(apps.get_app_config("ankle_education").get_models()) == content | {
        BookingClick, StarterContentRecord, Version
    }  # fmt: skip


def test_link_fields_are_every_many_to_many_link_between_content():
    fields = {(field.model, field.name) for field in registry.link_fields()}
    assert fields == {
        (Condition, "warning_signs"),
        (Condition, "sources"),
        (PreventionTip, "conditions"),
        (PreventionTip, "sources"),
        (TreatmentTier, "sources"),
        (WarningSign, "sources"),
    }
    assert len(registry.link_fields()) == len(fields)
    assert all(field.many_to_many for field in registry.link_fields())


@isolate_apps("ankle_education")
def test_a_new_kind_of_content_joins_every_list_by_subclassing_publishable(monkeypatch):
    class Glossary(Publishable):
        term = models.CharField(max_length=100)
        sources = models.ManyToManyField(Source)
        pictures = models.ManyToManyField("GlossaryPicture")

        class Meta:
            app_label = "ankle_education"

    class GlossaryPicture(models.Model):  # noqa: DJ008
        caption = models.CharField(max_length=100)

        class Meta:
            app_label = "ankle_education"

    class GlossaryExample(models.Model):  # noqa: DJ008
        glossary = models.ForeignKey(Glossary, on_delete=models.CASCADE)

        class Meta:
            app_label = "ankle_education"

    app_models = list(apps.get_app_config("ankle_education").get_models())
    monkeypatch.setattr(registry, "_app_models", lambda: [*app_models, Glossary, GlossaryPicture, GlossaryExample])
    assert registry.publishable_models() == (*PUBLISHABLE, Glossary)
    assert registry.reference_models() == (Source, GlossaryPicture)
    assert registry.part_models() == (*PARTS, GlossaryExample)
    assert {Glossary._meta.get_field("sources"), Glossary._meta.get_field("pictures")} <= set(registry.link_fields())


def test_every_publishable_kind_with_a_page_is_in_the_sitemaps_previews_and_search():
    """Sitemap sections, preview kinds and search labels are named for hosts and patients, so those
    lists are written out; this fails when a new kind of content is left out of one of them."""
    from ankle_education import search, sitemaps
    from ankle_education.views.preview import PREVIEWS

    with_pages = {model for model in registry.publishable_models() if hasattr(model, "get_absolute_url")}
    shown = {model for model in registry.publishable_models() if model is not WarningSign}  # a sign has no page
    mapped = {getattr(cls, "model", None) for cls in sitemaps.sitemaps.values()} - {None}
    assert mapped == with_pages
    assert {view.model for view in PREVIEWS.values()} == shown
    assert {kind.queryset.__self__.model for kind in search.SEARCHABLE} == shown
