"""Records of the working copy, made with fixed dates."""

import datetime
import io

from django.core.management import call_command

from missions.models import DeploymentSnapshot, Mission, Posting, Region

DAY = datetime.date(2020, 6, 1)


def make_region(slug="ukraine", name="Ukraine", position=1, published=True, **kwargs):
    kwargs.setdefault("language", "en")
    return Region.objects.create(
        slug=slug,
        name_en=name,
        name_fr=kwargs.pop("name_fr", f"{name} FR"),
        position=position,
        published=published,
        **kwargs,
    )


def make_mission(region, slug="bilateral", name="Bilateral engagement", published=True, **kwargs):
    kwargs.setdefault("kind", Mission.Kind.BILATERAL)
    return Mission.objects.create(
        region=region,
        slug=slug,
        name_en=name,
        name_fr=kwargs.pop("name_fr", f"{name} FR"),
        published=published,
        **kwargs,
    )


def make_snapshot(region, mission=None, as_of=DAY, authorized=10, deployed=None, **kwargs):
    return DeploymentSnapshot.objects.create(
        region=region,
        mission=mission,
        as_of=as_of,
        authorized=authorized,
        deployed=deployed,
        **kwargs,
    )


def make_posting(slug="icc", title="International Criminal Court", published=True, **kwargs):
    kwargs.setdefault("kind", Posting.Kind.SPECIALIZED)
    return Posting.objects.create(
        slug=slug,
        title_en=title,
        title_fr=kwargs.pop("title_fr", f"{title} FR"),
        published=published,
        **kwargs,
    )


def add_snapshots(mission, count, start=0):
    """`count` figures of the mission, one a day from 1990 (after `start` days), in one query:
    authorized figures in a repeating pattern from 100 to 136, deployed from 0 to 99."""
    DeploymentSnapshot.objects.bulk_create(
        DeploymentSnapshot(
            region_id=mission.region_id,
            mission=mission,
            as_of=datetime.date(1990, 1, 1) + datetime.timedelta(days=i),
            authorized=100 + i % 37,
            deployed=i % 100,
            source=f"Figures reported by the mission, entry {i}: " + "x" * 200,
        )
        for i in range(start, start + count)
    )


def generate_load_data(regions, missions_per_region, snapshots_per_mission):
    """Replace the records with generated ones (manage.py generate_load_data), quietly."""
    call_command(
        "generate_load_data",
        regions=regions,
        missions_per_region=missions_per_region,
        snapshots_per_mission=snapshots_per_mission,
        force=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
