"""A region's lineage, from the live edition's catalog: the region it continues under a
new name ("Haiti" became "Caribbean region" in 2024), and those that continue it. A
mission's, a chain read end to end, is history.lineage()."""

from dataclasses import dataclass, field

from django.urls import reverse

from missions.core.text import Text, text_in


@dataclass
class RegionLink:
    slug: str
    name: Text
    since: str = ""  # the year of the first edition that showed it, where known

    @property
    def url(self):
        return reverse("missions:region_detail", args=[self.slug])


@dataclass
class RegionLineage:
    predecessor: RegionLink | None = None
    successors: list[RegionLink] = field(default_factory=list)


def successors(catalog, slug):
    """The slugs of the regions that continue region `slug`."""
    return [r["slug"] for r in catalog.get("regions", []) if r.get("predecessor") == slug]


def region_lineages(catalog, language, first_shown=None):
    """{slug: RegionLineage} of the catalog's regions; `first_shown`, {slug: date} of the
    first edition that showed a region, dates the successors."""
    regions = {r["slug"]: r for r in catalog.get("regions", [])}
    first_shown = first_shown or {}

    def link(entry):
        day = first_shown.get(entry["slug"])
        return RegionLink(
            entry["slug"], text_in(entry["name"], language), str(day.year) if day else ""
        )

    found = {slug: RegionLineage() for slug in regions}
    for entry in regions.values():
        predecessor = regions.get(entry.get("predecessor"))
        if predecessor is not None:
            found[entry["slug"]].predecessor = link(predecessor)
            found[predecessor["slug"]].successors.append(link(entry))
    return found
