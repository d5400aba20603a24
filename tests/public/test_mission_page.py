"""A mission's history page: its facts, lineage, chart and table of figures, and the
editions it appeared on, as they showed it."""

import datetime
import re

import pytest
from django.test import Client

from missions.editions.building import build_document
from missions.models import DeploymentSnapshot, Edition, Mission

from ..helpers.editions import make_edition, publish_working_copy
from ..helpers.pages import assert_shows, inline_scripts, inline_styles, page_html, table_rows
from ..helpers.records import add_snapshots, make_mission, make_region

pytestmark = pytest.mark.django_db

START = datetime.date(1990, 1, 1)


def facts(content):
    block = re.search(r'<dl class="facts">(.*?)</dl>', content, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)
    return {term: re.sub(r"<[^>]+>", "", value) for term, value in pairs}


def lineage(content):
    block = re.search(r'<ol class="lineage">(.*?)</ol>', content, re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def test_the_mission_page_lives_at_its_named_url(published_seed):
    mission = Mission.objects.get(slug="binuh")
    assert mission.get_absolute_url() == "/en/missions/binuh/"


def test_the_mission_page_shows_its_facts_with_the_precision_of_its_dates(published_seed, client):
    content = page_html(client, "/en/missions/ukraine-bilateral/")
    assert "<h1>Canadian Police Mission in Ukraine - Bilateral Engagement</h1>" in content
    assert facts(content) == {
        "Region": "Ukraine",
        "Kind": "Bilateral engagement",
        "Status": "Suspended",
        "Started": "July 2015",
        "Language of operation": "English",
        "Armed or unarmed": "Unarmed",
    }
    assert '<a href="/en/regions/ukraine/">Ukraine</a>' in content


def test_an_ended_mission_has_a_history_page_with_its_dates(published_seed, client):
    content = page_html(client, "/en/missions/minustah/")
    assert "<h1>United Nations Stabilization Mission in Haiti (MINUSTAH)</h1>" in content
    found = facts(content)
    assert (found["Status"], found["Started"], found["Ended"]) == (
        "Ended",
        "2004",
        "October 15, 2017",
    )
    assert facts(page_html(client, "/en/missions/minujusth/"))["Ended"] == "Date not known"
    assert facts(page_html(client, "/en/missions/binuh/"))["Started"] == "Not known"


def test_the_lineage_links_both_ways_from_minustah_to_binuh(published_seed, client):
    minustah = (
        '<a href="/en/missions/minustah/">United Nations Stabilization Mission in Haiti '
        "(MINUSTAH)</a> (2004 to October 15, 2017)"
    )
    minujusth = (
        '<a href="/en/missions/minujusth/">United Nations Mission for Justice Support in Haiti '
        "(MINUJUSTH)</a> (from October 16, 2017; end date not known)"
    )
    binuh = '<a href="/en/missions/binuh/">United Nations Integrated Office in Haiti (BINUH)</a>'
    for slug, expected in (
        ("minustah", [None, minujusth, binuh]),
        ("minujusth", [minustah, None, binuh]),
        ("binuh", [minustah, minujusth, None]),
    ):
        items = lineage(page_html(client, f"/en/missions/{slug}/"))
        assert len(items) == 3
        for item, link in zip(items, expected, strict=True):
            if link is None:
                assert item.startswith('<strong aria-current="page">')
            else:
                assert item == link


def test_a_mission_with_no_predecessor_or_successor_has_no_lineage(published_seed, client):
    content = page_html(client, "/en/missions/monusco/")
    assert 'id="lineage"' not in content


def test_the_lineage_leaves_out_draft_missions():
    region = make_region()
    first = make_mission(region, slug="first", name="First")
    draft = make_mission(region, slug="draft", name="Draft", predecessor=first, published=False)
    make_mission(region, slug="third", name="Third", predecessor=draft)
    publish_working_copy()
    content = page_html(Client(), "/en/missions/first/")
    assert "Draft" not in content
    assert 'id="lineage"' not in content


def test_the_chart_is_an_accessible_inline_svg(published_seed, client):
    content = page_html(client, "/en/missions/minujusth/")
    svg = re.search(r"<svg .*?</svg>", content, re.S).group(0)
    assert 'role="img" aria-labelledby="figures-chart-title figures-chart-desc"' in svg
    assert '<title id="figures-chart-title">Authorized and deployed police, by date</title>' in svg
    desc = re.search(r'<desc id="figures-chart-desc">(.*?)</desc>', svg, re.S).group(1)
    assert "Authorized: solid line, round markers." in desc
    assert "Deployed: dashed line, square markers." in desc
    assert ">Authorized</text>" in svg and ">Deployed</text>" in svg  # the legend
    assert ">2017-10-16</text>" in svg  # a date on the x axis
    assert 'stroke-dasharray="8 5"' in svg
    assert inline_scripts(content) == []
    assert inline_styles(content) == []


def test_the_table_lists_the_figures_with_the_first_edition_that_showed_them(
    published_seed, client
):
    content = page_html(client, "/en/missions/minujusth/")
    assert table_rows(content, "figures") == [
        ["October 16, 2017", "90", "40", "Shown on the page: edition 1 (October 16, 2017)"]
    ]
    assert '<th scope="col">Authorized</th>' in content
    assert '<th scope="col">On the page</th>' in content
    assert '<caption id="figures-chart-caption">' in content
    assert 'Shown on the page: <a href="/en/current-peace-operations/editions/1/">' in content
    eupol = page_html(client, "/en/missions/eupol-copps/")
    assert table_rows(eupol, "figures")[0][1:3] == ["Not recorded", "1"]


def test_a_figure_no_edition_showed_is_listed_as_history_only(published_seed, client):
    """Issue: a figure recorded later for a past date, and one corrected since the page
    showed it, are published but were never on the page with their values."""
    mission = Mission.objects.get(slug="minujusth")
    DeploymentSnapshot.objects.create(
        region=mission.region, mission=mission, as_of=datetime.date(2017, 3, 1), authorized=80
    )
    DeploymentSnapshot.objects.filter(mission=mission, as_of="2017-10-16").update(deployed=41)
    publish_working_copy(datetime.date(2025, 1, 1))
    assert table_rows(page_html(client, "/en/missions/minujusth/"), "figures") == [
        ["March 1, 2017", "80", "Not recorded", "Not shown on the page (history only)"],
        ["October 16, 2017", "90", "41", "Not shown on the page (history only)"],
    ]


def test_the_french_table_marks_the_edition_that_showed_a_figure(published_seed):
    """Fails until the lead adds the French of "Shown on the page: …" to django.po."""
    content = page_html(Client(), "/fr/missions/minujusth/")
    assert table_rows(content, "figures") == [
        ["16 octobre 2017", "90", "40", "Affiché sur la page\u00a0: édition 1 (16 octobre 2017)"]
    ]


def test_a_mission_without_figures_points_to_its_region(published_seed, client):
    content = page_html(client, "/en/missions/binuh/")
    assert "<svg" not in content
    assert "No figures are published for this mission alone." in content
    assert '<a href="/en/regions/caribbean-region/">Caribbean region</a>' in content


def test_the_mission_page_links_to_its_downloads(published_seed, client):
    content = page_html(client, "/en/missions/minujusth/")
    assert 'href="/en/missions/minujusth/snapshots.csv"' in content
    assert 'href="/en/missions/minujusth/snapshots.json"' in content
    assert 'href="/en/data/snapshots.csv"' in content


@pytest.mark.slow
def test_a_long_series_is_downsampled_for_drawing_and_listed_whole(client):
    mission = make_mission(make_region(), started=START)
    add_snapshots(mission, 10_000)
    publish_working_copy()
    content = page_html(client, f"/en/missions/{mission.slug}/")
    rows = table_rows(content, "figures")
    assert len(rows) == 10_000
    assert rows[0][0] == "January 1, 1990"
    assert rows[-1][0] == (START + datetime.timedelta(days=9999)).strftime("%B %-d, %Y")
    drawn = int(re.search(r"The chart draws (\d+) of the 10000 dates", content).group(1))
    assert 2 < drawn <= 200
    assert content.count("<circle ") == drawn + 1  # plus the legend's marker
    assert content.count("<rect ") == drawn + 1
    # Only the newest figure was on the page.
    assert [row[3] for row in rows].count("Not shown on the page (history only)") == 9_999


def test_the_french_page_shows_french_text_and_dates(published_seed):
    content = page_html(Client(), "/fr/missions/ukraine-bilateral/")
    assert_shows(
        content,
        "Mission de police canadienne en Ukraine – Engagement bilatéral",
        "juillet 2015",
        'href="/fr/missions/ukraine-bilateral/snapshots.csv"',
        'lang="fr"',
    )


# The editions a mission appeared on, and the changes between them


def changes(content):
    return table_rows(content, "changes")


def list_items(content, css_class):
    block = re.search(rf'<ul class="{css_class}">(.*?)</ul>', content, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


@pytest.fixture
def three_editions():
    """A mission published on 2020-01-01, renamed, suspended and given figures on
    2021-01-01, off the page (ended) on 2022-01-01, and back on 2023-01-01."""
    region = make_region()
    mission = make_mission(region, slug="binuh", name="Integrated Office", started=START)
    publish_working_copy(datetime.date(2020, 1, 1))
    mission.name_en, mission.status = "United Nations Integrated Office", "suspended"
    mission.save()
    DeploymentSnapshot.objects.create(
        region=region, mission=mission, as_of=datetime.date(2020, 12, 1), authorized=40
    )
    publish_working_copy(datetime.date(2021, 1, 1))
    mission.status = "ended"
    mission.save()
    make_mission(region, slug="other", name="Other")  # the region stays on the page
    publish_working_copy(datetime.date(2022, 1, 1))
    mission.status = "active"
    mission.save()
    publish_working_copy(datetime.date(2023, 1, 1))
    return mission


def test_the_page_lists_the_editions_the_mission_appeared_on_with_links(three_editions, client):
    content = page_html(client, "/en/missions/binuh/")
    assert list_items(content, "appearances") == [
        "From edition 1 (January 1, 2020) to edition 2 (January 1, 2021); "
        "off the page from January 1, 2022",
        "In edition 4 (January 1, 2023); on the current page",
    ]
    for number in (1, 2, 4):
        assert f'href="/en/current-peace-operations/editions/{number}/"' in content


def test_the_page_shows_the_status_over_time_as_the_editions_showed_it(three_editions, client):
    content = page_html(client, "/en/missions/binuh/")
    assert list_items(content, "statuses") == [
        "Active: from January 1, 2020 to January 1, 2020",
        "Suspended: from January 1, 2021 to January 1, 2021",
        "Active: from January 1, 2023 to January 1, 2023",
    ]


def status_line(content):
    return re.search(r'<p class="mission-status">(.*?)</p>', content, re.S).group(1)


@pytest.mark.parametrize(
    "url,expected",
    [
        ("/en/missions/minustah/", "Closed: 2004 – October 15, 2017"),
        ("/en/missions/minujusth/", "Closed: October 16, 2017 – end date not known"),
        ("/en/missions/ukraine-bilateral/", "Suspended; started July 2015"),
        ("/en/missions/binuh/", "Running; start date not known"),
        ("/fr/missions/minustah/", "Terminée\u00a0: 2004 – 15 octobre 2017"),
        ("/fr/missions/ukraine-bilateral/", "Suspendue\u00a0; début\u00a0: juillet 2015"),
    ],
)
def test_the_status_over_time_starts_from_the_missions_own_dates(published_seed, url, expected):
    """French: fails until the lead adds the French of these lines to django.po."""
    assert status_line(page_html(Client(), url)) == expected


def test_a_running_mission_says_since_when(three_editions, client):
    assert status_line(page_html(client, "/en/missions/binuh/")) == "Running since January 1, 1990"


def test_recorded_changes_are_changes_between_editions_newest_first(three_editions, client):
    assert changes(page_html(client, "/en/missions/binuh/")) == [
        [
            "Edition 4, January 1, 2023",
            "Back on the page. Status changed from Suspended to Active.",
        ],
        ["Edition 3, January 1, 2022", "Left the page."],
        [
            "Edition 2, January 1, 2021",
            "Name changed from “Integrated Office” to “United Nations Integrated Office”. "
            "Status changed from Active to Suspended. Authorized deployments first given: "
            "40 (as of December 1, 2020).",
        ],
        ["Edition 1, January 1, 2020", "First shown on the page."],
    ]


def test_a_draft_name_never_shows_on_the_public_history_page():
    """Issue 14, item 4: a working name from a record's draft days stays private."""
    region = make_region()
    mission = make_mission(
        region,
        slug="opal",
        name="CODENAME-OPAL draft working name",
        name_fr="CODENAME-OPAL nom de travail",
        published=False,
    )
    mission.name_en, mission.name_fr = "Police Support Mission", "Mission de soutien policier"
    mission.published = True
    mission.save()
    publish_working_copy()
    mission.name_en = "Police Support Mission in Opal"
    mission.save()  # an unpublished rename stays private too
    for url in ("/en/missions/opal/", "/fr/missions/opal/", "/en/regions/ukraine/"):
        content = page_html(Client(), url)
        assert "CODENAME" not in content
        assert "in Opal" not in content
    assert "Mission de soutien policier" in page_html(Client(), "/fr/missions/opal/")


def test_an_editors_unpublished_change_stays_off_the_mission_page(client):
    region = make_region()
    mission = make_mission(region, slug="m", name="Published name", started=START)
    publish_working_copy()
    mission.name_en, mission.status = "Unpublished name", "ended"
    mission.save()
    DeploymentSnapshot.objects.create(region=region, mission=mission, as_of=START, authorized=7)
    content = page_html(client, "/en/missions/m/")
    assert "Unpublished name" not in content and "Published name" in content
    assert facts(content)["Status"] == "Active"
    assert "<svg" not in content
    publish_working_copy()
    content = page_html(Client(), "/en/missions/m/")
    assert "Unpublished name" in content and facts(content)["Status"] == "Ended"
    assert [row[:3] for row in table_rows(content, "figures")] == [
        ["January 1, 1990", "7", "Not recorded"]
    ]


def test_a_history_page_marks_each_text_shown_in_the_other_language(db):
    region = make_region(slug="somewhere", name="Somewhere")
    make_mission(region, slug="advisers", name="Police advisers", acronym_en="PA", body_en="Text.")
    document = build_document()
    make_edition(1, datetime.date(2024, 4, 1), document=document)
    # Published while the French texts were not known (as an archived page may be).
    for item in document["catalog"]["missions"] + document["catalog"]["regions"]:
        item["name"]["fr"] = ""
    document["regions"][0]["missions"][0]["body"]["fr"] = ""
    Edition.objects.filter(number=1).update(document=document)

    mission = page_html(Client(), "/fr/missions/advisers/")
    region = page_html(Client(), "/fr/regions/somewhere/")

    assert_shows(
        mission,
        '<h1 lang="en">Police advisers (PA)',
        '" lang="en">Somewhere</a>',
        '<div class="body" lang="en"><p>Text.</p>',
    )
    assert_shows(region, '<h1 lang="en">Somewhere</h1>', '/" lang="en">Police advisers (PA)</a>')
