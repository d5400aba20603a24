from django.db import migrations
from django.db.models import Q


def index_editions(apps, schema_editor):
    """Index the editions stored so far, and publish the figures the live edition was
    published from (the records published before editions)."""
    from missions.published import index_edition

    Edition = apps.get_model("missions", "Edition")
    Appearance = apps.get_model("missions", "Appearance")
    for edition in Edition.objects.order_by("took_effect", "number").iterator(chunk_size=50):
        index_edition(edition, model=Appearance)
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
    for pk, region, mission, as_of, authorized, deployed, source in rows.iterator(2000):
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
        if len(batch) >= 2000:
            PublishedFigure.objects.bulk_create(batch)
            batch = []
    PublishedFigure.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("missions", "0010_published_figures_appearances")]

    operations = [migrations.RunPython(index_editions, migrations.RunPython.noop)]
