import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from missions.models import DeploymentSnapshot, Mission, Status

from .helpers import (
    inline_scripts,
    inline_styles,
    make_mission,
    make_region,
    make_snapshot,
)

pytestmark = pytest.mark.django_db

START = datetime.date(1990, 1, 1)


def add_figures(mission, count):
    """count daily snapshots from 1990, with a repeating pattern of figures."""
    DeploymentSnapshot.objects.bulk_create(
        DeploymentSnapshot(
            region_id=mission.region_id,
            mission=mission,
            as_of=START + datetime.timedelta(days=i),
            authorized=100 + i % 37,
            deployed=50 + i % 23,
            source="Test figures",
        )
        for i in range(count)
    )


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def facts(content):
    block = re.search(r'<dl class="facts">(.*?)</dl>', content, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)
    return {term: re.sub(r"<[^>]+>", "", value) for term, value in pairs}


def lineage(content):
    block = re.search(r'<ol class="lineage">(.*?)</ol>', content, re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def table_rows(content, table_class):
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', content, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_mission_page_lives_at_its_named_url(seeded):
    mission = Mission.objects.get(slug="binuh")
    assert mission.get_absolute_url() == "/en/missions/binuh/"


def test_the_mission_page_shows_its_facts_with_the_precision_of_its_dates(seeded, client):
    content = get(client, "/en/missions/ukraine-bilateral/")
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


def test_an_ended_mission_has_a_history_page_with_its_dates(seeded, client):
    content = get(client, "/en/missions/minustah/")
    assert "<h1>United Nations Stabilization Mission in Haiti (MINUSTAH)</h1>" in content
    found = facts(content)
    assert (found["Status"], found["Started"], found["Ended"]) == (
        "Ended",
        "2004",
        "October 15, 2017",
    )
    assert '<time datetime="2017-10-15">October 15, 2017</time>' in content
    assert facts(get(client, "/en/missions/minujusth/"))["Ended"] == "Date not known"
    assert facts(get(client, "/en/missions/binuh/"))["Started"] == "Not known"


def test_the_lineage_links_both_ways_from_minustah_to_binuh(seeded, client):
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
        items = lineage(get(client, f"/en/missions/{slug}/"))
        assert len(items) == 3
        for item, link in zip(items, expected, strict=True):
            if link is None:
                assert item.startswith('<strong aria-current="page">')
            else:
                assert item == link


def test_a_mission_with_no_predecessor_or_successor_has_no_lineage(seeded, client):
    content = get(client, "/en/missions/monusco/")
    assert 'id="lineage"' not in content


def test_the_lineage_leaves_out_draft_missions():
    region = make_region()
    first = make_mission(region, slug="first", name="First")
    draft = make_mission(region, slug="draft", name="Draft", predecessor=first, published=False)
    make_mission(region, slug="third", name="Third", predecessor=draft)
    content = get(Client(), "/en/missions/first/")
    assert "Draft" not in content
    assert 'id="lineage"' not in content


def test_the_chart_is_an_accessible_inline_svg(seeded, client):
    content = get(client, "/en/missions/minujusth/")
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


def test_the_table_lists_the_figures_of_the_chart(seeded, client):
    content = get(client, "/en/missions/minujusth/")
    assert table_rows(content, "figures") == [["October 16, 2017", "90", "40"]]
    assert '<th scope="col">Authorized</th>' in content
    assert "<caption" in content
    assert "The full series is in the data downloads." in content
    eupol = get(client, "/en/missions/eupol-copps/")
    assert table_rows(eupol, "figures") == [["October 16, 2017", "Not recorded", "1"]]


def test_a_mission_without_figures_points_to_its_region(seeded, client):
    content = get(client, "/en/missions/binuh/")
    assert "<svg" not in content
    assert "No figures are recorded for this mission alone." in content
    assert '<a href="/en/regions/caribbean-region/">Caribbean region</a>' in content


def test_the_mission_page_links_to_its_downloads(seeded, client):
    content = get(client, "/en/missions/minujusth/")
    assert 'href="/en/missions/minujusth/snapshots.csv"' in content
    assert 'href="/en/missions/minujusth/snapshots.json"' in content
    assert 'href="/en/data/snapshots.csv"' in content


def test_a_long_series_is_downsampled_for_drawing_and_the_table_matches_the_chart(client):
    mission = make_mission(make_region(), started=START)
    add_figures(mission, 10_000)
    content = get(client, f"/en/missions/{mission.slug}/")
    rows = table_rows(content, "figures")
    assert 2 < len(rows) <= 200
    assert rows[0][0] == "January 1, 1990"
    assert rows[-1][0] == (START + datetime.timedelta(days=9999)).strftime("%B %-d, %Y")
    assert content.count("<circle ") == len(rows) + 1  # plus the legend's marker
    assert content.count("<rect ") == len(rows) + 1
    assert f"show {len(rows)} of the 10000 dates with figures" in content
    highest = max(100 + i % 37 for i in range(10_000))
    assert [str(highest)] == [row[1] for row in rows if row[1] == str(highest)][:1]


def test_the_history_page_query_count_does_not_grow_with_10000_snapshots(
    django_assert_num_queries,
):
    region = make_region()
    small = make_mission(region, slug="small", started=START)
    big = make_mission(region, slug="big", started=START, predecessor=small)
    add_figures(small, 10)
    add_figures(big, 10_000)
    with django_assert_num_queries(5):
        small_page = Client().get("/en/missions/small/")
    with django_assert_num_queries(5):
        big_page = Client().get("/en/missions/big/")
    assert small_page.status_code == big_page.status_code == 200


def test_the_french_page_shows_french_text_and_dates(seeded):
    content = get(Client(), "/fr/missions/ukraine-bilateral/")
    assert "Mission de police canadienne en Ukraine – Engagement bilatéral" in content
    assert "juillet 2015" in content
    assert 'href="/fr/missions/ukraine-bilateral/snapshots.csv"' in content
    assert 'lang="fr"' in content


# Recorded changes


def changes(content):
    return table_rows(content, "changes")


def at(day):
    return timezone.make_aware(datetime.datetime(2025, 1, day, 12))


def test_recorded_changes_list_status_name_and_figure_changes_newest_first(client):
    region = make_region()
    mission = make_mission(region, slug="binuh", name="Integrated Office", started=START)
    snapshot = make_snapshot(region, mission, as_of=datetime.date(2020, 1, 1), authorized=40)
    snapshot.authorized, snapshot.deployed = 48, 30
    snapshot.save()
    snapshot.source = "A better source"  # not a figure: not listed
    snapshot.save()
    mission.status = Status.SUSPENDED
    mission.save()
    mission.name_en = "United Nations Integrated Office in Haiti"
    mission.save()
    later = make_snapshot(region, mission, as_of=datetime.date(2021, 1, 1), authorized=12)
    later.as_of = datetime.date(2021, 2, 1)
    later.save()
    later.delete()
    versions = list(mission.history.order_by("history_id")) + list(
        DeploymentSnapshot.history.order_by("history_id")
    )
    for day, version in enumerate(sorted(versions, key=lambda v: v.history_date), start=1):
        type(version).objects.filter(pk=version.pk).update(history_date=at(day))

    assert changes(get(client, "/en/missions/binuh/")) == [
        ["January 9, 2025", "Figures for February 1, 2021 removed: 12 authorized."],
        ["January 8, 2025", "Figures for January 1, 2021 redated to February 1, 2021."],
        ["January 7, 2025", "Figures for January 1, 2021 added: 12 authorized."],
        [
            "January 6, 2025",
            "Name changed from “Integrated Office” to “United Nations Integrated Office in Haiti”.",
        ],
        ["January 5, 2025", "Status changed from Active to Suspended."],
        [
            "January 3, 2025",
            "Figures for January 1, 2020 corrected: 48 authorized, 30 deployed "
            "(were 40 authorized).",
        ],
        ["January 2, 2025", "Figures for January 1, 2020 added: 40 authorized."],
    ]


def test_a_figure_both_redated_and_changed_says_both():
    region = make_region()
    mission = make_mission(region, started=START)
    snapshot = make_snapshot(region, mission, as_of=datetime.date(2020, 1, 1), authorized=40)
    snapshot.as_of, snapshot.authorized = datetime.date(2020, 2, 1), 45
    snapshot.save()
    assert [change.description for change in mission.recorded_changes()][:1] == [
        "Figures for January 1, 2020 corrected: now dated February 1, 2020, 45 authorized "
        "(were 40 authorized)."
    ]


def test_recorded_changes_take_two_queries(django_assert_num_queries):
    region = make_region()
    mission = make_mission(region, started=START)
    for month in range(1, 13):
        make_snapshot(region, mission, as_of=datetime.date(2020, month, 1))
    with django_assert_num_queries(2):
        assert len(mission.recorded_changes()) == 12


def test_a_mission_with_no_changes_says_so(client):
    make_mission(make_region(), slug="quiet")
    assert "No changes have been recorded since this mission was added." in get(
        client, "/en/missions/quiet/"
    )


def test_recorded_changes_of_10000_snapshots_list_only_the_newest_hundred(client):
    mission = make_mission(make_region(), started=START)
    add_figures(mission, 10_000)
    history = DeploymentSnapshot.history.model
    history.objects.bulk_create(
        history(
            id=snapshot.pk,
            region_id=snapshot.region_id,
            mission_id=snapshot.mission_id,
            as_of=snapshot.as_of,
            authorized=snapshot.authorized,
            deployed=snapshot.deployed,
            source=snapshot.source,
            modified=snapshot.modified,
            history_date=timezone.make_aware(datetime.datetime(2000, 1, 1))
            + datetime.timedelta(minutes=i),
            history_type="+",
        )
        for i, snapshot in enumerate(mission.snapshots.order_by("as_of"))
    )
    rows = changes(get(client, f"/en/missions/{mission.slug}/"))
    assert len(rows) == 100
    newest = (START + datetime.timedelta(days=9999)).strftime("%B %-d, %Y")
    assert rows[0][1].startswith(f"Figures for {newest} added")
    assert "Only the 100 most recent changes are listed." in get(
        client, f"/en/missions/{mission.slug}/"
    )
