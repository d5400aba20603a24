import datetime
import re

import pytest
from django.test import Client

from missions.models import DeploymentSnapshot, Mission, Region, Status

from .helpers import make_mission, make_region, make_snapshot

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def table_rows(content, table_class):
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', content, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_region_page_lives_at_its_named_url(seeded):
    assert Region.objects.get(slug="ukraine").get_absolute_url() == "/en/regions/ukraine/"


def test_the_region_page_shows_its_cap_over_time(seeded, client):
    content = get(client, "/en/regions/ukraine/")
    assert "<h1>Ukraine</h1>" in content
    # 2017: no region figure yet, so the bilateral engagement's 20; 2024: "Up to 45".
    assert table_rows(content, "figures") == [["October 16, 2017", "20"], ["April 1, 2024", "45"]]
    assert 'role="img" aria-labelledby="cap-chart-title cap-chart-desc"' in content
    assert "style=" not in content


@pytest.mark.parametrize(
    "slug,expected",
    [
        ("haiti", [["October 16, 2017", "90"]]),
        ("west-bank", [["October 16, 2017", "5"], ["April 1, 2024", "12"]]),
        ("caribbean-region", [["April 1, 2024", "48"]]),
        ("colombia", [["October 16, 2017", "10"]]),
    ],
)
def test_the_cap_over_time_matches_the_seed_summary_tables(seeded, client, slug, expected):
    assert table_rows(get(client, f"/en/regions/{slug}/"), "figures") == expected


def test_the_region_page_lists_its_missions_past_and_present_with_their_dates(seeded, client):
    content = get(client, "/en/regions/haiti/")
    assert table_rows(content, "missions") == [
        [
            "United Nations Stabilization Mission in Haiti (MINUSTAH)",
            "Ended",
            "2004",
            "October 15, 2017",
        ],
        [
            "United Nations Mission for Justice Support in Haiti (MINUJUSTH)",
            "Ended",
            "October 16, 2017",
            "Not known",
        ],
    ]
    assert '<a href="/en/missions/minustah/">' in content
    ukraine = table_rows(get(client, "/en/regions/ukraine/"), "missions")
    assert [row[1:3] for row in ukraine] == [["Suspended", "July 2015"], ["Active", "Not known"]]


def test_a_draft_region_is_a_404_and_draft_missions_are_not_listed(client):
    make_region(slug="draft", published=False)
    assert client.get("/en/regions/draft/").status_code == 404
    region = make_region(slug="public", name="Public")
    make_mission(region, slug="shown", name="Shown mission")
    draft = make_mission(region, slug="hidden", name="Hidden mission", published=False)
    make_snapshot(region, draft, authorized=99)
    content = get(client, "/en/regions/public/")
    assert "Shown mission" in content
    assert "Hidden mission" not in content
    assert "No figures are recorded for this region." in content


def test_the_french_region_page_uses_french_names(seeded):
    content = get(Client(), "/fr/regions/haiti/")
    assert "<h1>Haïti</h1>" in content
    assert "Mission des Nations Unies pour la stabilisation en Haïti" in content
    assert "16 octobre 2017" in content


def test_the_cap_series_agrees_with_the_summary_table_on_every_date():
    region = make_region()
    early = make_mission(
        region,
        slug="early",
        started=datetime.date(2010, 1, 1),
        ended=datetime.date(2012, 6, 30),
        status=Status.ENDED,
    )
    later = make_mission(region, slug="later", started=datetime.date(2011, 1, 1))
    undated = make_mission(region, slug="undated", status=Status.ENDED)
    make_snapshot(region, early, as_of=datetime.date(2010, 1, 1), authorized=10)
    make_snapshot(region, later, as_of=datetime.date(2011, 1, 1), authorized=5, deployed=5)
    make_snapshot(region, undated, as_of=datetime.date(2011, 6, 1), authorized=7)
    make_snapshot(region, early, as_of=datetime.date(2012, 1, 1), authorized=12)
    make_snapshot(region, later, as_of=datetime.date(2013, 1, 1), authorized=None, deployed=3)
    make_snapshot(region, as_of=datetime.date(2014, 1, 1), authorized=30)
    make_snapshot(region, later, as_of=datetime.date(2015, 1, 1), authorized=8)
    make_snapshot(region, as_of=datetime.date(2016, 1, 1), authorized=None, deployed=4)
    make_snapshot(make_region(slug="other", name="Other"), as_of=datetime.date(2011, 9, 1))

    series = region.cap_series()
    for day, cap in series:
        summary = Region.objects.with_latest_figures(day).get(pk=region.pk)
        missions = Mission.objects.active_on(day).with_latest_figures(day).filter(region=region)
        assert summary.cap(list(missions)) == cap, day
    assert series == [
        (datetime.date(2010, 1, 1), 10),
        (datetime.date(2011, 1, 1), 15),
        (datetime.date(2011, 6, 1), 22),
        (datetime.date(2012, 1, 1), 17),  # "undated" left with the other region's figures
        (datetime.date(2013, 1, 1), None),  # "early" has ended; "later" gave no authorized
        (datetime.date(2014, 1, 1), 30),
        (datetime.date(2015, 1, 1), 30),
        (datetime.date(2016, 1, 1), 8),  # a region figure without authorized
    ]


def test_the_region_page_query_count_does_not_grow_with_its_figures(django_assert_num_queries):
    region = make_region()
    missions = [make_mission(region, slug=f"mission-{i}", name=f"Mission {i}") for i in range(3)]

    def add(count):
        DeploymentSnapshot.objects.filter(region=region).delete()
        DeploymentSnapshot.objects.bulk_create(
            DeploymentSnapshot(
                region=region,
                mission=missions[i % 4] if i % 4 < 3 else None,
                as_of=datetime.date(1990, 1, 1) + datetime.timedelta(days=i),
                authorized=i % 40,
            )
            for i in range(count)
        )

    add(8)
    with django_assert_num_queries(5):
        Client().get("/en/regions/ukraine/")
    add(10_000)
    with django_assert_num_queries(5):
        content = get(Client(), "/en/regions/ukraine/")
    assert len(table_rows(content, "figures")) <= 200
