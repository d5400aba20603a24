"""Index the editions stored so far, and publish the figures of the live edition.

appearances() and the batching below are a frozen copy of missions/published.py's
appearances() and index_edition() as of this migration, working on the historical models.
A migration must never import the live app code: that code follows today's models and may
move, so a fresh `migrate` would break on it.
"""

from itertools import islice

from django.db import migrations
from django.db.models import Q

BATCH = 2000


def appearances(document):
    """The rows of Appearance for one document, as dicts."""
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


def index_editions(apps, schema_editor):
    """Index the editions stored so far, and publish the figures the live edition was
    published from (the records published before editions)."""
    Edition = apps.get_model("missions", "Edition")
    Appearance = apps.get_model("missions", "Appearance")
    for edition in Edition.objects.order_by("took_effect", "number").iterator(chunk_size=50):
        rows = iter(appearances(edition.document))
        while batch := list(islice(rows, BATCH)):
            Appearance.objects.bulk_create(
                [Appearance(edition_id=edition.pk, **row) for row in batch]
            )
    live = Edition.objects.order_by("-took_effect", "-number").first()
    if live is None:
        return
    DeploymentSnapshot = apps.get_model("missions", "DeploymentSnapshot")
    PublishedFigure = apps.get_model("missions", "PublishedFigure")
    ready = DeploymentSnapshot.objects.filter(region__published=True).filter(
        Q(mission__isnull=True) | Q(mission__published=True, mission__region__published=True)
    )
    rows = ready.order_by("pk").values_list(
        "pk", "region__slug", "mission__slug", "as_of", "authorized", "deployed", "source"
    )
    batch = []
    for pk, region, mission, as_of, authorized, deployed, source in rows.iterator(BATCH):
        batch.append(
            PublishedFigure(
                snapshot_id=pk,
                region=region,
                mission=mission or "",
                as_of=as_of,
                authorized=authorized,
                deployed=deployed,
                source=source,
                edition_id=live.pk,
            )
        )
        if len(batch) >= BATCH:
            PublishedFigure.objects.bulk_create(batch)
            batch = []
    PublishedFigure.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("missions", "0010_published_figures_appearances")]

    operations = [migrations.RunPython(index_editions, migrations.RunPython.noop)]
