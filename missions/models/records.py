from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import get_language

from missions.core.choices import Language, MissionKind, PostingKind, Precision, Status
from missions.core.markup import render_markup
from missions.models.locking import Versioned
from missions.models.querysets import MissionQuerySet, PostingQuerySet, RegionQuerySet


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


def check_lineage(record, message):
    """Refuse a chain of predecessors that comes back to `record`."""
    seen = {record.pk}
    ancestor = record.predecessor
    while ancestor is not None:
        if ancestor.pk in seen:
            raise ValidationError({"predecessor": message})
        seen.add(ancestor.pk)
        ancestor = ancestor.predecessor


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

    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessor"),
        help_text=_(
            "The region this one continues under a new name, e.g. Haiti for Caribbean region."
        ),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        permissions = [("publish_region", _("Can publish and unpublish regions"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="region_not_own_predecessor",
                violation_error_message=_("A region cannot be its own predecessor."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("missions:region_detail", args=[self.slug])

    def clean(self):
        check_lineage(
            self, _("A region cannot be its own predecessor, directly or through others.")
        )

    @property
    def note_html(self):
        return render_markup(self.note)

    @property
    def intro_html(self):
        return render_markup(self.intro)


class Mission(Publishable):
    Kind = MissionKind

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
        check_lineage(
            self, _("A mission cannot be its own predecessor, directly or through others.")
        )

    @property
    def body_html(self):
        return render_markup(self.body)

    @property
    def is_armed(self):
        return self.region.armed if self.armed is None else self.armed


class Posting(Publishable):
    Kind = PostingKind

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
