"""The UN's own monthly figures of Canada's police in its missions (the UN Department of
Peace Operations' contributions by country, mission and personnel type): a series of
their own, beside ours, never mixed with them.

UNContribution is the working copy, written by `manage.py import_un_contributions`;
PublishedUNFigure (missions/models/published.py) is what the public reads, brought up to
date by a reviewed publish, as our figures are."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from missions.core.choices import PersonnelType


class UNContributionQuerySet(models.QuerySet):
    def of_mission(self, mission):
        return self.filter(mission=mission)

    def national(self):
        """Canada's totals the UN gave with no split by mission."""
        return self.filter(acronym="")

    def unmatched(self):
        """Rows of a UN mission the RCMP page has no mission for (e.g. UNMIK)."""
        return self.exclude(acronym="").filter(mission__isnull=True)


class UNContribution(models.Model):
    """One month of one UN mission (or of Canada's total, with no acronym), for one
    personnel type, as the UN reported it."""

    month = models.DateField(_("as of"), help_text=_("The UN report's date, e.g. 2025-07-31."))
    acronym = models.CharField(
        _("UN mission acronym"),
        max_length=20,
        blank=True,
        help_text=_("As the UN prints it. Empty: Canada's total, with no split by mission."),
    )
    mission = models.ForeignKey(
        "missions.Mission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="un_contributions",
        verbose_name=_("mission"),
        help_text=_("Our mission with this acronym, if the RCMP page has one."),
    )
    personnel_type = models.CharField(
        _("personnel type"), max_length=30, choices=PersonnelType.choices
    )
    male = models.PositiveIntegerField(_("male"), null=True, blank=True)
    female = models.PositiveIntegerField(_("female"), null=True, blank=True)
    total = models.PositiveIntegerField(
        _("total"), null=True, blank=True, help_text=_("As printed; empty where not given.")
    )
    source = models.TextField(_("source"), help_text=_("Where the row comes from."))
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = UNContributionQuerySet.as_manager()

    class Meta:
        ordering = ["month", "acronym", "personnel_type"]
        verbose_name = _("UN contribution")
        verbose_name_plural = _("UN contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "acronym", "personnel_type"],
                name="un_contribution_unique_month_mission_type",
            ),
            models.CheckConstraint(
                condition=Q(male__isnull=False) | Q(female__isnull=False) | Q(total__isnull=False),
                name="un_contribution_has_a_figure",
                violation_error_message=_("Give the male, female or total figure."),
            ),
        ]
        indexes = [models.Index(fields=["mission", "month"]), models.Index(fields=["modified"])]

    def __str__(self):
        return f"{self.acronym or 'Canada'}, {self.month} ({self.personnel_type})"

    def get_absolute_url(self):
        return self.mission.get_absolute_url() if self.mission else ""

    def clean(self):
        if self.male is None and self.female is None and self.total is None:
            raise ValidationError(_("Give the male, female or total figure."))
