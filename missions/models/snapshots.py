"""The figures: one dated snapshot of authorized and deployed police, for a mission or
for a whole region."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missions.core.choices import Precision
from missions.models.locking import Versioned


class SnapshotQuerySet(models.QuerySet):
    def published(self):
        return self.filter(region__published=True).filter(
            Q(mission__isnull=True) | Q(mission__published=True)
        )


class DeploymentSnapshot(Versioned):
    region = models.ForeignKey(
        "Region",
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("region"),
        help_text=_("The region the figure belongs to."),
    )
    mission = models.ForeignKey(
        "Mission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name=_("mission"),
        help_text=_("Leave blank for a figure shared by the whole region."),
    )
    as_of = models.DateField(_("as of"), help_text=_("The date the figures were true."))
    as_of_precision = models.CharField(
        _("as of precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            "How much of that date is known: figures from a page dated only by its year are a year."
        ),
    )
    authorized = models.PositiveIntegerField(
        _("authorized"), null=True, blank=True, help_text=_("Authorized police deployments.")
    )
    deployed = models.PositiveIntegerField(
        _("deployed"), null=True, blank=True, help_text=_("Officers actually deployed.")
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the figures come from, or a note.")
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)
    history = HistoricalRecords()

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["region__position", "mission__position", "as_of"]
        get_latest_by = "as_of"
        verbose_name = _("deployment snapshot")
        verbose_name_plural = _("deployment snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "as_of"],
                condition=Q(mission__isnull=False),
                name="snapshot_unique_mission_date",
                violation_error_code="duplicate_date",
                violation_error_message=_("This mission already has figures for this date."),
            ),
            models.UniqueConstraint(
                fields=["region", "as_of"],
                condition=Q(mission__isnull=True),
                name="snapshot_unique_region_date",
                violation_error_code="duplicate_date",
                violation_error_message=_("This region already has figures for this date."),
            ),
            models.CheckConstraint(
                condition=Q(authorized__gte=0) | Q(authorized__isnull=True),
                name="snapshot_authorized_not_negative",
                violation_error_message=_("Authorized must be a whole number, 0 or more."),
            ),
            models.CheckConstraint(
                condition=Q(deployed__gte=0) | Q(deployed__isnull=True),
                name="snapshot_deployed_not_negative",
                violation_error_message=_("Deployed must be a whole number, 0 or more."),
            ),
            models.CheckConstraint(
                condition=Q(authorized__isnull=True)
                | Q(deployed__isnull=True)
                | Q(deployed__lte=F("authorized")),
                name="snapshot_deployed_within_authorized",
                violation_error_message=_("Deployed cannot be more than authorized."),
            ),
            models.CheckConstraint(
                condition=Q(authorized__isnull=False) | Q(deployed__isnull=False),
                name="snapshot_has_a_figure",
                violation_error_message=_("Give the authorized figure, the deployed, or both."),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "as_of"]),
            models.Index(fields=["mission", "as_of"]),
            # "Date modified" reads the newest one without scanning the whole history.
            models.Index(fields=["modified"]),
        ]

    def __str__(self):
        return f"{self.mission or self.region}, {self.as_of}"

    def save(self, *args, **kwargs):
        if self.mission_id and not self.region_id:
            self.region_id = self.mission.region_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return (self.mission or self.region).get_absolute_url()

    def validate_constraints(self, exclude=None):
        # A duplicate is reported on the date, where the editor can fix it.
        try:
            super().validate_constraints(exclude)
        except ValidationError as e:
            errors = {}
            for field, messages in e.error_dict.items():
                for error in messages:
                    key = "as_of" if error.code == "duplicate_date" else field
                    errors.setdefault(key, []).append(error)
            raise ValidationError(errors) from e

    def clean(self):
        errors = {}
        if self.mission_id and not self.region_id:
            self.region = self.mission.region
        if self.as_of and self.as_of > timezone.localdate():
            errors["as_of"] = _("The date cannot be in the future.")
        if (
            self.authorized is not None
            and self.deployed is not None
            and self.deployed > self.authorized
        ):
            errors["deployed"] = _("Deployed cannot be more than authorized.")
        if self.mission_id and self.region_id and self.mission.region_id != self.region_id:
            errors["mission"] = _("This mission belongs to another region.")
        if errors:
            raise ValidationError(errors)
