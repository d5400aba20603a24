import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, Lag
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_language
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords

from .locking import Versioned
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
    return long_date(value)


def long_date(value):
    """A full date in the current language: "June 1, 2022", "1er juin 2022"."""
    text = date_format(value, "DATE_FORMAT")
    if value.day == 1 and get_language() == "fr":
        # French writes the first of the month as an ordinal.
        text = text.replace("1", "1er", 1)
    return text


class Publishable(Versioned):
    """Fields shared by the records that appear on public pages."""

    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published records appear on public pages and in downloads."),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if self.published:
            for field, message in self.missing_translations():
                key = NON_FIELD_ERRORS if exclude and field in exclude else field
                errors.setdefault(key, []).append(message)
        if errors:
            raise ValidationError(errors)

    def language_of(self, field):
        """The language the public sees `field` in: the page's own, or the other one where
        this text has not been translated yet (modeltranslation's fallback)."""
        current = get_language()
        if getattr(self, f"{field}_{current}", None):
            return current
        return next(
            (code for code, _name in settings.LANGUAGES if getattr(self, f"{field}_{code}", None)),
            current,
        )

    def missing_translations(self):
        """(field, message) for each text given in one language but not the other."""
        missing_in = {
            "en": _("%(field)s is missing in English."),
            "fr": _("%(field)s is missing in French."),
        }
        both_languages = _(
            "A published record needs both languages, so that the English and French pages match."
        )
        for name in translator.get_options_for_model(type(self)).fields:
            values = {code: getattr(self, f"{name}_{code}") or "" for code in missing_in}
            if not any(value.strip() for value in values.values()):
                continue
            for code, value in values.items():
                if not value.strip():
                    label = capfirst(self._meta.get_field(name).verbose_name)
                    yield (
                        f"{name}_{code}",
                        f"{missing_in[code] % {'field': label}} {both_languages}",
                    )


class TranslatedQuerySet(models.QuerySet):
    def missing_translation(self, language):
        """Records with a text given in the other language but not in this one: the ones
        Publishable.missing_translations() flags."""
        missing = Q()
        for name in translator.get_options_for_model(self.model).fields:
            for other, _name in settings.LANGUAGES:
                if other != language:
                    given = ~Q(**{f"{name}_{other}": ""}) & Q(**{f"{name}_{other}__isnull": False})
                    empty = Q(**{f"{name}_{language}": ""}) | Q(
                        **{f"{name}_{language}__isnull": True}
                    )
                    missing |= given & empty
        return self.filter(missing)


class RegionQuerySet(TranslatedQuerySet):
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
        permissions = [("publish_region", _("Can publish and unpublish regions"))]

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

    def cap_series(self, missions=None):
        """The summary-table figure on each date with region-level or mission figures, as
        cap() would compute it on that date: [(as_of, cap)], oldest first. missions are the
        region's published missions annotated by with_activity() (fetched if not given);
        two more queries, however many figures."""
        if missions is None:
            missions = list(Mission.objects.published().filter(region=self).with_activity())
        region_figures = self.snapshots.filter(mission__isnull=True).values_list(
            "as_of", "authorized"
        )
        mission_figures = DeploymentSnapshot.objects.filter(mission__in=missions).values_list(
            "as_of", "mission_id", "authorized"
        )
        events = sorted(
            [(as_of, None, authorized) for as_of, authorized in region_figures]
            + list(mission_figures),
            key=lambda event: (event[0], event[1] is not None),
        )
        region_latest, mission_latest, series = None, {}, []
        for index, (as_of, mission_id, authorized) in enumerate(events):
            if mission_id is None:
                region_latest = authorized
            else:
                mission_latest[mission_id] = authorized
            if index + 1 < len(events) and events[index + 1][0] == as_of:
                continue  # take in every figure of the day first
            if region_latest is not None:
                series.append((as_of, region_latest))
                continue
            figures = [
                mission_latest[m.pk]
                for m in missions
                if mission_latest.get(m.pk) is not None and m.is_active_on(as_of)
            ]
            series.append((as_of, sum(figures) if figures else None))
        return series


class MissionQuerySet(TranslatedQuerySet):
    def published(self):
        return self.filter(published=True, region__published=True)

    def with_activity(self):
        """Annotate what active_on() and Mission.is_active_on() need to date a mission whose
        start or end is unknown: its first and last figures (its own, else its region's
        shared ones), and, for an ended mission with no end date, the first figures
        recorded anywhere after its last ones (by then it had left the page)."""
        own = DeploymentSnapshot.objects.filter(mission=OuterRef("pk")).values("as_of")
        region = DeploymentSnapshot.objects.filter(
            region=OuterRef("region"), mission__isnull=True
        ).values("as_of")
        first_seen = Coalesce(
            Subquery(own.order_by("as_of")[:1]), Subquery(region.order_by("as_of")[:1])
        )
        last_seen = Coalesce(
            Subquery(own.order_by("-as_of")[:1]), Subquery(region.order_by("-as_of")[:1])
        )
        ended_by = (
            DeploymentSnapshot.objects.published()
            .filter(as_of__gt=OuterRef("last_seen"))
            .order_by("as_of")
            .values("as_of")[:1]
        )
        # Only looked up where it matters: the scan is wasted on other missions.
        undated_end = Q(status=Status.ENDED, ended__isnull=True)
        return self.annotate(first_seen=first_seen, last_seen=last_seen).annotate(
            ended_by=Case(When(undated_end, then=Subquery(ended_by)), default=None)
        )

    def active_on(self, on_date):
        """Missions running on on_date (see with_activity() for unknown dates). A mission
        with no start date and no figures counts only from today; on today's date the
        status decides whether it has ended. Mission.is_active_on() is the Python twin."""
        today = on_date >= timezone.localdate()
        started = Q(started__lte=on_date) | Q(started__isnull=True, first_seen__lte=on_date)
        if today:
            started |= Q(started__isnull=True, first_seen__isnull=True)
        not_ended = (
            Q(ended__gte=on_date)
            | (Q(ended__isnull=True) & ~Q(status=Status.ENDED))
            | Q(ended__isnull=True, ended_by__gt=on_date)
            | Q(ended__isnull=True, ended_by__isnull=True)
        )
        qs = self.with_activity().filter(started, not_ended)
        if today:
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
        permissions = [("publish_mission", _("Can publish and unpublish missions"))]
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

    @property
    def period_display(self):
        """The mission's dates in a phrase: "2004 to October 15, 2017", "since July 2015"."""
        dates = {"start": self.started_display, "end": self.ended_display}
        if self.started and self.ended:
            return _("%(start)s to %(end)s") % dates
        if self.ended:
            return _("until %(end)s") % dates
        if self.started and self.status == Status.ENDED:
            return _("from %(start)s; end date not known") % dates
        if self.started:
            return _("since %(start)s") % dates
        return ""

    def figure_rows(self):
        """The mission's figures, oldest first, as (as_of, authorized, deployed, modified)."""
        return list(
            self.snapshots.order_by("as_of").values_list(
                "as_of", "authorized", "deployed", "modified"
            )
        )

    def lineage(self):
        """The published missions this one follows from and led to, oldest first, itself
        included: MINUSTAH, MINUJUSTH, BINUH. One query, however long the line."""
        missions = {m.pk: m for m in Mission.objects.published()}
        missions[self.pk] = self
        ancestors, seen = [], {self.pk}
        parent = missions.get(self.predecessor_id)
        while parent is not None and parent.pk not in seen:
            ancestors.insert(0, parent)
            seen.add(parent.pk)
            parent = missions.get(parent.predecessor_id)
        children = {}
        for mission in missions.values():
            children.setdefault(mission.predecessor_id, []).append(mission)
        descendants, pending = [], list(children.get(self.pk, []))
        while pending:
            mission = pending.pop(0)
            if mission.pk in seen:
                continue
            seen.add(mission.pk)
            descendants.append(mission)
            pending[:0] = children.get(mission.pk, [])
        return [*ancestors, self, *descendants]

    def recorded_changes(self, limit=100):
        """The newest status, name and figure changes kept by django-simple-history, newest
        first: two queries, however long the history."""
        name_field = build_localized_fieldname("name", get_language())
        versions = self.history.order_by("history_date", "history_id").values(
            "history_date", "status", "name_en", name_field
        )
        changes, previous = [], None
        for version in versions:
            name = version[name_field] or version["name_en"]
            if previous is not None:
                if version["status"] != previous["status"]:
                    changes.append(
                        Change(
                            version["history_date"],
                            _("Status changed from %(old)s to %(new)s.")
                            % {
                                "old": Status(previous["status"]).label,
                                "new": Status(version["status"]).label,
                            },
                        )
                    )
                if name != previous["name"]:
                    changes.append(
                        Change(
                            version["history_date"],
                            _("Name changed from “%(old)s” to “%(new)s”.")
                            % {"old": previous["name"], "new": name},
                        )
                    )
            previous = {"status": version["status"], "name": name}
        figure_changes = DeploymentSnapshot.history.filter(mission_id=self.pk).figure_changes()
        changes += [
            Change(version["history_date"], describe_figure_change(version))
            for version in figure_changes[:limit]
        ]
        changes.sort(key=lambda change: change.date, reverse=True)
        return changes[:limit]

    def get_language_display_effective(self):
        return self.get_language_display() if self.language else self.region.get_language_display()

    def is_active_on(self, on_date):
        """MissionQuerySet.active_on() in Python, for a mission annotated by with_activity()."""
        today = on_date >= timezone.localdate()
        start = self.started or self.first_seen
        started = today if start is None else start <= on_date
        if self.ended:
            not_ended = on_date <= self.ended
        elif self.status == Status.ENDED:
            not_ended = self.ended_by is None or on_date < self.ended_by
        else:
            not_ended = True
        return started and not_ended and not (today and self.status == Status.ENDED)

    @property
    def shows_own_figures(self):
        """Whether the figures annotated by with_latest_figures() are worth showing under the
        mission's heading: a newer figure for the whole region replaces them."""
        if self.latest_as_of is None:
            return False
        region_as_of = getattr(self.region, "region_as_of", None)
        return region_as_of is None or self.latest_as_of >= region_as_of

    @property
    def is_armed(self):
        return self.region.armed if self.armed is None else self.armed


class PostingQuerySet(TranslatedQuerySet):
    def published(self):
        return self.filter(published=True)

    def active_on(self, on_date):
        """Postings shown on on_date. A posting has no end date: an ended one counts as gone
        from the newest recorded figures on (the newest version of the page we know)."""
        qs = self.filter(Q(since__isnull=True) | Q(since__lte=on_date))
        if on_date >= timezone.localdate():
            return qs.exclude(status=Status.ENDED)
        newest = DeploymentSnapshot.objects.published().order_by("-as_of").values("as_of")[:1]
        return qs.annotate(newest_figures=Subquery(newest)).exclude(
            status=Status.ENDED, newest_figures__lte=on_date
        )


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
        permissions = [("publish_posting", _("Can publish and unpublish postings"))]

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


class SnapshotHistoryQuerySet(HistoricalQuerySet):
    def figure_changes(self):
        """Versions that added, corrected or removed figures (not mere source edits), newest
        first, as dicts with the figures each one replaced (previous_*)."""
        window = {
            "partition_by": [F("id")],
            "order_by": [F("history_date").asc(), F("history_id").asc()],
        }
        no_figure = Value(-1)
        return (
            self.annotate(
                previous_as_of=Window(Lag("as_of"), **window),
                previous_authorized=Window(Lag("authorized"), **window),
                previous_deployed=Window(Lag("deployed"), **window),
                # Lag of a NULL is NULL: compare with -1 standing for "no figure".
                previous_authorized_or=Window(Lag(Coalesce("authorized", no_figure)), **window),
                previous_deployed_or=Window(Lag(Coalesce("deployed", no_figure)), **window),
                authorized_or=Coalesce("authorized", no_figure),
                deployed_or=Coalesce("deployed", no_figure),
            )
            .annotate(
                changes_figures=Case(
                    When(history_type__in=["+", "-"], then=True),
                    When(~Q(as_of=F("previous_as_of")), then=True),
                    When(~Q(authorized_or=F("previous_authorized_or")), then=True),
                    When(~Q(deployed_or=F("previous_deployed_or")), then=True),
                    default=False,
                    output_field=models.BooleanField(),
                )
            )
            .filter(changes_figures=True)
            .order_by("-history_date", "-history_id")
            .values(
                "history_date",
                "history_type",
                "as_of",
                "authorized",
                "deployed",
                "previous_as_of",
                "previous_authorized",
                "previous_deployed",
            )
        )


def describe_figures(authorized, deployed):
    """ "90 authorized, 40 deployed", leaving out what is not known."""
    parts = []
    if authorized is not None:
        parts.append(_("%(count)s authorized") % {"count": authorized})
    if deployed is not None:
        parts.append(_("%(count)s deployed") % {"count": deployed})
    return ", ".join(str(part) for part in parts)


def describe_figure_change(version):
    """One line for a version from SnapshotHistoryQuerySet.figure_changes()."""
    values = {
        "date": date_format(version["as_of"], "DATE_FORMAT"),
        "figures": describe_figures(version["authorized"], version["deployed"]),
    }
    if version["history_type"] == "+":
        return _("Figures for %(date)s added: %(figures)s.") % values
    if version["history_type"] == "-":
        return _("Figures for %(date)s removed: %(figures)s.") % values
    values["previous"] = describe_figures(
        version["previous_authorized"], version["previous_deployed"]
    )
    if version["previous_as_of"] != version["as_of"]:
        values["previous_date"] = date_format(version["previous_as_of"], "DATE_FORMAT")
        if values["previous"] == values["figures"]:
            return _("Figures for %(previous_date)s redated to %(date)s.") % values
        return (
            _(
                "Figures for %(previous_date)s corrected: now dated %(date)s, "
                "%(figures)s (were %(previous)s)."
            )
            % values
        )
    return _("Figures for %(date)s corrected: %(figures)s (were %(previous)s).") % values


@dataclass
class Change:
    """A recorded change on a history page."""

    date: datetime.datetime
    description: str


class DeploymentSnapshot(Versioned):
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
    history = HistoricalRecords(historical_queryset=SnapshotHistoryQuerySet)

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
            # Mission.objects.with_activity() looks up the first figures after a date.
            models.Index(fields=["as_of"]),
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


# The Edition model lives in its own module; importing it here registers it with the app.
from .editions import Edition  # noqa: E402, F401
from .feedback import Feedback  # noqa: E402, F401  (its own module; registered with the app here)
