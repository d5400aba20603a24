"""The rows of the downloads, from published data only: the figures' values as last
published (missions/models/published.py); regions and missions, and the figures' names and
status, as the live edition's catalog has them. Of the working copy, only the records'
ids are read, by slug (an id never changes), and a figure's date precision, by its id.
Columns in the order of opendata's tables."""

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from missions.core.text import text_in
from missions.models.editions import Edition
from missions.models.published import PublishedUNFigure, published_figures
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


def record_ids():
    """{"region" or "mission": {slug: id}} of every record, in one query: all the public
    side reads of the working copy."""
    ids = {"region": {}, "mission": {}}
    text = CharField()
    regions = Region.objects.order_by().values_list(Value("region", text), "slug", "pk")
    missions = Mission.objects.order_by().values_list(Value("mission", text), "slug", "pk")
    for kind, slug, pk in regions.union(missions, all=True):
        ids[kind][slug] = pk
    return ids


def codes(entry):
    """An entry's language code and armed flag as published."""
    return entry.get("language_code"), entry.get("is_armed")


def region_rows(language, names=None, ids=None):
    """Tuples of the regions table (opendata.REGIONS), in the live edition's order."""
    names = catalog_by_slug() if names is None else names
    ids = record_ids() if ids is None else ids
    for slug, entry in names["region"].items():
        if slug in ids["region"]:
            name = text_in(entry.get("name"), language).value
            # The catalog names only a published predecessor: one the table lists.
            yield (ids["region"][slug], slug, name, *codes(entry), entry.get("predecessor"))


def mission_rows(language, names=None, ids=None):
    """Tuples of the missions table (opendata.MISSIONS), in the live edition's order; each
    in the region the catalog gives it, whatever the records say since."""
    names = catalog_by_slug() if names is None else names
    ids = record_ids() if ids is None else ids
    for slug, entry in names["mission"].items():
        region_id = ids["region"].get(entry["region"])
        if slug not in ids["mission"] or region_id is None:
            continue
        started, ended = entry.get("started") or {}, entry.get("ended") or {}
        yield (
            ids["mission"][slug],
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
            *codes(entry),
            ids["mission"].get(entry.get("predecessor")),
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


def un_rows(ids=None, names=None):
    """Tuples of the UN's series (opendata.UN_CONTRIBUTIONS), published figures only, in
    their order; our mission's id only for a mission the live edition publishes. The same
    in both languages: the UN's acronyms and personnel types are codes."""
    ids = record_ids() if ids is None else ids
    names = catalog_by_slug() if names is None else names
    rows = PublishedUNFigure.objects.values_list(
        "contribution_id",
        "month",
        "acronym",
        "mission",
        "personnel_type",
        "male",
        "female",
        "total",
        "source",
        "edition__number",
    ).iterator(chunk_size=2000)
    for pk, month, acronym, slug, *rest in rows:
        published = slug in names["mission"]
        mission_id = ids["mission"].get(slug) if published else None
        yield (pk, month, acronym, mission_id, slug if mission_id else None, *rest)
