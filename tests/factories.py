"""factory-boy factories for every model. Content is published unless a test says otherwise."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from ankle_education import models
from ankle_education.urgency import SIGN_LEVELS, Level


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "NHS"
    url = factory.Sequence(lambda n: f"https://www.nhs.uk/conditions/source-{n}/")
    accessed_on = datetime.date(2026, 11, 1)


class PublishableFactory(factory.django.DjangoModelFactory):
    status = models.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=models.Status.DRAFT, published_at=None)
        reviewed = factory.Trait(
            last_reviewed=factory.LazyFunction(timezone.localdate),
            next_review_due=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365)),
            reviewed_by="Dr Ana Silva, DPT",
        )


class CategoryFactory(PublishableFactory):
    class Meta:
        model = models.Category

    name = factory.Sequence(lambda n: f"Cause category {n}")
    slug = factory.Sequence(lambda n: f"cause-category-{n}")
    summary = "Why this kind of ankle pain happens."
    body = "Some **markdown** about this cause."
    order = factory.Sequence(int)


class ConditionFactory(PublishableFactory):
    class Meta:
        model = models.Condition

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    summary = "A short plain summary of the condition."
    overview = "What this condition is."
    symptoms = "- Pain at the back of the ankle\n- Stiffness in the morning"
    causes = "Running too far, too soon."
    order = factory.Sequence(int)


class PreventionTipFactory(PublishableFactory):
    class Meta:
        model = models.PreventionTip
        skip_postgeneration_save = True  # the hook saves through .set(); no second save needed

    title = factory.Sequence(lambda n: f"Prevention tip {n}")
    slug = factory.Sequence(lambda n: f"prevention-tip-{n}")
    summary = "One thing that lowers your risk."
    body = "Do this before every run."
    order = factory.Sequence(int)

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.conditions.set(extracted)


class TreatmentTierFactory(PublishableFactory):
    class Meta:
        model = models.TreatmentTier

    name = factory.Sequence(lambda n: f"Treatment tier {n}")
    slug = factory.Sequence(lambda n: f"treatment-tier-{n}")
    summary = "What happens at this tier."
    body = "Details of this tier."
    when_to_move_up = "If it does not get better in a week."
    order = factory.Sequence(int)


class TreatmentStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TreatmentStep

    condition = factory.SubFactory(ConditionFactory)
    tier = factory.SubFactory(TreatmentTierFactory)
    body = "What to do for this condition at this tier."
    order = factory.Sequence(int)


class WarningSignFactory(PublishableFactory):
    class Meta:
        model = models.WarningSign
        skip_postgeneration_save = True  # the hook saves through .set(); no second save needed

    text = factory.Sequence(lambda n: f"Warning sign {n}")
    explanation = ""
    urgency = Level.ROUTINE.slug
    order = factory.Sequence(int)
    applies_to_all_conditions = True

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.conditions.set(extracted)


class ConditionWarningSignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ConditionWarningSign

    condition = factory.SubFactory(ConditionFactory)
    warning_sign = factory.SubFactory(WarningSignFactory, applies_to_all_conditions=False)


class ConditionSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ConditionSource

    condition = factory.SubFactory(ConditionFactory)
    source = factory.SubFactory(SourceFactory)


class BookingClickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BookingClick

    day = factory.LazyFunction(timezone.localdate)
    condition_slug = factory.Sequence(lambda n: f"condition-{n}")
    urgency = "routine"
    count = 1


def condition_with_content(*, tips: int = 3, signs: int = 3, tiers: int = 3, **kwargs) -> models.Condition:
    """A reviewed, published condition with its own tips, signs (one per urgency, cycling), tiers and a source."""
    condition = ConditionFactory(reviewed=True, **kwargs)
    PreventionTipFactory.create_batch(tips, conditions=[condition])
    urgencies = [level.slug for level in SIGN_LEVELS]
    for index in range(signs):
        ConditionWarningSignFactory(condition=condition, warning_sign__urgency=urgencies[index % len(urgencies)])
    for tier in TreatmentTierFactory.create_batch(tiers):
        TreatmentStepFactory(condition=condition, tier=tier)
    ConditionSourceFactory(condition=condition)
    return condition
