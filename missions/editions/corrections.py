"""The figures of a past edition corrected since it was published, as the published copy
has them: a later edition listed the correction on its review (FigureChange), and the
published copy holds the value known now."""

import datetime

from django.db.models import Q

from missions.editions.pages import Correction
from missions.models.published import FigureChange, PublishedFigure


def corrections(edition):
    """Figures `edition` showed that a later edition corrected or removed:
    {(region, mission or None, as_of, "authorized" or "deployed"): Correction}. One query,
    and one more if there are any."""
    shown = figures_shown(edition.document)
    if not shown:
        return {}
    later = (
        FigureChange.objects.corrections()
        .filter(as_of__in={datetime.date.fromisoformat(key[2]) for key in shown})
        .filter(
            Q(edition__took_effect__gt=edition.took_effect)
            | Q(edition__took_effect=edition.took_effect, edition__number__gt=edition.number)
        )
        .order_by("edition__took_effect", "edition__number")
        .values_list("snapshot_id", "region", "mission", "as_of", "edition__took_effect")
    )
    first = {}
    for pk, region, mission, as_of, on in later:
        first.setdefault((region, mission or None, as_of.isoformat()), (pk, on))
    if not first:
        return {}
    known = {
        pk: {"authorized": authorized, "deployed": deployed}
        for pk, authorized, deployed in PublishedFigure.objects.filter(
            snapshot_id__in=[pk for pk, _on in first.values()]
        ).values_list("snapshot_id", "authorized", "deployed")
    }
    found = {}
    for key, value in shown.items():
        region, mission, as_of, name = key
        if (region, mission, as_of) not in first:
            continue
        pk, on = first[(region, mission, as_of)]
        now = known[pk][name] if pk in known else None
        if now != value:
            found[key] = Correction(on=on, now=now)
    return found


def figures_shown(document):
    """{(region, mission or None, as_of, name): value} of every dated figure a document
    shows for one mission or one region (not sums)."""
    shown = {}

    def add(figures, region, mission=None):
        for name, data in (figures or {}).items():
            if data and data.get("as_of") and data["level"] != "missions":
                key_mission = mission if data["level"] == "mission" else None
                shown[(region, key_mission, data["as_of"], name)] = data["value"]

    for row in document.get("table", []):
        add({"authorized": row.get("authorized")}, row["region"])
    for region in document.get("regions", []):
        add(region.get("figures"), region["slug"])
        for mission in region.get("missions", []):
            add(mission.get("figures"), region["slug"], mission["slug"])
    return shown
