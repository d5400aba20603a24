"""The figures of a past edition corrected since it was published."""

from django.utils import timezone

from missions.editions.pages import Correction
from missions.models.snapshots import DeploymentSnapshot


def corrections(edition, live):
    """Figures of `edition` corrected since, as the live edition's data has them:
    {(region, mission or None, as_of, "authorized" or "deployed"): Correction}. One query."""
    if live is None or edition.pk == live.pk:
        return {}
    shown = figures_shown(edition.document)
    if not shown:
        return {}
    versions = (
        DeploymentSnapshot.history.filter(
            as_of__in={key[2] for key in shown},
            history_date__lte=live.published_at,
        )
        .exclude(history_type="-")
        .order_by("history_date", "history_id")
        .values_list(
            "region__slug", "mission__slug", "as_of", "authorized", "deployed", "history_date"
        )
    )
    latest = {}
    for region, mission, as_of, authorized, deployed, when in versions:
        latest[(region, mission, as_of.isoformat())] = (authorized, deployed, when)
    found = {}
    for (region, mission, as_of, name), value in shown.items():
        known = latest.get((region, mission, as_of))
        if known is None:
            continue
        now = known[0] if name == "authorized" else known[1]
        if now is not None and now != value:
            found[(region, mission, as_of, name)] = Correction(
                on=timezone.localdate(known[2]), now=now
            )
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
