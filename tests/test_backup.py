"""A backup restored into an empty database gives the same pages and the same history."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from missions.models import DeploymentSnapshot, Mission, Posting, Region

PAGES = [
    "/en/current-peace-operations/",
    "/fr/missions-en-cours/",
    "/en/current-peace-operations/?as_of=2018-01-01",
    "/fr/missions-en-cours/?as_of=2018-01-01",
    "/en/missions/minujusth/",
    "/fr/missions/binuh/",
    "/en/regions/ukraine/",
]

MODELS = [Region, Mission, Posting, DeploymentSnapshot]


def render_all():
    client = Client()
    pages = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def records():
    """Every field of every record and of its history, to the microsecond."""
    rows = {}
    for model in MODELS:
        rows[model.__name__] = list(model.objects.order_by("pk").values())
        rows[f"{model.__name__} history"] = list(model.history.order_by("history_id").values())
    return rows


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_gives_identical_pages(tmp_path):
    call_command("seed_content", stdout=io.StringIO())
    User.objects.create_user("editor", password="a long and good passphrase", is_staff=True)
    before_pages, before_records = render_all(), records()
    backup = tmp_path / "peaceops.xml.gz"
    call_command("backup", output=str(backup), stdout=io.StringIO())

    call_command("flush", interactive=False)
    assert not any(model.objects.exists() for model in MODELS)
    assert not User.objects.exists()

    call_command("loaddata", str(backup), stdout=io.StringIO())
    assert render_all() == before_pages
    assert records() == before_records
    assert User.objects.get().check_password("a long and good passphrase")
    # New records after a restore take new ids (PostgreSQL's sequences were moved on).
    region = Region.objects.first()
    DeploymentSnapshot.objects.create(region=region, as_of="2001-01-01", authorized=1)


@pytest.mark.django_db
def test_a_backup_can_go_to_standard_output_for_a_container(seeded):
    out = io.StringIO()
    call_command("backup", output="-", stdout=out)
    assert 'model="missions.region"' in out.getvalue()
    assert 'model="missions.historicalmission"' in out.getvalue()
    assert "sessions.session" not in out.getvalue()
