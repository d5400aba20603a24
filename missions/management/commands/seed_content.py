import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from missions import seed_content as seed
from missions.models import DeploymentSnapshot, Mission, Posting, Region


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _save(model, lookup, values):
    """Create or update one record, saving (and so recording history) only on a real change."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif all(getattr(obj, field) == value for field, value in values.items()):
        return obj, False
    else:
        for field, value in values.items():
            setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj, True


class Command(BaseCommand):
    help = "Load the content of the two seed pages (current and late 2017). Safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        changed = 0
        regions = {}
        for data in seed.REGIONS:
            values = {k: v for k, v in data.items() if k != "slug"}
            regions[data["slug"]], created = _save(
                Region, {"slug": data["slug"]}, {**values, "published": True}
            )
            changed += created

        missions = {}
        pending = list(seed.MISSIONS)
        while pending:
            # A mission's predecessor is saved before it.
            data = next(m for m in pending if m["predecessor"] in (None, *missions))
            pending.remove(data)
            values = {k: v for k, v in data.items() if k not in ("slug", "predecessor")}
            values.update(
                region=regions[data["region"]],
                started=_date(data["started"]),
                ended=_date(data["ended"]),
                predecessor=missions.get(data["predecessor"]),
                published=True,
            )
            missions[data["slug"]], created = _save(Mission, {"slug": data["slug"]}, values)
            changed += created

        for data in seed.SNAPSHOTS:
            mission = missions[data["mission"]] if data["mission"] else None
            lookup = {
                "region": regions[data["region"]],
                "mission": mission,
                "as_of": _date(data["as_of"]),
            }
            values = {k: data[k] for k in ("as_of_precision", "authorized", "deployed", "source")}
            changed += _save(DeploymentSnapshot, lookup, values)[1]

        for data in seed.POSTINGS:
            values = {k: v for k, v in data.items() if k != "slug"}
            values.update(since=_date(data["since"]), published=True)
            changed += _save(Posting, {"slug": data["slug"]}, values)[1]

        self.stdout.write(
            self.style.SUCCESS(f"Seed content loaded: {changed} records created or updated.")
        )
