"""The cache tags: names for what a public response depends on, sent with it in
settings.CACHE_TAG_HEADER (missions/pagecache/tags.py), so that a shared cache (Varnish,
a CDN) can purge by tag what a publish changes (publish_tags).

- "peaceops": every public response of the site, to purge everything at once;
- "live": anything that changes with a new edition (the current page, history pages,
  indexes, the change log, downloads, the API);
- "edition-<n>": an edition's own page, which changes only when a later edition corrects
  a figure it showed;
- "mission-<slug>", "region-<slug>": a mission's or region's history page and files;
- "changes": the change log and its feed;
- "downloads": the data files, the data page and the API.
"""

from django.conf import settings
from django.db.models import Q

from missions.models.editions import Edition
from missions.models.published import Appearance, FigureChange, PublishedUNFigure
from missions.models.purging import PurgeJob

EVERYTHING = "peaceops"
LIVE = "live"
CHANGES = "changes"
DOWNLOADS = "downloads"


def edition_tag(number):
    return f"edition-{number}"


def mission_tag(slug):
    return f"mission-{slug}"


def region_tag(slug):
    return f"region-{slug}"


def document_items(document):
    """{tag: what the document shows of it} for each region and mission of a document."""
    items = {}
    for row in document.get("table", []):
        items.setdefault(region_tag(row["region"]), []).append(row)
    for region in document.get("regions", []):
        missions = region.get("missions", [])
        shown = {name: value for name, value in region.items() if name != "missions"}
        items.setdefault(region_tag(region["slug"]), []).append(shown)
        for mission in missions:
            items.setdefault(mission_tag(mission["slug"]), []).append(mission)
    return items


def earlier_than(edition, prefix=""):
    """The editions the public saw before `edition`, as a filter (through `prefix`)."""
    return Q(**{f"{prefix}took_effect__lt": edition.took_effect}) | Q(
        **{f"{prefix}took_effect": edition.took_effect, f"{prefix}number__lt": edition.number}
    )


def publish_tags(edition):
    """The tags of what publishing `edition` changed: everything live, the change log,
    the downloads, each region and mission it shows differently from the edition before
    it or whose figures it changed, and each earlier edition that showed a figure it
    corrected. Called once its figures are published (it reads their changes): three
    queries, and one more if it corrected a figure."""
    tags = {LIVE, CHANGES, DOWNLOADS}
    before = Edition.objects.filter(earlier_than(edition)).newest_first().only("document").first()
    now = document_items(edition.document)
    then = document_items(before.document) if before else {}
    tags.update(tag for tag in now.keys() | then.keys() if now.get(tag) != then.get(tag))
    corrected = []
    for region, mission, as_of, kind in FigureChange.objects.filter(edition=edition).values_list(
        "region", "mission", "as_of", "kind"
    ):
        tags.add(region_tag(region))
        if mission:
            tags.add(mission_tag(mission))
        if kind != FigureChange.Kind.ADDED:
            corrected.append((mission or region, as_of.isoformat()))
    un_missions = PublishedUNFigure.objects.filter(edition=edition).exclude(mission="")
    tags.update(mission_tag(slug) for slug in un_missions.values_list("mission", flat=True))
    tags.update(edition_tag(number) for number in editions_showing(edition, corrected))
    return sorted(tags)


def queue_purge(edition):
    """In the transaction that stores `edition` (published or loaded from a file), the
    job that purges what it changed from the shared cache in front of the site: committed
    with it or not at all, and sent by manage.py purge_frontend, so a cache that is down
    never holds up a publish."""
    if settings.FRONTEND_CACHE != "none":
        PurgeJob.objects.create(edition=edition, tags=" ".join(publish_tags(edition)))


def editions_showing(edition, figures):
    """The numbers of the editions before `edition` that showed one of `figures`, each
    (mission or region slug, as_of as YYYY-MM-DD)."""
    if not figures:
        return set()
    wanted = set(figures)
    shown = (
        Appearance.objects.filter(slug__in={slug for slug, _as_of in figures})
        .filter(earlier_than(edition, "edition__"))
        .values_list("edition__number", "slug", "figures")
    )
    return {
        number
        for number, slug, values in shown
        if any((slug, (value or {}).get("as_of")) in wanted for value in values.values())
    }
