"""Scheduled publishing: a reviewed working copy, to be published at a set time by
`manage.py publish_scheduled` (missions/editions/scheduling.py), exactly as reviewed."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ONE_PENDING = _("A publication is already scheduled: cancel it before scheduling another.")


class ScheduledPublicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ScheduledPublication.Status.PENDING)

    def due(self, now):
        return self.pending().filter(go_live_at__lte=now)


class ScheduledPublication(models.Model):
    class Status(models.TextChoices):
        # A context of their own: in French they agree with "publication" (feminine).
        PENDING = "pending", pgettext_lazy("scheduled publication", "pending")
        PUBLISHED = "published", pgettext_lazy("scheduled publication", "published")
        REFUSED = "refused", pgettext_lazy("scheduled publication", "refused")
        CANCELLED = "cancelled", pgettext_lazy("scheduled publication", "cancelled")

    go_live_at = models.DateTimeField(
        _("go live at"), help_text=_("When to publish: the next run of publish_scheduled after it.")
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
        help_text=_('Only a significant change moves the page\'s "Date modified".'),
    )
    # As the review form posted them: publish() refuses if the working copy or the live
    # edition changed since.
    reviewed_hash = models.CharField(
        _("reviewed content hash"),
        max_length=255,
        help_text=_("The fingerprint of the working copy as the Publisher reviewed it."),
    )
    base_number = models.PositiveIntegerField(
        _("live edition at review"),
        help_text=_("The number of the edition that was live during the review (0 for none)."),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scheduled by"),
        help_text=_("The Publisher who reviewed it; the edition is published in their name."),
    )
    created_at = models.DateTimeField(_("scheduled at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    outcome_en = models.TextField(
        _("outcome (English)"), blank=True, help_text=_("Why it was refused, if it was.")
    )
    outcome_fr = models.TextField(
        _("outcome (French)"), blank=True, help_text=_("Why it was refused, if it was.")
    )
    edition = models.ForeignKey(
        "missions.Edition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("The edition it published."),
    )
    finished_at = models.DateTimeField(
        _("finished at"),
        null=True,
        blank=True,
        help_text=_("When it was published, refused or cancelled."),
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )

    objects = ScheduledPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-go_live_at", "-pk"]
        verbose_name = _("scheduled publication")
        verbose_name_plural = _("scheduled publications")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="pending"),
                name="scheduled_publication_one_pending",
                violation_error_message=ONE_PENDING,
            ),
            models.CheckConstraint(
                condition=Q(status="published", edition__isnull=False)
                | (~Q(status="published") & Q(edition__isnull=True)),
                name="scheduled_publication_edition_when_published",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", finished_at__isnull=True)
                | (~Q(status="pending") & Q(finished_at__isnull=False)),
                name="scheduled_publication_finished_unless_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | (~Q(outcome_en="") & ~Q(outcome_fr="")),
                name="scheduled_publication_refusal_says_why",
            ),
        ]

    def __str__(self):
        return f"{self.go_live_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC ({self.status})"

    def get_absolute_url(self):
        return reverse("admin:missions_edition_review")

    def clean(self):
        errors = {}
        pending = self.status == self.Status.PENDING
        others = ScheduledPublication.objects.pending().exclude(pk=self.pk)
        if pending and others.exists():
            errors["status"] = ONE_PENDING
        if (self.status == self.Status.PUBLISHED) != (self.edition_id is not None):
            errors["edition"] = _("Only a published schedule names an edition, and it must.")
        if pending != (self.finished_at is None):
            errors["finished_at"] = _("Only a pending schedule has no finish time.")
        if self.status == self.Status.REFUSED and not (self.outcome_en and self.outcome_fr):
            errors["outcome_en"] = _("Say why it was refused, in English and in French.")
        if errors:
            raise ValidationError(errors)

    def outcome(self, language):
        return self.outcome_fr if language == "fr" else self.outcome_en
