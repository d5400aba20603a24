from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .markup import render_markup


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    PORTUGUESE = "pt", _("Portuguese")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def format_date(value, precision):
    """A date shown only as precisely as it is known: "2004", "July 2015", "October 15, 2017"."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


class Publishable(models.Model):
    """Fields shared by the records that appear on public pages."""

    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published records appear on public pages and in downloads."),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class RegionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def with_latest_figures(self, on_date):
        """Annotate each region with its latest region-level figures on or before on_date."""
        latest = DeploymentSnapshot.objects.filter(
            region=OuterRef("pk"), mission__isnull=True, as_of__lte=on_date
        ).order_by("-as_of")
        return self.annotate(
            region_authorized=Subquery(latest.values("authorized")[:1]),
            region_as_of=Subquery(latest.values("as_of")[:1]),
        )


class Region(Publishable):
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As shown in the summary table, e.g. Ukraine.")
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("The region's address on the site.")
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order on the page; lower comes first.")
    )
    language = models.CharField(
        _("language of operation"),
        max_length=2,
        choices=Language.choices,
        help_text=_("The main language police work in."),
    )
    armed = models.BooleanField(
        _("armed"), default=False, help_text=_("Tick if officers serve armed.")
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("A callout shown at the top of the section, e.g. operations suspended."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "Prose before the missions. Separate paragraphs with a blank line; "
            'start list items with "- ".'
        ),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("missions:region_detail", args=[self.slug])

    @property
    def note_html(self):
        return render_markup(self.note)

    @property
    def intro_html(self):
        return render_markup(self.intro)

    def cap(self, missions):
        """The summary-table figure: the latest region-level snapshot (annotated by
        with_latest_figures), else the sum of the given missions' latest figures."""
        if getattr(self, "region_authorized", None) is not None:
            return self.region_authorized
        figures = [m.latest_authorized for m in missions if m.latest_authorized is not None]
        return sum(figures) if figures else None


class MissionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True, region__published=True)

    def active_on(self, on_date):
        """Missions running on on_date. A mission whose start is unknown counts from its
        earliest snapshot (or its region's). On today's date the status decides the end."""
        # Two subqueries, each served by an index, rather than one with an OR that makes
        # PostgreSQL read the whole series; alias(), not annotate(), so they run only for
        # missions with no start date, not for every row.
        figures = DeploymentSnapshot.objects.order_by("as_of").values("as_of")
        mission_first = figures.filter(mission=OuterRef("pk"))[:1]
        region_first = figures.filter(region=OuterRef("region"), mission__isnull=True)[:1]
        started = Q(started__lte=on_date) | Q(
            Q(mission_first__lte=on_date) | Q(region_first__lte=on_date), started__isnull=True
        )
        not_ended = Q(ended__isnull=True) | Q(ended__gte=on_date)
        qs = self.alias(
            mission_first=Subquery(mission_first), region_first=Subquery(region_first)
        ).filter(started, not_ended)
        if on_date >= timezone.localdate():
            qs = qs.exclude(status=Status.ENDED)
        return qs

    def with_latest_figures(self, on_date):
        """Annotate each mission with its latest mission-level figures on or before on_date."""
        latest = DeploymentSnapshot.objects.filter(
            mission=OuterRef("pk"), as_of__lte=on_date
        ).order_by("-as_of")
        return self.annotate(
            latest_authorized=Subquery(latest.values("authorized")[:1]),
            latest_deployed=Subquery(latest.values("deployed")[:1]),
            latest_as_of=Subquery(latest.values("as_of")[:1]),
        )


class Mission(Publishable):
    class Kind(models.TextChoices):
        UN = "un", _("United Nations mission")
        EU = "eu", _("European Union mission")
        BILATERAL = "bilateral", _("Bilateral engagement")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="missions",
        verbose_name=_("region"),
        help_text=_("The section of the page this mission belongs to."),
    )
    name = models.CharField(
        _("name"), max_length=300, help_text=_("Full name, shown as the mission's heading.")
    )
    acronym = models.CharField(
        _("acronym"), max_length=50, blank=True, help_text=_("e.g. BINUH. Leave blank if none.")
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("The mission's address on the site.")
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order within the region; lower comes first.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, help_text=_("What sort of operation.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            'Separate paragraphs with a blank line; start list items with "- " '
            '(and sub-items with two spaces, then "- ").'
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text=_("Set by staff; never inferred from the figures."),
    )
    started = models.DateField(
        _("started"), null=True, blank=True, help_text=_("Leave blank if unknown.")
    )
    started_precision = models.CharField(
        _("start date precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_('How much of the start date is known: "since 2004" is a year.'),
    )
    ended = models.DateField(
        _("ended"), null=True, blank=True, help_text=_("Leave blank if running or unknown.")
    )
    ended_precision = models.CharField(
        _("end date precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("How much of the end date is known."),
    )
    language = models.CharField(
        _("language of operation"),
        max_length=2,
        choices=Language.choices,
        blank=True,
        help_text=_("Only if different from the region's."),
    )
    armed = models.BooleanField(
        _("armed"), null=True, blank=True, help_text=_("Only if different from the region's.")
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessor"),
        help_text=_("The mission this one replaced, e.g. MINUSTAH for MINUJUSTH."),
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the dates and facts come from.")
    )

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["region__position", "position", "name"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True)
                | Q(started__isnull=True)
                | Q(ended__gte=F("started")),
                name="mission_ended_not_before_started",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="mission_not_own_predecessor",
                violation_error_message=_("A mission cannot be its own predecessor."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("missions:mission_detail", args=[self.slug])

    def clean(self):
        if self.started and self.ended and self.ended < self.started:
            raise ValidationError({"ended": _("The end date cannot be before the start date.")})
        seen = {self.pk}
        ancestor = self.predecessor
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {
                        "predecessor": _(
                            "A mission cannot be its own predecessor, directly or through others."
                        )
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.predecessor

    @property
    def body_html(self):
        return render_markup(self.body)

    @property
    def started_display(self):
        return format_date(self.started, self.started_precision)

    @property
    def ended_display(self):
        return format_date(self.ended, self.ended_precision)

    def get_language_display_effective(self):
        return self.get_language_display() if self.language else self.region.get_language_display()

    @property
    def is_armed(self):
        return self.region.armed if self.armed is None else self.armed


class PostingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def active_on(self, on_date):
        qs = self.filter(Q(since__isnull=True) | Q(since__lte=on_date))
        if on_date >= timezone.localdate():
            qs = qs.exclude(status=Status.ENDED)
        return qs


class Posting(Publishable):
    class Kind(models.TextChoices):
        SPECIALIZED = "specialized", _("Specialized police posting")
        OTHER = "other", _("Other international opportunity")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, help_text=_("The section it appears in.")
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("The heading, as shown on the page.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("A unique name."))
    organization = models.CharField(
        _("organization"), max_length=300, blank=True, help_text=_("Who the officers work for.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True, help_text=_("Where based."))
    country = models.CharField(
        _("country"), max_length=100, blank=True, help_text=_("Country of the posting.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_('Separate paragraphs with a blank line; start list items with "- ".'),
    )
    since = models.DateField(
        _("since"), null=True, blank=True, help_text=_("When Canadian police started; optional.")
    )
    since_precision = models.CharField(
        _("since precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("How much of that date is known."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text=_("Ended postings leave the current page but keep their record."),
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order within its section; lower comes first.")
    )

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "title"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("missions:current") + f"#posting-{self.slug}"

    @property
    def body_html(self):
        return render_markup(self.body)


class SnapshotQuerySet(models.QuerySet):
    def published(self):
        return self.filter(region__published=True).filter(
            Q(mission__isnull=True) | Q(mission__published=True)
        )


class DeploymentSnapshot(models.Model):
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("region"),
        help_text=_("The region the figure belongs to."),
    )
    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name=_("mission"),
        help_text=_("Leave blank for a figure shared by the whole region."),
    )
    as_of = models.DateField(_("as of"), help_text=_("The date the figures were true."))
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
                violation_error_message=_("This mission already has figures for this date."),
            ),
            models.UniqueConstraint(
                fields=["region", "as_of"],
                condition=Q(mission__isnull=True),
                name="snapshot_unique_region_date",
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
