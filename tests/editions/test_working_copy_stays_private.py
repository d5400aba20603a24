"""Nothing an Editor saves reaches a public page, a download, the API, the change log or the
feed until a Publisher publishes it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from missions.models import Posting

from ..helpers.editions import publish_working_copy
from ..helpers.records import DAY, make_posting, make_snapshot

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/en/missions/binuh/",
    "/fr/missions/binuh/",
    "/en/regions/haiti/",
    "/en/data/snapshots.csv",
    "/en/data/snapshots.json",
    "/en/data/regions.csv",
    "/fr/donnees/missions.json",
    "/en/missions/binuh/snapshots.csv",
    "/api/v1/regions",
    "/api/v1/missions",
    "/api/v1/figures",
    "/en/current-peace-operations/changes/",
    "/en/current-peace-operations/changes/feed/",
    "/en/current-peace-operations/",
    "/en/current-peace-operations/editions/1/",
    "/fr/missions-en-cours/editions/1/",
]


def rename_region(haiti, tmp_path):
    haiti.region.name_en = "Region UNPUBLISHED"
    haiti.region.save()


def change_mission(haiti, tmp_path):
    haiti.mission.name_en, haiti.mission.status = "Mission UNPUBLISHED", "suspended"
    haiti.mission.save()


def rewrite_mission_body(haiti, tmp_path):
    haiti.mission.body_en = "A paragraph UNPUBLISHED."
    haiti.mission.body_fr = "Un paragraphe UNPUBLISHED."
    haiti.mission.save()


def rename_posting(haiti, tmp_path):
    posting = Posting.objects.get(slug="icc")
    posting.title_en = "Posting UNPUBLISHED"
    posting.save()


def add_posting(haiti, tmp_path):
    make_posting(slug="unitar", title="Posting UNPUBLISHED")


def correct_figure(haiti, tmp_path):
    haiti.figure.authorized, haiti.figure.source = 987654, "UNPUBLISHED source"
    haiti.figure.save()


def correct_past_figure(haiti, tmp_path):
    past = make_snapshot(
        haiti.region, haiti.mission, as_of=DAY - datetime.timedelta(days=400), authorized=7
    )
    publish_working_copy()
    past.authorized, past.source = 987654, "UNPUBLISHED correction"
    past.save()


def add_figure(haiti, tmp_path):
    later = DAY + datetime.timedelta(days=1)
    make_snapshot(
        haiti.region, haiti.mission, as_of=later, authorized=987654, source="UNPUBLISHED figure"
    )


def import_figures(haiti, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(
        "region,mission,as_of,authorized,deployed,source\n"
        "haiti,binuh,2020-07-01,987654,,UNPUBLISHED import\n",
        encoding="utf-8",
    )
    call_command("import_snapshots", str(path), stdout=io.StringIO())


def body(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    content = getattr(response, "streaming_content", None)
    return b"".join(content).decode() if content is not None else response.content.decode()


# Every kind of edit, against every public address: a sweep, for make test.
@pytest.mark.slow
@pytest.mark.parametrize(
    "edit",
    [
        rename_region,
        change_mission,
        rewrite_mission_body,
        rename_posting,
        add_posting,
        correct_figure,
        correct_past_figure,
        add_figure,
        import_figures,
    ],
)
def test_an_editors_change_stays_off_every_public_page_until_published(haiti, edit, tmp_path):
    edit(haiti, tmp_path)
    for url in PUBLIC:
        content = body(url)
        for text in ("UNPUBLISHED", "987654", "987,654"):
            assert text not in content, url
    publish_working_copy()
    assert any("UNPUBLISHED" in body(url) for url in PUBLIC)
