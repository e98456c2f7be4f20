"""The clinic's patient-education content about ankle pain after running.

Public code reads content only through ``published()``; everything else is for staff.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from ankle_education.rendering import validate_markdown
from ankle_education.urgency import SIGN_LEVELS, Level
from ankle_education.validators import validate_booking_url

if TYPE_CHECKING:
    from typing import Self

_Content = TypeVar("_Content", bound="Publishable")


def markdown_field(verbose_name: str | Promise, **kwargs: object) -> MarkdownxField:
    """A field staff write in markdown, refused on save when it could not be shown to patients."""
    return MarkdownxField(verbose_name, validators=[validate_markdown], **kwargs)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PublishableQuerySet(models.QuerySet[_Content]):
    def published(self) -> Self:
        """The only rows the public may ever see."""
        return self.filter(status=Status.PUBLISHED)

    def review_overdue(self, today: datetime.date | None = None) -> Self:
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def never_reviewed(self) -> Self:
        return self.filter(last_reviewed__isnull=True)


class Publishable(models.Model):
    """Editorial fields shared by every piece of content that goes live on its own."""

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    reviewed_by = models.CharField(
        _("reviewed by"),
        max_length=200,
        blank=True,
        help_text=_("Name and credentials of the clinical reviewer, e.g. “Dr Ana Silva, DPT”."),
    )
    go_live_at = models.DateTimeField(
        _("go live at"),
        null=True,
        blank=True,
        help_text=_("Publish the reviewed version (or its reviewed pending change) at this time."),
    )
    take_down_at = models.DateTimeField(
        _("take down at"),
        null=True,
        blank=True,
        help_text=_("Take it off the patient pages (back to “In review”) at this time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def publish(self) -> None:
        """Mark as published now (callers check permission and review fields first)."""
        self.status = Status.PUBLISHED
        self.published_at = timezone.now()


def publish_codename(model_name: str) -> str:
    """The codename of the permission to publish one kind of content, e.g. ``publish_condition``.

    Codenames are unique per app in ``has_perm("app.codename")``, so each model gets its own.
    """
    return f"publish_{model_name}"


def _publish_permission(model_name: str, verbose_name: str) -> tuple[str, str]:
    return (publish_codename(model_name), f"Can publish {verbose_name}")


class Source(models.Model):
    """A public reference that supports a piece of content."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    accessed_on = models.DateField(_("date accessed"))

    class Meta:
        ordering = ["publisher", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"


class Category(Publishable):
    """A cause category, e.g. overuse injuries or improper footwear."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("Plain text, one or two sentences."))
    body = markdown_field(_("body"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cause category")
        verbose_name_plural = _("cause categories")
        permissions = [_publish_permission("category", "cause category")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ankle_education:category", kwargs={"slug": self.slug})


class ConditionQuerySet(PublishableQuerySet["Condition"]):
    def published(self) -> Self:
        """Conditions patients may see: published, in a published cause category."""
        return super().published().filter(category__status=Status.PUBLISHED)

    def published_ignoring_category(self) -> Self:
        """Conditions whose own status is published, whatever their category's.

        Not for patients' lists, except a category's page: patients reach that only while the
        category is published, and its staff preview then lists what they will see once it goes live.
        """
        return super().published()


class Condition(Publishable):
    """A condition that can cause ankle pain after running."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="conditions", verbose_name=_("cause category")
    )
    name = models.CharField(_("name"), max_length=200)
    also_called = models.CharField(
        _("also called"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other names patients use for it, separated by commas, e.g. “broken bone, hairline fracture”. "
            "Search finds the condition by these words, and ranks it first, as it does by its name."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("Plain text. Shown on cards and as the page description for search engines."),
    )
    overview = markdown_field(_("overview"), blank=True)
    symptoms = markdown_field(_("symptoms"), blank=True)
    causes = markdown_field(_("causes"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    warning_signs: models.ManyToManyField[WarningSign, ConditionWarningSign] = models.ManyToManyField(
        "WarningSign",
        through="ConditionWarningSign",
        related_name="conditions",
        blank=True,
        verbose_name=_("warning signs"),
    )
    sources = models.ManyToManyField(
        Source, through="ConditionSource", related_name="conditions", blank=True, verbose_name=_("sources")
    )
    booking_url = models.CharField(
        _("booking URL override"),
        max_length=500,
        blank=True,
        help_text=_("An absolute URL or a URL name of this site. Leave empty to use the clinic's booking link."),
        validators=[validate_booking_url],
    )
    booking_reason = models.CharField(
        _("booking link label"),
        max_length=200,
        blank=True,
        help_text=_("Why this condition books elsewhere, e.g. “Book with our foot and ankle specialist”."),
    )
    urgent_booking_url = models.CharField(
        _("same-day booking URL override"),
        max_length=500,
        blank=True,
        help_text=_(
            "For “get seen today” answers about this condition: an absolute URL or a URL name of this site. "
            "Leave empty to use the clinic’s same-day booking link."
        ),
        validators=[validate_booking_url],
    )

    # django-stubs cannot name the manager as_manager() builds, so it cannot be declared the
    # ClassVar that overriding Publishable's needs (typeddjango/django-stubs#1713).
    objects = ConditionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        permissions = [_publish_permission("condition", "condition")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ankle_education:condition", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Whether patients may see it: the same rule as ``Condition.objects.published()``."""
        return self.is_published and self.category.is_published


class PreventionTip(Publishable):
    """Advice that lowers the risk of ankle pain, e.g. the 10% weekly rule."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("Plain text, one or two sentences."))
    body = markdown_field(_("body"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    conditions = models.ManyToManyField(
        Condition, related_name="prevention_tips", blank=True, verbose_name=_("helps prevent")
    )
    sources = models.ManyToManyField(Source, related_name="prevention_tips", blank=True, verbose_name=_("sources"))

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("prevention tip")
        verbose_name_plural = _("prevention tips")
        permissions = [_publish_permission("preventiontip", "prevention tip")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ankle_education:prevention_tip", kwargs={"slug": self.slug})


def _tip_link_label(link: models.Model) -> str:
    return f"{link.condition}: {link.preventiontip}"  # type: ignore[attr-defined]


# Django's own through model for PreventionTip.conditions has no __str__, so its rows would read
# "PreventionTip_conditions object (1)" in the admin and in delete confirmations. Label them as
# ConditionWarningSign and ConditionSource label theirs (a method changes no migration).
PreventionTip.conditions.through.__str__ = _tip_link_label  # type: ignore[method-assign, assignment]


class TreatmentTier(Publishable):
    """One rung of the treatment ladder, from self-care up to advanced treatment."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("Plain text, one or two sentences."))
    body = markdown_field(_("body"), blank=True)
    when_to_move_up = markdown_field(
        _("when to move to the next tier"), blank=True, help_text=_("Leave empty on the top tier.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    sources = models.ManyToManyField(Source, related_name="treatment_tiers", blank=True, verbose_name=_("sources"))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("treatment tier")
        verbose_name_plural = _("treatment tiers")
        permissions = [_publish_permission("treatmenttier", "treatment tier")]

    def __str__(self) -> str:
        return self.name


class TreatmentStep(models.Model):
    """What a condition gets at one tier of the ladder."""

    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, related_name="treatment_steps", verbose_name=_("condition")
    )
    tier = models.ForeignKey(
        TreatmentTier, on_delete=models.PROTECT, related_name="treatment_steps", verbose_name=_("treatment tier")
    )
    body = markdown_field(_("what to do"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["tier__order", "order", "pk"]
        verbose_name = _("treatment step")
        verbose_name_plural = _("treatment steps")

    def __str__(self) -> str:
        return f"{self.condition}: {self.tier}"


# What staff read for each level a sign can have, in the admin.
SIGN_LEVEL_LABELS = {
    Level.ROUTINE: _("Routine: book an appointment"),
    Level.URGENT: _("Urgent: get seen today"),
    Level.EMERGENCY: _("Emergency: call the emergency number now"),
}


class WarningSign(Publishable):
    """One item of the "when to seek help" checklist."""

    text = models.CharField(_("what the patient notices"), max_length=300)
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Plain text, optional."))
    # The level's slug ("routine", "urgent", "emergency"); ``level`` reads it as an urgency.Level.
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=[(level.slug, label) for level, label in SIGN_LEVEL_LABELS.items()]
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    applies_to_all_conditions = models.BooleanField(
        _("applies to every condition"),
        default=False,
        help_text=_("Shown on the general checklist and on every condition's checklist."),
    )
    sources = models.ManyToManyField(
        Source,
        related_name="warning_signs",
        blank=True,
        verbose_name=_("sources"),
        help_text=_("The references that place this sign at its urgency level; listed on the pages that show it."),
    )

    class Meta:
        ordering = ["order", "pk"]
        # A sign the checklist cannot rank must never reach it, whatever writes to the table.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(urgency__in=[level.slug for level in SIGN_LEVELS]), name="ankle_warningsign_urgency"
            )
        ]
        verbose_name = _("warning sign")
        verbose_name_plural = _("warning signs")
        permissions = [_publish_permission("warningsign", "warning sign")]

    def __str__(self) -> str:
        return self.text

    @property
    def level(self) -> Level:
        return Level.from_slug(self.urgency)


class ConditionWarningSign(models.Model):
    """A sign on a condition's own checklist; a sign still in use cannot be deleted."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, verbose_name=_("condition"))
    warning_sign = models.ForeignKey(WarningSign, on_delete=models.PROTECT, verbose_name=_("warning sign"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["condition", "warning_sign"], name="ankle_unique_condition_sign")
        ]
        verbose_name = _("condition's warning sign")
        verbose_name_plural = _("condition's warning signs")

    def __str__(self) -> str:
        return f"{self.condition}: {self.warning_sign}"


class ConditionSource(models.Model):
    """A source cited on a condition page; a cited source cannot be deleted."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, verbose_name=_("condition"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["condition", "source"], name="ankle_unique_condition_source")]
        verbose_name = _("condition's source")
        verbose_name_plural = _("condition's sources")

    def __str__(self) -> str:
        return f"{self.condition}: {self.source}"


class BookingClick(models.Model):
    """An anonymous count of booking click-throughs: no user, no address, no answers."""

    day = models.DateField(_("day"))
    condition_slug = models.SlugField(_("condition"), max_length=200, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20)
    count = models.PositiveIntegerField(_("click-throughs"), default=0)

    class Meta:
        ordering = ["-day", "condition_slug", "urgency"]
        constraints = [
            models.UniqueConstraint(fields=["day", "condition_slug", "urgency"], name="ankle_unique_booking_click")
        ]
        verbose_name = _("booking click-through count")
        verbose_name_plural = _("booking click-through counts")

    def __str__(self) -> str:
        return f"{self.day} {self.condition_slug or '-'} {self.urgency}: {self.count}"


class StarterContentRecord(models.Model):
    """What ``load_ankle_starter_content`` last wrote to one row.

    A later run compares the row with this fingerprint: a different one means staff have
    changed the row since it was loaded, so the loader leaves it alone.
    """

    model = models.CharField(_("model"), max_length=100, help_text=_("App label and model name."))
    key = models.CharField(_("starter content key"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("object ID"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, help_text=_("SHA-256 of the row as loaded."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "key"], name="ankle_unique_starter_record")]
        verbose_name = _("starter content record")
        verbose_name_plural = _("starter content records")

    def __str__(self) -> str:
        return f"{self.model} {self.key}"


class Version(models.Model):
    """One version of a piece of publishable content, with what belongs to it, and who made it.

    Every change is one: an edit, a review, publishing, taking down, a restore. ``data`` holds the
    content (see ``ankle_education.versions``); the review columns hold the clinical review that was
    recorded against ``reviewed_content``, the content hash it saw.
    """

    class State(models.TextChoices):
        CURRENT = "current", _("Current")  # what the content's row holds: live when its status is published
        PENDING = "pending", _("Pending")  # a change to live content, waiting to be published
        PAST = "past", _("Past")

    class Action(models.TextChoices):
        INITIAL = "initial", _("Recorded as it stood")
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        REVIEWED = "reviewed", _("Reviewed")
        PUBLISHED = "published", _("Published")
        TAKEN_DOWN = "taken_down", _("Taken down")
        RESTORED = "restored", _("Restored")
        DISCARDED = "discarded", _("Pending change discarded")
        SCHEDULED = "scheduled", _("Schedule changed")
        LOADED = "loaded", _("Loaded from the starter library")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object ID"))
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    data = models.JSONField(_("content"), encoder=DjangoJSONEncoder)
    content_hash = models.CharField(_("content hash"), max_length=64)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    reviewed_by = models.CharField(_("reviewed by"), max_length=200, blank=True)
    reviewed_content = models.CharField(
        _("reviewed content hash"), max_length=64, blank=True, help_text=_("The content hash the review was of.")
    )
    based_on = models.PositiveIntegerField(
        _("based on version"), null=True, blank=True, help_text=_("For a pending change: the live version it changes.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["content_type", "object_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="ankle_unique_version"),
            # At most one pending change, and one current version, per piece of content.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "state"],
                condition=models.Q(state__in=["current", "pending"]),
                name="ankle_one_current_one_pending",
            ),
        ]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} v{self.number}"

    @property
    def review_holds(self) -> bool:
        """Whether this version carries a clinical review of exactly its own content."""
        return bool(self.reviewed_by) and self.reviewed_content == self.content_hash
