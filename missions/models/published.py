"""What the public may read besides the edition documents: the figures as last published,
and an index of the editions each region, mission and posting appeared on.

Both are written only when an edition is stored, so an Editor's unpublished save never
reaches the history pages or the downloads:
- PublishedFigure: the published copy of the figures (the snapshots of the ready records),
  brought up to date by publish() in the same transaction;
- Appearance: one row per item shown on an edition, written by Edition.save() through
  index_edition(), whoever stores the edition (publish, a historical edition loader, a
  migration).
"""

from itertools import islice

from django.db import models
from django.utils.translation import gettext_lazy as _

from missions.core.choices import PersonnelType

BATCH = 2000


class PublishedFigureQuerySet(models.QuerySet):
    def in_download_order(self):
        return self.order_by("region", "mission", "as_of", "snapshot_id")

    def of_mission(self, slug):
        return self.filter(mission=slug)

    def of_region(self, slug):
        return self.filter(region=slug)


class PublishedFigure(models.Model):
    """A figure as the public knows it: its values when last published. Keyed by slugs,
    as the documents are, so a record renamed since publishing changes nothing here."""

    snapshot_id = models.PositiveBigIntegerField(
        _("figure"), primary_key=True, help_text=_("The stable id of the figure's record.")
    )
    region = models.SlugField(_("region"), max_length=100)
    mission = models.SlugField(
        _("mission"), max_length=100, blank=True, help_text=_("Empty: region level.")
    )
    as_of = models.DateField(_("as of"))
    authorized = models.PositiveIntegerField(_("authorized"), null=True, blank=True)
    deployed = models.PositiveIntegerField(_("deployed"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    edition = models.ForeignKey(
        "missions.Edition",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("The edition that first published the figure with these values."),
    )

    objects = PublishedFigureQuerySet.as_manager()

    class Meta:
        ordering = ["region", "mission", "as_of"]
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        indexes = [
            models.Index(fields=["mission", "as_of"]),
            models.Index(fields=["region", "as_of"]),
        ]

    def __str__(self):
        return f"{self.mission or self.region}, {self.as_of}"


class FigureChangeQuerySet(models.QuerySet):
    def corrections(self):
        """Changes to figures the public already had: corrected or removed."""
        return self.exclude(kind=FigureChange.Kind.ADDED)


class FigureChange(models.Model):
    """One figure an edition added to the published copy, corrected in it or removed from
    it: what the review showed, kept so that the change log, the Atom feed and the past
    editions that showed the figure can say so."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        CORRECTED = "corrected", _("Corrected")
        REMOVED = "removed", _("Removed")

    edition = models.ForeignKey(
        "missions.Edition",
        on_delete=models.PROTECT,
        related_name="figure_changes",
        verbose_name=_("edition"),
    )
    snapshot_id = models.PositiveBigIntegerField(_("figure"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.SlugField(_("region"), max_length=100)
    mission = models.SlugField(
        _("mission"), max_length=100, blank=True, help_text=_("Empty: region level.")
    )
    as_of = models.DateField(_("as of"))
    authorized_before = models.PositiveIntegerField(_("authorized before"), null=True)
    authorized_after = models.PositiveIntegerField(_("authorized after"), null=True)
    deployed_before = models.PositiveIntegerField(_("deployed before"), null=True)
    deployed_after = models.PositiveIntegerField(_("deployed after"), null=True)

    objects = FigureChangeQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "region", "mission", "as_of", "snapshot_id"]
        verbose_name = _("figure change")
        verbose_name_plural = _("figure changes")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "snapshot_id"], name="figure_change_once_per_edition"
            )
        ]
        indexes = [models.Index(fields=["region", "mission", "as_of"])]

    def __str__(self):
        return f"{self.mission or self.region}, {self.as_of} ({self.kind})"


class PublishedUNFigure(models.Model):
    """A UN figure as the public knows it: its values when last published, keyed by
    slugs and acronyms as the documents are."""

    contribution_id = models.PositiveBigIntegerField(
        _("UN contribution"), primary_key=True, help_text=_("The stable id of its record.")
    )
    month = models.DateField(_("as of"))
    acronym = models.CharField(_("UN mission acronym"), max_length=20, blank=True)
    mission = models.SlugField(
        _("mission"), max_length=100, blank=True, help_text=_("Empty: no mission of ours.")
    )
    personnel_type = models.CharField(
        _("personnel type"), max_length=30, choices=PersonnelType.choices
    )
    male = models.PositiveIntegerField(_("male"), null=True, blank=True)
    female = models.PositiveIntegerField(_("female"), null=True, blank=True)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    source = models.TextField(_("source"))
    edition = models.ForeignKey(
        "missions.Edition",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("The edition that first published the figure with these values."),
    )

    class Meta:
        ordering = ["month", "acronym", "personnel_type"]
        verbose_name = _("published UN figure")
        verbose_name_plural = _("published UN figures")
        indexes = [models.Index(fields=["mission", "month"])]

    def __str__(self):
        return f"{self.acronym or 'Canada'}, {self.month} ({self.personnel_type})"


def published_figures():
    """Every figure the public may download, in the downloads' order. The one source of
    the figure downloads and the mission history charts."""
    return PublishedFigure.objects.in_download_order()


class Appearance(models.Model):
    """One region, mission or posting as one edition showed it."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MISSION = "mission", _("Mission")
        POSTING = "posting", _("Posting")

    edition = models.ForeignKey(
        "missions.Edition",
        on_delete=models.CASCADE,
        related_name="appearances",
        verbose_name=_("edition"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=100)
    region = models.SlugField(
        _("region"), max_length=100, blank=True, help_text=_("For a mission: its region.")
    )
    name_en = models.TextField(_("name (English)"), blank=True)
    name_fr = models.TextField(_("name (French)"), blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    figures = models.JSONField(
        _("figures shown"),
        default=dict,
        blank=True,
        help_text=_("The figures the edition showed for it, as in its document."),
    )

    class Meta:
        ordering = ["edition__took_effect", "edition__number", "kind", "slug"]
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind", "slug"], name="appearance_unique_item_per_edition"
            )
        ]
        indexes = [models.Index(fields=["kind", "slug"])]

    def __str__(self):
        return f"{self.slug} ({self.kind}), {self.edition}"

    def name(self, language):
        return (self.name_fr if language == "fr" else self.name_en) or self.name_en or self.name_fr


def appearances(document):
    """The rows of Appearance for one document, as dicts (also used by migrations)."""
    rows = {}

    def add(kind, slug, name, **extra):
        # An item shown twice (once per language page) is indexed once.
        rows.setdefault(
            (kind, slug),
            {
                "kind": kind,
                "slug": slug,
                "name_en": name.get("en", ""),
                "name_fr": name.get("fr", ""),
                **extra,
            },
        )

    table = {row["region"]: row for row in document.get("table", [])}
    for region in document.get("regions", []):
        figures = dict(region.get("figures") or {})
        row = table.get(region["slug"])
        if row and row.get("authorized"):
            figures["table"] = row["authorized"]
        add("region", region["slug"], region["name"], figures=figures)
        for mission in region.get("missions", []):
            add(
                "mission",
                mission["slug"],
                mission["name"],
                region=region["slug"],
                status=mission["status"],
                figures=mission.get("figures") or {},
            )
    for slug, row in table.items():
        extra = {"figures": {"table": row["authorized"]}} if row.get("authorized") else {}
        add("region", slug, row["name"], **extra)
    for posting in document.get("postings", []):
        add("posting", posting["slug"], posting["title"])
    return list(rows.values())


def index_edition(edition, model=None):
    """Record which regions, missions and postings `edition` showed. Called once, when the
    edition is stored (Edition.save()); a migration passes its own Appearance model."""
    model = model or Appearance
    rows = iter(appearances(edition.document))
    while batch := list(islice(rows, BATCH)):
        model.objects.bulk_create([model(edition_id=edition.pk, **row) for row in batch])
