"""Editions: the page as published, frozen into an immutable, dated, bilingual document.

The records (regions, missions, postings, figures) are the working copy. A Publisher
reviews what would change against the live edition, then publishes: the working copy is
turned into a document (missions/editions/document.py) and stored as the next edition. Every
public page is rendered from an edition; nothing on it is computed from today's records.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missions.models.published import index_edition

# An edition's page and files never change: browsers and CDNs may keep them this long,
# the most HTTP caches honour, without asking again (Cache-Control: immutable).
YEAR = 365 * 24 * 60 * 60


def content_hash(document):
    """A stable fingerprint of a document: the same content always gives the same hash."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class EditionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-took_effect", "-number")

    def in_force_on(self, day):
        """The edition the public saw on `day`: the newest to take effect by then."""
        return self.filter(took_effect__lte=day).newest_first().first()

    def live(self):
        """The edition on the current page."""
        return self.in_force_on(timezone.localdate())

    def significant(self):
        return self.filter(significant=True)

    def with_recorded_on(self):
        """Annotated with recorded_on: for a historical edition loaded after a newer one
        (so numbered after it), the day it was loaded (published_at); None otherwise. Its
        number stays: the editions are listed by date, and it says why it is out of turn."""
        newer_before = Edition.objects.filter(
            number__lt=OuterRef("number"), took_effect__gt=OuterRef("took_effect")
        )
        return self.annotate(
            recorded_on=Case(
                When(
                    Q(kind=Edition.Kind.HISTORICAL) & Exists(newer_before),
                    then=TruncDate("published_at"),
                ),
                default=None,
                output_field=models.DateField(),
            )
        )


class Edition(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published from the records")
        HISTORICAL = "historical", _("Historical (loaded from an archived copy)")

    number = models.PositiveIntegerField(
        _("number"), help_text=_("The edition's permanent number, in its address.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.PUBLISHED,
        help_text=_("Published by a Publisher, or loaded from an archived copy of the page."),
    )
    took_effect = models.DateField(
        _("took effect"), help_text=_("The date the public first saw this edition.")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    summary_en = models.TextField(
        _("change summary (English)"), help_text=_("What changed, for the public change log.")
    )
    summary_fr = models.TextField(
        _("change summary (French)"), help_text=_("What changed, for the public change log.")
    )
    significant = models.BooleanField(
        _("significant change"),
        default=True,
        help_text=_(
            "Untick for a typo fix or a rewording: only a significant change moves the page's "
            '"Date modified".'
        ),
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "For a historical edition: where the copy comes from, e.g. an archived address."
        ),
    )
    document = models.JSONField(_("document"))
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-took_effect", "-number"]
        get_latest_by = ["took_effect", "number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        permissions = [("publish_edition", _("Can review the working copy and publish an edition"))]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="edition_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="edition_number_positive"),
            models.CheckConstraint(
                condition=~Q(summary_en="") & ~Q(summary_fr=""),
                name="edition_summary_in_both_languages",
                violation_error_message=_("Give the change summary in English and in French."),
            ),
        ]
        indexes = [models.Index(fields=["took_effect", "number"])]

    def __str__(self):
        return _("Edition %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An edition is never changed once stored.")
        self.content_hash = content_hash(self.document)
        with transaction.atomic():
            super().save(*args, **kwargs)
            index_edition(self)

    def get_absolute_url(self):
        return reverse("missions:edition", args=[self.number])

    def clean(self):
        errors = {}
        if self.took_effect and self.took_effect > timezone.localdate():
            errors["took_effect"] = _("An edition cannot take effect in the future.")
        if not (self.summary_en or "").strip():
            errors["summary_en"] = _("Give the change summary in English.")
        if not (self.summary_fr or "").strip():
            errors["summary_fr"] = _("Give the change summary in French.")
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        raise ValueError("An edition is never deleted.")

    def summary(self, language):
        return self.summary_fr if language == "fr" else self.summary_en


def next_number():
    last = Edition.objects.aggregate(last=models.Max("number"))["last"]
    return (last or 0) + 1


def live_date_modified(live=None):
    """The live edition's date_modified(), in one query: the pages built from the whole
    published copy (indexes, downloads, the API's page, the change log) show it too. With
    the live edition at hand and significant, its own date, with no query."""
    if live is not None and live.significant:
        return live.took_effect
    return (
        Edition.objects.significant()
        .filter(took_effect__lte=timezone.localdate())
        .newest_first()
        .values_list("took_effect", flat=True)
        .first()
    )


def date_modified(edition):
    """The date of the newest significant edition up to `edition`: a typo fix does not
    move it."""
    return (
        Edition.objects.significant()
        .filter(
            Q(took_effect__lt=edition.took_effect)
            | Q(took_effect=edition.took_effect, number__lte=edition.number)
        )
        .newest_first()
        .values_list("took_effect", flat=True)
        .first()
    )
