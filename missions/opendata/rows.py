"""The rows of the downloads, from published data only: the figures' values as last
published (missions/models/published.py); regions and missions, and the figures' names and
status, as the live edition's catalog has them. Columns in the order of opendata's
tables."""

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from missions.core.text import text_in
from missions.models.editions import Edition
from missions.models.published import published_figures
from missions.models.records import Mission, Region
from missions.models.snapshots import DeploymentSnapshot


def catalog_by_slug():
    """{"region" or "mission": {slug: facts}} of the live edition's catalog, in its order."""
    live = Edition.objects.live()
    catalog = (live.document if live else {}).get("catalog", {})
    return {
        kind: {entry["slug"]: entry for entry in catalog.get(f"{kind}s", [])}
        for kind in ("region", "mission")
    }


def codes(entry, language, armed):
    """An entry's language code and armed flag as published; the records' (language,
    armed) only for a document published before editions carried them."""
    return entry.get("language_code", language), entry.get("is_armed", armed)


def region_rows(language, names=None):
    """Tuples of the regions table (opendata.REGIONS), in the live edition's order."""
    names = catalog_by_slug() if names is None else names
    records = {
        slug: (pk, *facts)
        for slug, pk, *facts in Region.objects.values_list("slug", "pk", "language", "armed")
    }
    for slug, entry in names["region"].items():
        if slug in records:
            pk, *facts = records[slug]
            yield (pk, slug, text_in(entry.get("name"), language).value, *codes(entry, *facts))


def mission_rows(language, names=None):
    """Tuples of the missions table (opendata.MISSIONS), in the live edition's order."""
    names = catalog_by_slug() if names is None else names
    fields = ("slug", "pk", "region_id", "language", "armed", "region__language", "region__armed")
    records = {
        slug: (pk, region_id, language or region_language, region_armed if armed is None else armed)
        for slug, pk, region_id, language, armed, region_language, region_armed in (
            Mission.objects.values_list(*fields)
        )
    }
    for slug, entry in names["mission"].items():
        if slug not in records:
            continue
        pk, region_id, *facts = records[slug]
        started, ended = entry.get("started") or {}, entry.get("ended") or {}
        predecessor = records.get(entry.get("predecessor"))
        yield (
            pk,
            slug,
            text_in(entry.get("name"), language).value,
            text_in(entry.get("acronym"), language).value,
            region_id,
            entry["kind"],
            entry["status"],
            started.get("date"),
            started.get("precision", "day"),
            ended.get("date"),
            ended.get("precision", "day"),
            *codes(entry, *facts),
            predecessor[0] if predecessor else None,
        )


def figure_rows(language, names=None, mission=None, region=None):
    """Tuples of the figures table (opendata.FIGURES), published figures only; names is
    catalog_by_slug(), if already read."""
    figures = published_figures()
    if mission:
        figures = figures.of_mission(mission)
    if region:
        figures = figures.of_region(region)
    names = catalog_by_slug() if names is None else names
    rows = (
        with_record_ids(figures)
        .values_list(
            "snapshot_id",
            "region_id",
            "region",
            "mission_id",
            "mission",
            "as_of",
            "precision",
            "authorized",
            "deployed",
            "source",
            "edition__number",
        )
        .iterator(chunk_size=2000)
    )
    for pk, region_id, region_slug, mission_id, mission_slug, as_of, *rest in rows:
        precision, authorized, deployed, source, edition = rest
        region_facts = names["region"].get(region_slug, {})
        mission_facts = names["mission"].get(mission_slug, {}) if mission_slug else {}
        yield (
            pk,
            "mission" if mission_slug else "region",
            region_id,
            region_slug,
            text_in(region_facts.get("name"), language).value or region_slug,
            mission_id if mission_slug else None,
            mission_slug or None,
            text_in(mission_facts.get("name"), language).value if mission_slug else None,
            text_in(mission_facts.get("acronym"), language).value if mission_slug else None,
            as_of,
            precision,
            authorized,
            deployed,
            mission_facts.get("status") if mission_slug else None,
            source,
            edition,
        )


def with_record_ids(figures):
    """Each figure with its region's and mission's ids and its date's precision, read
    from the records by slug and id (a figure's key and date are never edited)."""
    return figures.annotate(
        region_id=Subquery(Region.objects.filter(slug=OuterRef("region")).values("pk")[:1]),
        mission_id=Subquery(Mission.objects.filter(slug=OuterRef("mission")).values("pk")[:1]),
        precision=Coalesce(
            Subquery(
                DeploymentSnapshot.objects.filter(pk=OuterRef("snapshot_id")).values(
                    "as_of_precision"
                )[:1]
            ),
            Value("day"),
            output_field=CharField(),
        ),
    )
