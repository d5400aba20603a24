"""Checks before publishing: contradictions a Publisher should look at. None blocks
anything; the Publisher ticks that they have checked them.

- A region's cap below a figure of a mission inside it. A region figure and a mission
  figure are compared where both are in force together: at the later of their two dates,
  each is the latest of its own series (the region's, the mission's), and the mission has
  not ended by then. The cap is the region figure's authorized number; a mission's figure
  is its authorized number, or its deployed one where it gives no authorized.
- Deployed above authorized, as the page shows them (a historical document may take the
  two from different dates), and a region's missions' deployed, added up, above its cap.
- A figure dated before its mission's start or after its end, compared only as precisely
  as either date is known: a mission that started in "2004" accepts any 2004 figure.
- An item whose English and French texts give different numbers.

review_warnings() checks the document about to be published, then every ready figure of
the working copy in three queries, however many there are. figure_warnings() checks
figures about to be imported, with the stored figures of their regions.
"""

import bisect
import re
from collections import Counter, defaultdict

from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from missions.editions.cautions import (
    MISSION_FIELDS,
    Caution,
    cap_below,
    dated,
    larger,
    mission_fields,
    mission_label,
    mission_name,
    number,
    outside_mission,
    pair,
    running_on,
    shown,
)
from missions.editions.document import LANGUAGES, text_fields
from missions.models.records import Mission
from missions.models.snapshots import DeploymentSnapshot

# A number as either language writes it: digits, thousands grouped by a comma, a space, a
# no-break or a narrow no-break space ("1,000", "1 000"), or not ("1000"). Anything else
# splits numbers, alike in both languages: "2.5" and "2,5" are both 2 and 5.
NUMBER = re.compile(r"(?<!\d)\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?!\d)|\d+")
ROW_FIELDS = ("as_of", "authorized", "deployed", "cap", "cap_as_of", "region__position")
ROW_FIELDS += ("region__name_en", "region__name_fr")


def review_warnings(document):
    """The review screen's warnings: `document` (the working copy's, from build_document())
    and every ready figure of the working copy, each warning once."""
    return unique(
        [*document_warnings(document), *figures_outside_missions(), *caps_below_missions()]
    )


def figure_warnings(snapshots):
    """Warnings about figures about to be imported (DeploymentSnapshot instances, saved or
    not, with their region and mission): their dates, and their caps against each other
    and every stored figure of their regions, drafts included."""
    snapshots = list(snapshots)
    dates = [
        caution
        for snapshot in snapshots
        if snapshot.mission_id
        for caution in outside_mission(
            snapshot.as_of, snapshot.as_of_precision, mission_fields(snapshot.mission)
        )
    ]
    return unique(dates + caps_among(snapshots))


def unique(cautions):
    return list(dict.fromkeys(cautions))


# The document about to be published.


def document_warnings(document):
    """What the page itself would show: a cap below a mission's figure, deployed above
    authorized, English and French numbers that differ."""
    caps = {
        row["region"]: row["authorized"]
        for row in document.get("table", [])
        if row.get("authorized") and row["authorized"]["level"] == "region"
    }
    cautions = []
    for region in document.get("regions", []):
        where = shown(region["name"])
        own = region.get("figures", {})
        cap = own.get("authorized") or caps.get(region["slug"])
        cautions += deployed_above_authorized(where, own) + numbers_differ(where, region)
        deployed = []
        for mission in region.get("missions", []):
            name = mission_name(mission["name"], mission.get("acronym"))
            figures = mission.get("figures", {})
            cautions += deployed_above_authorized(name, figures) + numbers_differ(name, mission)
            if figures.get("deployed"):
                deployed.append(figures["deployed"]["value"])
            if cap:
                cautions += mission_above_cap(where, cap, name, figures)
        if cap and len(deployed) > 1 and sum(deployed) > cap["value"]:
            message = _(
                "%(region)s: the missions' deployed figures add up to %(total)s, above the "
                "region's cap (%(cap)s)."
            )
            values = {"region": where, "total": number(sum(deployed))}
            cautions.append(
                Caution(where, message % {**values, "cap": dated(cap["value"], cap.get("as_of"))})
            )
    return cautions


def mission_above_cap(region, cap, mission, figures):
    # The larger of the two figures shown is named (the authorized one on a tie).
    kinds = [kind for kind in ("authorized", "deployed") if figures.get(kind)]
    kind = max(kinds, key=lambda kind: figures[kind]["value"], default=None)
    if kind is None or figures[kind]["value"] <= cap["value"]:
        return []
    value, as_of = figures[kind]["value"], figures[kind].get("as_of")
    return [cap_below(region, cap["value"], cap.get("as_of"), mission, kind, value, as_of)]


def deployed_above_authorized(where, figures):
    authorized, deployed = figures.get("authorized"), figures.get("deployed")
    if not (authorized and deployed and deployed["value"] > authorized["value"]):
        return []
    message = _(
        "%(where)s: the deployed figure (%(deployed)s) is above the authorized figure "
        "(%(authorized)s)."
    )
    values = {
        "where": where,
        "deployed": dated(deployed["value"], deployed.get("as_of")),
        "authorized": dated(authorized["value"], authorized.get("as_of")),
    }
    return [Caution(where, message % values)]


def numbers_in(text):
    """The numbers a text gives, as a multiset: "1,000", "1 000" and "1000" are one
    number; years count like any other."""
    return Counter(int(re.sub(r"\D", "", match)) for match in NUMBER.findall(text or ""))


def numbers_differ(where, item):
    """An item whose English and French texts, all taken together, give different numbers.
    A text given in one language only is left to the missing-text check."""
    given = {code: Counter() for code in LANGUAGES}
    for texts in text_fields(item).values():
        if all((texts.get(code) or "").strip() for code in LANGUAGES):
            for code in LANGUAGES:
                given[code] += numbers_in(texts[code])
    english, french = given["en"] - given["fr"], given["fr"] - given["en"]
    if not (english or french):
        return []
    message = _(
        "%(where)s: the English and French texts give different numbers (only in English: "
        "%(english)s; only in French: %(french)s)."
    )
    values = {"where": where, "english": listed(english), "french": listed(french)}
    return [Caution(where, message % values)]


def listed(numbers):
    return ", ".join(number(value) for value in sorted(numbers.elements())) or "—"


# The working copy's ready figures: one query each, whatever their number.


def figures_outside_missions():
    """Every ready mission figure dated before its mission's start or after its end."""
    mission = {field: F(f"mission__{field}") for field in MISSION_FIELDS}
    rows = (
        DeploymentSnapshot.objects.published()
        .filter(mission__isnull=False)
        # Outside to the day, a first cut; outside_mission() then compares only as precisely
        # as the dates are known, on these few.
        .filter(Q(as_of__lt=F("mission__started")) | Q(as_of__gt=F("mission__ended")))
        .order_by("region__position", "mission__position", "mission__name_en", "as_of")
        .values("as_of", "as_of_precision", **mission)
    )
    return [
        caution
        for row in rows
        for caution in outside_mission(row["as_of"], row["as_of_precision"], row)
    ]


def caps_below_missions():
    """Every ready region figure below a mission figure in force with it: the cap in force
    on each mission figure's date, and each mission's figure in force on each cap's date."""
    caps = DeploymentSnapshot.objects.filter(
        region=OuterRef("region"), mission__isnull=True, as_of__lte=OuterRef("as_of")
    ).order_by("-as_of")
    under_cap = (
        DeploymentSnapshot.objects.published()
        .filter(mission__isnull=False)
        .annotate(
            cap=Subquery(caps.values("authorized")[:1]),
            cap_as_of=Subquery(caps.values("as_of")[:1]),
        )
        .filter(cap__lt=Coalesce("authorized", "deployed"))
        .values(
            *ROW_FIELDS,
            mission_pk=F("mission"),
            **{field: F(f"mission__{field}") for field in MISSION_FIELDS},
        )
    )
    latest = DeploymentSnapshot.objects.filter(
        mission=OuterRef("pk"), as_of__lte=OuterRef("cap_as_of")
    ).order_by("-as_of")
    over_cap = (
        Mission.objects.published()
        .alias(
            cap_figure=FilteredRelation(
                "region__snapshots",
                condition=Q(
                    region__snapshots__mission__isnull=True,
                    region__snapshots__authorized__isnull=False,
                ),
            )
        )
        .annotate(cap=F("cap_figure__authorized"), cap_as_of=F("cap_figure__as_of"))
        .filter(cap__isnull=False)
        .annotate(
            authorized=Subquery(latest.values("authorized")[:1]),
            deployed=Subquery(latest.values("deployed")[:1]),
            as_of=Subquery(latest.values("as_of")[:1]),
        )
        .filter(cap__lt=Coalesce("authorized", "deployed"))
        .values(*ROW_FIELDS, *MISSION_FIELDS, mission_pk=F("pk"))
    )
    # Few rows are over a cap: the missions that had ended by then are left out here.
    over_cap = [row for row in over_cap if running_on(row, row["cap_as_of"])]
    return cap_cautions([*under_cap, *over_cap])


def cap_cautions(rows):
    """A warning for each cap and mission, naming the latest of the mission's figures above
    that cap (the one the page shows, where it does), rather than one for each figure."""
    latest = {}
    for row in rows:
        key = row["mission_pk"], row["cap_as_of"]
        if key not in latest or row["as_of"] > latest[key]["as_of"]:
            latest[key] = row
    order = ("region__position", "position", "mission_pk", "cap_as_of")
    return [
        cap_below(
            shown(pair(row, "region__name")),
            row["cap"],
            row["cap_as_of"],
            mission_label(row),
            *larger(row["authorized"], row["deployed"]),
            row["as_of"],
        )
        for row in sorted(latest.values(), key=lambda row: [row[name] for name in order])
    ]


# Figures about to be imported: the same rules, with the stored figures of their regions.


def caps_among(snapshots):
    """caps_below_missions() over new figures and the stored figures of their regions,
    keeping the contradictions a new figure is part of."""
    regions = {snapshot.region_id: snapshot.region for snapshot in snapshots}
    missions = {
        mission.pk: mission_fields(mission)
        for mission in Mission.objects.filter(region_id__in=regions)
    }
    missions.update({s.mission_id: mission_fields(s.mission) for s in snapshots if s.mission_id})
    series = defaultdict(dict)  # (region id, mission id or None): {as_of: (authorized, deployed)}
    stored = DeploymentSnapshot.objects.filter(region_id__in=regions).values_list(
        "region_id", "mission_id", "as_of", "authorized", "deployed"
    )
    for region_id, mission_id, as_of, authorized, deployed in stored.iterator():
        series[region_id, mission_id][as_of] = authorized, deployed
    new = set()
    for snapshot in snapshots:
        key = snapshot.region_id, snapshot.mission_id
        series[key][snapshot.as_of] = snapshot.authorized, snapshot.deployed
        new.add((*key, snapshot.as_of))
    rows = []

    def check(region_id, mission_id, cap_as_of, as_of):
        if (region_id, None, cap_as_of) not in new and (region_id, mission_id, as_of) not in new:
            return
        cap = series[region_id, None][cap_as_of][0]
        authorized, deployed = series[region_id, mission_id][as_of]
        if cap is not None and cap < larger(authorized, deployed)[1]:
            region = regions[region_id]
            figures = {"as_of": as_of, "authorized": authorized, "deployed": deployed}
            names = {"region__name_en": region.name_en, "region__name_fr": region.name_fr}
            rows.append(
                {**missions[mission_id], **figures, **names, "cap": cap, "cap_as_of": cap_as_of}
                | {"region__position": region.position, "mission_pk": mission_id}
            )

    for (region_id, mission_id), figures in series.items():
        if mission_id is None:
            continue
        caps, dates = sorted(series.get((region_id, None), ())), sorted(figures)
        for as_of in dates:  # the cap in force on each of the mission's dates
            at = bisect.bisect_right(caps, as_of)
            if at:
                check(region_id, mission_id, caps[at - 1], as_of)
        for cap_as_of in caps:  # the mission's figure in force on each cap's date
            at = bisect.bisect_right(dates, cap_as_of)
            if at and running_on(missions[mission_id], cap_as_of):
                check(region_id, mission_id, cap_as_of, dates[at - 1])
    return cap_cautions(rows)
