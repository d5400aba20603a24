"""Purge jobs: what a shared cache in front of the site (Varnish, Akamai, CloudFront) must
forget after a publish. Publishing writes the job in the edition's transaction, so a crash
after the commit loses nothing; `manage.py purge_frontend` (missions/frontend/) sends it,
and retries until the cache acknowledges it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PurgeJobQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)

    def due(self, now):
        return self.pending().filter(next_attempt__lte=now)


class PurgeJob(models.Model):
    tags = models.TextField(
        _("cache tags"),
        help_text=_("The tags of the pages to purge, separated by spaces."),
    )
    edition = models.ForeignKey(
        "missions.Edition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purge_jobs",
        verbose_name=_("edition"),
        help_text=_("The edition whose publishing queued it."),
    )
    created = models.DateTimeField(_("queued at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt = models.DateTimeField(
        _("next attempt"), default=timezone.now, help_text=_("Not sent before this time.")
    )
    last_error = models.TextField(
        _("last error"), blank=True, help_text=_("Why the last attempt failed, if it did.")
    )
    sent_at = models.DateTimeField(
        _("sent at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When the cache acknowledged the purge; empty while it is pending."),
    )

    objects = PurgeJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("purge job")
        verbose_name_plural = _("purge jobs")
        constraints = [
            models.CheckConstraint(condition=~Q(tags=""), name="purge_job_has_tags"),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(attempts__gte=1),
                name="purge_job_sent_after_an_attempt",
            ),
        ]

    def __str__(self):
        return f"{self.tags} ({'sent' if self.sent_at else 'pending'})"

    def get_absolute_url(self):
        return reverse("admin:missions_purgejob_change", args=[self.pk])

    def clean(self):
        errors = {}
        if not self.tags.strip():
            errors["tags"] = _("Name at least one tag to purge.")
        if self.sent_at is not None and self.attempts < 1:
            errors["attempts"] = _("A purge is only sent by an attempt.")
        if errors:
            raise ValidationError(errors)

    @property
    def tag_list(self):
        return self.tags.split()
