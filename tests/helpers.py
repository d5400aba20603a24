"""Plain helpers that make test records, with fixed dates."""

import datetime

from missions.models import DeploymentSnapshot, Mission, Posting, Region

DAY = datetime.date(2020, 6, 1)

# Every public page of the seed content, in both languages where it has two, with the 400
# and 404 pages. The browser, axe and HTML checks go through all of them.
PUBLIC_PAGES = [
    "/",
    "/en/current-peace-operations/",
    "/fr/missions-en-cours/",
    "/en/current-peace-operations/?as_of=2018-01-01",
    "/fr/missions-en-cours/?as_of=2018-01-01",
    "/en/current-peace-operations/?as_of=2018-02-30",
    "/fr/missions-en-cours/?as_of=2018-02-30",
    "/en/missions/minujusth/",
    "/fr/missions/minujusth/",
    "/en/missions/binuh/",
    "/fr/missions/binuh/",
    "/en/regions/caribbean-region/",
    "/fr/regions/caribbean-region/",
    "/en/no-such-page/",
    "/fr/aucune-page/",
]


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
