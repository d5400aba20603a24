"""The working copy as an edition document (missions/editions/document.py).

build_document() is what a preview, the review screen and publishing all show. Its
"catalog" holds the facts of every ready region and mission, ended ones included: the
history pages read them from the live edition, never from the records.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_noop

from missions.editions.document import (
    LANGUAGES,
    SCHEMA_VERSION,
    in_each_language,
    localized_number,
)
from missions.models import Language, Mission, Posting, Region, Status

# Marked for translation here; in_each_language() translates them.
ARMED, UNARMED = gettext_noop("Armed"), gettext_noop("Unarmed")
UP_TO = gettext_noop("Up to %(cap)s")
TITLE = gettext_noop("Current peace operations")


def texts(record, field):
    return {code: getattr(record, f"{field}_{code}") or "" for code in LANGUAGES}


def day(value):
    return value.isoformat() if value else None


def figure(value, as_of, level, wording=None):
    if value is None:
        return None
    return {
        "value": value,
        "wording": wording or {code: localized_number(value)(code) for code in LANGUAGES},
        "as_of": day(as_of),
        "level": level,
    }


def build_document(on_date=None):
    """The working copy as a document: the ready regions with their running missions and
    latest figures on `on_date` (today), the ready postings, and the catalog of ready
    regions and missions. Five queries."""
    on_date = on_date or timezone.localdate()
    missions = (
        Mission.objects.published()
        .exclude(status=Status.ENDED)
        .exclude(started__gt=on_date)
        .with_latest_figures(on_date)
        .order_by("position", "name_en")
    )
    regions = (
        Region.objects.published()
        .with_latest_figures(on_date)
        .prefetch_related(Prefetch("missions", queryset=missions, to_attr="running"))
    )
    document = {"schema_version": SCHEMA_VERSION, "title": title(), "table": [], "regions": []}
    for region in regions:
        if not region.running:
            continue
        document["table"].append(table_row(region))
        document["regions"].append(region_section(region))
    postings = (
        Posting.objects.published()
        .exclude(status=Status.ENDED)
        .exclude(since__gt=on_date)
        .order_by("kind", "position", "title_en")
    )
    document["postings"] = [posting_item(posting) for posting in postings]
    document["catalog"] = catalog()
    return document


def catalog(drafts=False):
    """The facts of every ready region and mission, past and present; with drafts, of
    every one, for a staff preview of a history page."""
    regions = Region.objects.all() if drafts else Region.objects.published()
    missions = Mission.objects.all() if drafts else Mission.objects.published()
    regions = list(regions.select_related("predecessor").order_by("position", "name_en"))
    missions = list(
        missions.select_related("region", "predecessor").order_by(
            "region__position", "position", "name_en"
        )
    )
    ready = {mission.slug for mission in missions}
    ready_regions = {region.slug for region in regions}
    return {
        "regions": [catalog_region(region, ready_regions) for region in regions],
        "missions": [catalog_mission(mission, ready) for mission in missions],
    }


def catalog_region(region, ready):
    item = {
        "slug": region.slug,
        "name": texts(region, "name"),
        "language": in_each_language(Language(region.language).label),
        "armed": in_each_language(ARMED if region.armed else UNARMED),
        "language_code": region.language,
        "is_armed": region.armed,
    }
    if region.predecessor and region.predecessor.slug in ready:
        item["predecessor"] = region.predecessor.slug
    return item


def catalog_mission(mission, ready):
    item = {
        "slug": mission.slug,
        "region": mission.region.slug,
        "name": texts(mission, "name"),
        "acronym": texts(mission, "acronym"),
        "kind": mission.kind,
        "status": mission.status,
        "language": in_each_language(Language(mission.language or mission.region.language).label),
        "armed": in_each_language(ARMED if mission.is_armed else UNARMED),
        "language_code": mission.language or mission.region.language,
        "is_armed": mission.is_armed,
    }
    for name in ("started", "ended"):
        if getattr(mission, name):
            item[name] = {
                "date": day(getattr(mission, name)),
                "precision": getattr(mission, f"{name}_precision"),
            }
    if mission.predecessor and mission.predecessor.slug in ready:
        item["predecessor"] = mission.predecessor.slug
    return item


def title():
    return in_each_language(TITLE)


def summary_figure(region, missions):
    """(cap, as_of, level) of the summary table: the region's latest region-level figure,
    else the sum of its running missions' latest figures. The region and the missions are
    annotated by with_latest_figures()."""
    if region.region_authorized is not None:
        return region.region_authorized, region.region_as_of, "region"
    figures = [m for m in missions if m.latest_authorized is not None]
    cap = sum(m.latest_authorized for m in figures) if figures else None
    return cap, max((m.latest_as_of for m in figures), default=None), "missions"


def table_row(region):
    """The summary-table row of a region built by build_document()."""
    cap, as_of, level = summary_figure(region, region.running)
    language = Language(region.language)
    return {
        "region": region.slug,
        "name": texts(region, "name"),
        "language": in_each_language(language.label),
        "armed": in_each_language(ARMED if region.armed else UNARMED),
        "authorized": figure(cap, as_of, level, in_each_language(UP_TO, cap=localized_number(cap)))
        if cap is not None
        else None,
    }


def region_section(region):
    return {
        "slug": region.slug,
        "name": texts(region, "name"),
        "note": texts(region, "note"),
        "intro": texts(region, "intro"),
        "missions": [mission_item(mission, region) for mission in region.running],
    }


def mission_item(mission, region):
    item = {
        "slug": mission.slug,
        "name": texts(mission, "name"),
        "acronym": texts(mission, "acronym"),
        "kind": mission.kind,
        "status": mission.status,
        "body": texts(mission, "body"),
    }
    # A newer figure for the whole region replaces the mission's own.
    if mission.latest_as_of is not None and (
        region.region_as_of is None or mission.latest_as_of >= region.region_as_of
    ):
        figures = {
            "authorized": figure(mission.latest_authorized, mission.latest_as_of, "mission"),
            "deployed": figure(mission.latest_deployed, mission.latest_as_of, "mission"),
        }
        item["figures"] = {name: value for name, value in figures.items() if value}
    return item


def posting_item(posting):
    item = {
        "slug": posting.slug,
        "kind": posting.kind,
        "title": texts(posting, "title"),
        "body": texts(posting, "body"),
    }
    if posting.since:
        item["since"] = {"date": day(posting.since), "precision": posting.since_precision}
    return item
