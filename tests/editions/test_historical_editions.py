"""Historical editions: the format says everything the page has said over the years
(DESIGN.md, "How the page has changed over the years")."""

import datetime

import pytest

from missions.editions.loading import load_edition
from missions.models import DeploymentSnapshot, Mission, Region, Status

from ..helpers.edition_files import figure_toml, mission_toml, region_toml
from ..helpers.pages import plain_text

pytestmark = pytest.mark.django_db

HEAD = """\
schema_version = 1
title.en = "Current operations"
title.fr = "Opérations en cours"

[edition]
took_effect = {date}
source = "An archived copy"
summary.en = "As archived."
summary.fr = "Telle qu'archivée."
"""


def load(*parts, date="2017-10-16"):
    return load_edition(HEAD.format(date=date) + "".join(parts)).edition


def text_of(client, edition, language="en"):
    prefix = "/en/current-peace-operations/" if language == "en" else "/fr/missions-en-cours/"
    response = client.get(f"{prefix}editions/{edition.number}/")
    assert response.status_code == 200
    return plain_text(response.content.decode())


def test_a_cap_shared_by_several_missions_is_shown_once_with_its_own_wording(client):
    shared = figure_toml(
        "authorized", 20, "Up to 20 total, split between both missions", "region", "regions.figures"
    )
    edition = load(
        region_toml(), shared, mission_toml("eupol-copps"), mission_toml("operation-proteus")
    )
    text = text_of(client, edition)
    assert text.count("Up to 20 total, split between both missions") == 1
    assert "Authorized deployments\nUp to 20 total, split between both missions" in text
    snapshot = DeploymentSnapshot.objects.get()
    assert (snapshot.mission, snapshot.authorized) == (None, 20)


def test_a_deployed_figure_can_be_shared_by_the_whole_region(client):
    shared = figure_toml(
        "authorized", 20, "Up to 20 total", "region", "regions.figures"
    ) + figure_toml("deployed", 7, "7 between both missions", "region", "regions.figures")
    edition = load(
        region_toml(), shared, mission_toml("eupol-copps"), mission_toml("operation-proteus")
    )
    assert "Currently deployed\n7 between both missions" in text_of(client, edition)
    snapshot = DeploymentSnapshot.objects.get()
    assert (snapshot.mission, snapshot.authorized, snapshot.deployed) == (None, 20, 7)


def test_each_mission_can_have_its_own_authorized_and_deployed_figures(client):
    own = figure_toml("authorized", 90, "90", "mission") + figure_toml(
        "deployed", 40, "40", "mission"
    )
    edition = load(region_toml(), mission_toml("minujusth"), own)
    text = text_of(client, edition)
    assert "Authorized deployments\n90\nCurrently deployed\n40" in text
    snapshot = DeploymentSnapshot.objects.get()
    assert (snapshot.mission.slug, snapshot.authorized, snapshot.deployed) == ("minujusth", 90, 40)


def test_participation_since_is_shown_where_the_page_gave_it(client):
    since = 'since = { date = 2016-08-01, precision = "month" }\n'
    edition = load(region_toml(), mission_toml("iraq-mlt", since), mission_toml("successor"))
    text = text_of(client, edition)
    assert text.count("Participation since") == 1
    assert "Participation since\nAugust 2016" in text
    assert "Participation depuis\naoût 2016" in text_of(client, edition, "fr")


def test_a_suspended_mission_has_its_status_line_and_a_region_its_note(client):
    note = 'note.en = "Operations are suspended."\nnote.fr = "Les opérations sont suspendues."\n'
    status_note = 'status_note = { en = "This mission is suspended.", fr = "Mission suspendue." }\n'
    edition = load(
        region_toml("ukraine", "Ukraine", "Ukraine", note),
        mission_toml("bilateral", status_note, status="suspended"),
        figure_toml("authorized", 45, "Up to 45", "mission"),
    )
    text = text_of(client, edition)
    assert "Operations are suspended." in text and "This mission is suspended." in text
    assert "Authorized deployments\nUp to 45" in text
    assert edition.document["regions"][0]["missions"][0]["status"] == "suspended"
    assert Mission.objects.get().status == Status.SUSPENDED


def test_a_closed_mission_stays_as_dated_prose_and_its_record_ends(client):
    closed = (
        'status_note.en = "That mission officially closed on October 15, 2017."\n'
        'status_note.fr = "Cette mission a officiellement pris fin le 15 octobre 2017."\n'
        "body.en = '''Canadian police had participated in MINUSTAH since 2004.'''\n"
        '\n[regions.missions.record]\nstarted = 2004-01-01\nstarted_precision = "year"\n'
        "ended = 2017-10-15\n"
    )
    edition = load(
        region_toml("haiti", "Haiti", "Haïti"), mission_toml("minustah", closed, "ended")
    )
    text = text_of(client, edition)
    assert "That mission officially closed on October 15, 2017." in text
    assert "Canadian police had participated in MINUSTAH since 2004." in text
    minustah = Mission.objects.get()
    assert (minustah.status, minustah.started, minustah.ended) == (
        Status.ENDED,
        datetime.date(2004, 1, 1),
        datetime.date(2017, 10, 15),
    )
    # English only: not published until it has its French text.
    assert not minustah.published


def test_a_renamed_region_keeps_its_slug_and_each_edition_its_name(client):
    first = load(
        region_toml("ukraine", "Ukraine (Bilateral engagement)", "Ukraine"), mission_toml("b")
    )
    second = load(
        region_toml("ukraine", "Ukraine", "Ukraine"), mission_toml("b"), date="2024-04-01"
    )
    assert "Ukraine (Bilateral engagement)" in text_of(client, first)
    assert "Ukraine (Bilateral engagement)" not in text_of(client, second)
    # The record is the one the first file created; the second changes no text.
    assert Region.objects.get().name_en == "Ukraine (Bilateral engagement)"


def test_postings_are_listed_with_their_dates(client):
    postings = """
[[postings]]
slug = "saat"
kind = "other"
title = { en = "SAAT Project", fr = "Projet SAAT" }
since = { date = 2014-09-01, precision = "month" }

[[postings]]
slug = "senior-police-advisor"
kind = "specialized"
title = { en = "Senior Police Advisor", fr = "Conseiller principal de police" }
"""
    edition = load(region_toml(), mission_toml("m"), postings)
    text = text_of(client, edition)
    assert "Other international opportunities\nSAAT Project\nSince September 2014" in text
    assert "Specialized police postings\nSenior Police Advisor" in text
    assert "septembre 2014" in text_of(client, edition, "fr")


def test_an_item_can_appear_on_the_french_page_only(client):
    rows = """
[[table]]
region = "west-bank"
name = { en = "West Bank", fr = "Cisjordanie" }
language = { en = "English", fr = "English" }
armed = { en = "Unarmed", fr = "Non armé" }

[[table]]
region = "iraq"
name = { fr = "Irak" }
language = { fr = "Anglais" }
armed = { fr = "Armé" }
languages = ["fr"]
"""
    iraq = region_toml("iraq", "Iraq", "Irak", 'languages = ["fr"]\n')
    edition = load(rows, region_toml(), mission_toml("m"), iraq, mission_toml("mlt"))
    assert "Irak" in text_of(client, edition, "fr")
    assert "Iraq" not in text_of(client, edition) and "Irak" not in text_of(client, edition)
    # The untranslated "English" of the French table is kept as it was.
    assert "Cisjordanie\nEnglish\nNon armé" in text_of(client, edition, "fr")
