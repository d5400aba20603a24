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

from django.db import connection, models
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

BATCH = 2000
FIELDS = [
    "snapshot_id",
    "region",
    "mission",
    "as_of",
    "authorized",
    "deployed",
    "source",
    "edition",
]


class PublishedFigureQuerySet(models.QuerySet):
    def in_download_order(self):
        return self.order_by("region", "mission", "as_of", "snapshot_id")

    def of_mission(self, slug):
        return self.filter(mission=slug)

    def of_region(self, slug):
        return self.filter(region=slug)

    def with_record_ids(self):
        """Each figure with its region's and mission's ids and its date's precision, read
        from the records by slug and id (a figure's key and date are never edited)."""
        from .models import DeploymentSnapshot, Mission, Region

        return self.annotate(
            region_id=Subquery(Region.objects.filter(slug=OuterRef("region")).values("pk")[:1]),
            mission_id=Subquery(Mission.objects.filter(slug=OuterRef("mission")).values("pk")[:1]),
            precision=Coalesce(
                Subquery(
                    DeploymentSnapshot.objects.filter(pk=OuterRef("snapshot_id")).values(
                        "as_of_precision"
                    )[:1]
                ),
                Value("day"),
                output_field=models.CharField(),
            ),
        )


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


def published_figures():
    """Every figure the public may download, in the downloads' order. The one source of
    the figure downloads and the mission history charts."""
    return PublishedFigure.objects.in_download_order()


def _changed_figures():
    """The working copy's ready figures that the published copy lacks or holds with other
    values, in id order. The database compares them and returns only those."""
    from .models import DeploymentSnapshot

    same = PublishedFigure.objects.alias(
        authorized_or_none=Coalesce("authorized", -1),
        deployed_or_none=Coalesce("deployed", -1),
    ).filter(
        snapshot_id=OuterRef("pk"),
        region=OuterRef("region__slug"),
        mission=Coalesce(OuterRef("mission__slug"), Value("")),
        as_of=OuterRef("as_of"),
        # The figures may be empty: an empty one equals only an empty one.
        authorized_or_none=Coalesce(OuterRef("authorized"), -1),
        deployed_or_none=Coalesce(OuterRef("deployed"), -1),
        source=OuterRef("source"),
    )
    return DeploymentSnapshot.objects.published().filter(~Exists(same)).order_by("pk")


def sync_published_figures(edition):
    """Bring the published copy in line with the working copy's ready figures, as
    `edition` publishes them: unchanged figures keep the edition that first published
    them, changed and new ones take `edition`, removed ones go. The changed ones are
    written a batch at a time, so memory stays flat however many there are."""
    from .models import DeploymentSnapshot

    if connection.vendor == "postgresql":
        # Left to itself, PostgreSQL compares a large site's figures in three processes,
        # taking every CPU from the visitors for as long; one is enough for a publish.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    ready = DeploymentSnapshot.objects.published().filter(pk=OuterRef("snapshot_id"))
    PublishedFigure.objects.filter(~Exists(ready)).delete()
    changed = _changed_figures().values_list("pk", "region__slug", "mission__slug", *FIELDS[3:-1])
    last = 0
    # Each batch is asked for afresh, after the last one written, rather than read from one
    # cursor while writing the table it compares with.
    while batch := list(changed.filter(pk__gt=last)[:BATCH]):
        PublishedFigure.objects.bulk_create(
            [
                _figure(pk, (region, mission or "", *rest), edition)
                for pk, region, mission, *rest in batch
            ],
            update_conflicts=True,
            unique_fields=["snapshot_id"],
            update_fields=FIELDS[1:],
        )
        last = batch[-1][0]


def publish_figures(snapshot_ids, edition):
    """Add figures a historical edition created to the published copy: they are what
    that archived page said. Figures already published are left alone."""
    from .models import DeploymentSnapshot

    known = set(
        PublishedFigure.objects.filter(snapshot_id__in=snapshot_ids).values_list(
            "snapshot_id", flat=True
        )
    )
    rows = (
        DeploymentSnapshot.objects.published()
        .filter(pk__in=set(snapshot_ids) - known)
        .values_list("pk", "region__slug", "mission__slug", *FIELDS[3:-1])
    )
    PublishedFigure.objects.bulk_create(
        _figure(pk, (region, mission or "", *rest), edition) for pk, region, mission, *rest in rows
    )


def figures_pending(since):
    """Whether the working copy's ready figures differ from the published copy: one was
    saved after `since` (the live edition's publishing), or one was removed or taken off
    the site. Two cheap queries, without reading the figures; an old figure corrected
    changes no document, yet must be publishable."""
    from .models import DeploymentSnapshot

    ready = DeploymentSnapshot.objects.published()
    return (
        ready.filter(modified__gt=since).exists()
        or ready.count() != PublishedFigure.objects.count()
    )


def _figure(pk, values, edition):
    region, mission, as_of, authorized, deployed, source = values
    return PublishedFigure(
        snapshot_id=pk,
        region=region,
        mission=mission,
        as_of=as_of,
        authorized=authorized,
        deployed=deployed,
        source=source,
        edition=edition,
    )


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
