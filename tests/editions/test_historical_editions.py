"""Historical editions: the format says everything the page has said over the years
(DESIGN.md, "How the page has changed over the years")."""

import datetime
import html
import re

import pytest

from missions.editions.diff import diff_documents
from missions.editions.loading import load_edition
from missions.models import DeploymentSnapshot, Mission, Region, Status

from ..helpers.edition_files import figure_toml, mission_toml, region_toml
from ..helpers.pages import page_html, plain_text, table_rows

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
    # Published with its English text: its history is public (the French pages mark it).
    assert minustah.published


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


def load_page(page_keys, *parts, date="2017-10-16"):
    """An edition whose page-level keys (before [edition]) are `page_keys`."""
    head = HEAD.format(date=date).replace("\n[edition]", f"{page_keys}\n[edition]")
    return load_edition(head + "".join(parts)).edition


INTRO_AND_HEADER = """
header = [
    { en = "Mission duration: 2004 to present", fr = "Durée de la mission : de 2004 à ce jour" },
]
intro.en = "Canadian police serve abroad.\\n\\nThey are unarmed in most missions."
intro.fr = "Des policiers canadiens servent à l'étranger."
"""


def test_the_page_introduction_and_header_lines_open_the_page_in_both_languages(client):
    edition = load_page(INTRO_AND_HEADER, region_toml(), mission_toml("m"))
    text = text_of(client, edition)
    assert (
        "Current operations\nMission duration: 2004 to present\n"
        "Canadian police serve abroad.\nThey are unarmed in most missions.\nOn this page"
    ) in text
    french = text_of(client, edition, "fr")
    assert (
        "Opérations en cours\nDurée de la mission : de 2004 à ce jour\n"
        "Des policiers canadiens servent à l'étranger.\nSur cette page"
    ) in french


def test_an_introduction_known_in_english_only_is_marked_english_on_the_french_page(client):
    edition = load_page('intro.en = "Canadian police serve abroad."\n', region_toml())
    response = client.get(f"/fr/missions-en-cours/editions/{edition.number}/")
    assert '<div class="intro" lang="en"><p>Canadian police serve abroad.</p></div>' in (
        response.content.decode()
    )


def test_language_and_armed_status_can_be_given_once_for_the_whole_region(client):
    attributes = (
        'language = { en = "French", fr = "Français" }\narmed = { en = "Armed", fr = "Armé" }\n'
    )
    edition = load(
        region_toml("haiti", "Haiti", "Haïti", attributes, language="fr"),
        figure_toml("authorized", 90, "Up to 90", "region", "regions.figures"),
        mission_toml("minustah"),
        mission_toml("minujusth"),
    )
    text = text_of(client, edition)
    assert text.count("Main language of operation") == 1
    assert (
        "Haiti\nMain language of operation\nFrench\nArmed or unarmed\nArmed\n"
        "Authorized deployments\nUp to 90"
    ) in text
    assert "Principale langue de travail\nFrançais\nArmé ou non armé\nArmé" in text_of(
        client, edition, "fr"
    )


def acronym_missions(layout):
    acronym = 'acronym = { en = "UNMIL", fr = "MINUL" }\n'
    return load_page(
        f'mission_heading = "{layout}"\n',
        region_toml("haiti", "Haiti", "Haïti"),
        mission_toml("minustah", 'acronym = { en = "MINUSTAH", fr = "MINUSTAH" }\n'),
        region_toml("liberia", "Liberia", "Libéria"),
        mission_toml("unmil", acronym, name_en="UN Mission in Liberia", name_fr="MINUL FR"),
        mission_toml("no-acronym", name_en="A mission", name_fr="Une mission"),
    )


def mission_headings(client, edition, language="en"):
    prefix = "/en/current-peace-operations/" if language == "en" else "/fr/missions-en-cours/"
    html = client.get(f"{prefix}editions/{edition.number}/").content.decode()
    return [plain_text(heading) for heading in re.findall(r"<h3>.*?</h3>", html)]


def test_the_2011_16_layout_heads_each_mission_with_its_number_country_and_acronym(client):
    edition = acronym_missions("numbered_region_acronym")
    assert mission_headings(client, edition) == [
        "1. Haiti: MINUSTAH",
        "2. Liberia: UNMIL",
        "3. Liberia: A mission",
    ]
    assert mission_headings(client, edition, "fr") == [
        "1. Haïti\u00a0: MINUSTAH",
        "2. Libéria\u00a0: MINUL",
        "3. Libéria\u00a0: Une mission",
    ]


def test_a_layout_can_give_each_mission_its_name_then_its_acronym(client):
    edition = acronym_missions("name_acronym")
    assert mission_headings(client, edition) == [
        "Mission minustah (MINUSTAH)",
        "UN Mission in Liberia (UNMIL)",
        "A mission",
    ]
    assert mission_headings(client, edition, "fr")[1] == "MINUL FR (MINUL)"


def test_without_a_layout_a_mission_is_headed_by_its_name_alone(client):
    edition = load(region_toml(), mission_toml("unmil", 'acronym = { en = "UNMIL" }\n'))
    assert mission_headings(client, edition) == ["Mission unmil"]


def test_a_changed_introduction_and_header_are_reported_as_changes_of_the_page():
    first = load_page(INTRO_AND_HEADER, region_toml(), date="2012-01-01")
    second = load_page('intro.en = "Canadian police serve abroad."\n', region_toml())
    changes = [
        (change.section, change.field, change.before, change.after)
        for change in diff_documents(first.document, second.document, "en")
    ]
    assert changes == [
        ("page", "header", "Mission duration: 2004 to present", ""),
        (
            "page",
            "intro",
            "Canadian police serve abroad.\n\nThey are unarmed in most missions.",
            "Canadian police serve abroad.",
        ),
    ]


# A 2012 page archived in English only: its texts have no French.
ENGLISH_ONLY = """\
schema_version = 1
title.en = "Current operations"
notice.en = "Archived in English only."
notice.fr = "Archivée en anglais seulement : ses textes sont présentés en anglais."

[edition]
took_effect = 2012-05-01
source = "An archived copy"
summary.en = "As archived."
summary.fr = "Telle qu'archivée."

[[regions]]
slug = "sudan"
name.en = "Sudan"

[regions.record]
language = "ar"
armed = false

[[regions.missions]]
slug = "unamid"
name.en = "Hybrid Operation in Darfur"
kind = "un"
status = "active"

[regions.missions.record]
status = "ended"
ended = 2020-12-31

[regions.missions.figures.authorized]
value = 10
wording.en = "Up to 10"
level = "mission"
"""


def test_an_english_only_edition_feeds_the_mission_history_the_downloads_and_indexes(client):
    report = load_edition(ENGLISH_ONLY)
    assert Mission.objects.get(slug="unamid").published
    assert (
        "Mission unamid has texts in one language only: the pages in the other language show "
        "them marked with their language." in report.notes
    )
    shown = ["May 1, 2012", "10", "Not recorded", "Shown on the page: edition 1 (May 1, 2012)"]
    assert table_rows(page_html(client, "/en/missions/unamid/"), "figures") == [shown]
    csv = b"".join(client.get("/en/missions/unamid/snapshots.csv").streaming_content).decode()
    assert "unamid" in csv and ",10," in csv
    for index in ("/en/missions/", "/fr/missions/", "/en/missions/?active_on=2012-05-01"):
        assert 'href="/en/missions/unamid/"' in page_html(client, index).replace("/fr/", "/en/")


def test_the_french_history_page_shows_the_english_text_marked_with_the_editions_notice(client):
    load_edition(ENGLISH_ONLY)
    content = page_html(client, "/fr/missions/unamid/")
    assert '<h1 lang="en">Hybrid Operation in Darfur</h1>' in content
    notice = "Archivée en anglais seulement : ses textes sont présentés en anglais."
    assert f'<p class="edition-notice">{notice}</p>' in html.unescape(content)
    assert table_rows(content, "figures")[0][:2] == ["1er mai 2012", "10"]
    region = page_html(client, "/fr/regions/sudan/")
    assert '<h1 lang="en">Sudan</h1>' in region and "edition-notice" in region
    # The English page needs no notice: its texts are in English.
    assert "edition-notice" not in page_html(client, "/en/missions/unamid/")


def test_a_mission_listed_under_another_region_that_year_loads_and_keeps_its_region(client):
    """BINUH sat under "Haiti" on the 2022-23 pages, under "Caribbean region" from 2024."""
    caribbean = region_toml("caribbean-region", "Caribbean region", "Région des Caraïbes")
    later = load(caribbean, mission_toml("binuh", name_en="BINUH"), date="2024-04-01")
    haiti = region_toml("haiti", "Haiti", "Haïti", language="fr")
    figure = figure_toml("authorized", 3, "3", "mission")
    earlier = load(haiti, mission_toml("binuh", name_en="BINUH"), figure, date="2022-06-01")
    binuh = Mission.objects.get(slug="binuh")
    assert binuh.region.slug == "caribbean-region"
    assert DeploymentSnapshot.objects.get(mission=binuh).region == binuh.region
    assert "Haiti\nBINUH" in text_of(client, earlier)
    assert "Caribbean region\nBINUH" in text_of(client, later)
    assert "Haïti\nMission binuh FR" in text_of(client, earlier, "fr")
