"""The current page as it stood on a past date (?as_of=YYYY-MM-DD), checked against the
two seed versions: seed 001 (figures dated 2017-10-16) and seed 000 (dated 2024-04-01)."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from missions.models import Mission, Posting, Region, Status

from .helpers import make_mission, make_posting, make_region, make_snapshot

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"
SEED_000_REGIONS = ["Caribbean region", "Ukraine", "West Bank", "Democratic Republic of the Congo"]
SEED_001_REGIONS = ["Ukraine", "West Bank", "Haiti", "Colombia", "Iraq"]


def page(client, as_of=None, url=URL):
    response = client.get(url, {"as_of": as_of} if as_of else {})
    assert response.status_code == 200
    return response.content.decode()


def text_of(content):
    text = html.unescape(re.sub(r"<[^>]+>", "\n", content))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def summary(content):
    """The summary table as {region: cap text}."""
    rows = re.findall(
        r'<th scope="row" id="[^"]+">([^<]+)</th>.*?<td>.*?</td>\s*'
        r"<td>.*?</td>\s*"
        r'<td><span class="cell-label"[^>]*>[^<]*</span> ([^<]+)</td>',
        content,
        re.S,
    )
    return {html.unescape(name): cap for name, cap in rows}


def missions_shown(content):
    return re.findall(r'<h3><a href="/en/missions/([^/]+)/">', content)


def figures_of(content, slug):
    """The dt/dd pairs of the figures under a mission's heading."""
    article = re.search(rf'id="mission-{slug}">(.*?)</article>', content, re.S).group(1)
    block = re.search(r'<dl class="mission-figures">(.*?)</dl>', article, re.S)
    if block is None:
        return {}
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(1))
    return {term: re.sub(r"<[^>]+>", "", value) for term, value in pairs}


def test_on_2018_01_01_the_page_shows_the_seed_001_regions_and_figures(seeded, client):
    content = page(client, "2018-01-01")
    assert summary(content) == {
        "Ukraine": "Up to 20",
        "West Bank": "Up to 5",
        "Haiti": "Up to 90",
        "Colombia": "Up to 10",
        "Iraq": "Up to 20",
    }
    assert missions_shown(content) == [
        "ukraine-bilateral",
        "eupol-copps",
        "operation-proteus",
        "minujusth",
        "colombia-un-spm",
        "iraq-ministerial-liaison-team",
    ]
    text = text_of(content)
    assert "Democratic Republic of the Congo" not in text
    assert "Caribbean region" not in text


def test_on_2018_01_01_minujusth_shows_90_authorized_and_40_deployed(seeded, client):
    content = page(client, "2018-01-01")
    assert figures_of(content, "minujusth") == {
        "Authorized deployments": "90",
        "Deployed": "40",
        "Figures as of": "October 16, 2017",
    }
    assert figures_of(content, "ukraine-bilateral")["Deployed"] == "20"
    assert figures_of(content, "eupol-copps") == {
        "Deployed": "1",
        "Figures as of": "October 16, 2017",
    }
    assert figures_of(content, "colombia-un-spm") == {}


def test_the_past_date_page_says_which_date_it_shows_and_links_back_to_today(seeded, client):
    content = page(client, "2018-01-01")
    banner = re.search(r'<div class="as-of-banner" role="status">(.*?)</div>', content, re.S)
    assert "You are viewing this page as it stood on January 1, 2018." in banner.group(1)
    assert f'<a href="{URL}">See the current page</a>' in banner.group(1)
    assert "<title>Current peace operations on January 1, 2018 - " in content


def test_the_past_date_page_leaves_out_notes_that_speak_of_today(seeded, client):
    assert "Russian invasion" not in page(client, "2018-01-01")
    assert "Russian invasion" in page(client)


def test_between_the_two_seed_versions_the_page_shows_the_2017_figures(seeded, client):
    content = page(client, "2021-06-30")
    assert list(summary(content)) == SEED_001_REGIONS
    assert summary(content)["Haiti"] == "Up to 90"
    assert "Ukraine" in summary(content) and summary(content)["Ukraine"] == "Up to 20"


def test_on_the_day_of_seed_001_minujusth_has_replaced_minustah(seeded, client):
    content = page(client, "2017-10-16")
    assert list(summary(content)) == SEED_001_REGIONS
    assert "minustah" not in missions_shown(content)
    assert "minujusth" in missions_shown(content)


def test_the_day_before_seed_001_shows_minustah_and_no_figures_yet(seeded, client):
    content = page(client, "2017-10-15")
    assert "minustah" in missions_shown(content)
    assert "minujusth" not in missions_shown(content)
    assert set(summary(content).values()) == {"Not available"}
    assert list(summary(content)) == SEED_001_REGIONS


def test_before_seed_001_a_mission_is_shown_only_from_its_start(seeded, client):
    content = page(client, "2010-01-01")
    assert missions_shown(content) == ["eupol-copps", "minustah"]
    assert list(summary(content)) == ["West Bank", "Haiti"]


def test_before_any_record_the_page_says_nothing_was_running(seeded, client):
    content = page(client, "2003-12-31")
    assert "No peace operations are recorded on this date." in content
    assert "<table" not in content
    assert missions_shown(content) == []


def test_after_seed_000_the_page_matches_the_current_page(seeded, client):
    for day in ("2024-04-01", "2025-01-01"):
        content = page(client, day)
        assert summary(content) == {
            "Caribbean region": "Up to 48",
            "Ukraine": "Up to 45",
            "West Bank": "Up to 12",
            "Democratic Republic of the Congo": "Up to 25",
        }
        assert missions_shown(content) == missions_shown(page(client))
        # Missions that ended with no known end date are gone by the 2024 figures.
        for gone in ("MINUJUSTH", "Colombia", "Iraq", "Justice Rapid Response"):
            assert gone not in text_of(content)


def test_the_day_before_seed_000_still_shows_the_2017_regions(seeded, client):
    assert list(summary(page(client, "2024-03-31"))) == SEED_001_REGIONS


def test_today_as_of_is_the_current_page_without_a_banner(seeded, client):
    today = timezone.localdate().isoformat()
    content = page(client, today)
    assert "as-of-banner" not in content
    assert list(summary(content)) == SEED_000_REGIONS
    assert text_of(content) == text_of(page(client))


def test_postings_follow_the_date(seeded, client):
    earlier = text_of(page(client, "2018-01-01"))
    assert "Justice Rapid Response Training" in earlier
    assert "United Nations Pre-Selection Assistance and Assessment Team Project" in earlier
    assert "Justice Rapid Response" not in text_of(page(client, "2011-06-01"))
    assert "Justice Rapid Response" in text_of(page(client, "2014-06-01"))
    assert "Assessment Team Project" not in text_of(page(client, "2014-06-01"))
    assert "Justice Rapid Response" not in text_of(page(client))


def test_the_current_page_hides_mission_figures_a_newer_region_figure_replaces(seeded, client):
    content = page(client)
    assert 'class="mission-figures"' not in content
    region = Region.objects.get(slug="ukraine")
    mission = Mission.objects.get(slug="euam-ukraine")
    make_snapshot(region, mission, as_of=datetime.date(2024, 5, 1), authorized=10, deployed=0)
    assert figures_of(page(client), "euam-ukraine") == {
        "Authorized deployments": "10",
        "Deployed": "0",
        "Figures as of": "May 1, 2024",
    }


def test_every_mission_heading_links_to_its_history_page(seeded, client):
    for as_of, count in ((None, 7), ("2018-01-01", 6)):
        content = page(client, as_of)
        articles = re.findall(
            r'<article class="mission" id="mission-([^"]+)">\s*<h3>(.*?)</h3>', content
        )
        assert len(articles) == count == len(missions_shown(content))
        for slug, heading in articles:
            assert heading.startswith(f'<a href="/en/missions/{slug}/">'), heading
            assert client.get(f"/en/missions/{slug}/").status_code == 200


def test_the_french_past_date_page_shows_french_text(seeded, client):
    content = page(client, "2018-01-01", url="/fr/missions-en-cours/")
    assert "Haïti" in content
    assert "Irak" in content
    assert "/fr/missions/minujusth/" in content


def test_the_language_toggle_keeps_the_date(seeded, client):
    assert 'href="/fr/missions-en-cours/?as_of=2018-01-01"' in page(client, "2018-01-01")


def test_the_page_offers_a_date_form_and_the_downloads(seeded, client):
    content = page(client)
    assert '<form class="as-of-form" method="get" action="/en/current-peace-operations/">' in (
        content
    )
    assert '<gcds-date-input name="as_of" format="iso"' in content
    assert '<input type="text" name="as_of"' in content  # without JavaScript
    assert 'href="/en/data/snapshots.csv"' in content
    assert 'href="/en/data/snapshots.json"' in content


@pytest.mark.parametrize("value", ["20180101", "2018-W01-1", "2018-01-01T00:00", "01/01/2018"])
def test_only_the_yyyy_mm_dd_form_is_accepted(client, value):
    response = client.get(URL, {"as_of": value})
    assert response.status_code == 400
    assert f"“{value}” is not a date. Use the form YYYY-MM-DD." in response.content.decode()


def test_tomorrow_is_a_clear_400_that_names_the_date(client):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.get(URL, {"as_of": tomorrow})
    assert response.status_code == 400
    content = response.content.decode()
    assert f"{tomorrow} is in the future. Choose today or an earlier date." in content
    assert 'name="as_of"' in content


def test_an_empty_as_of_is_the_current_page(seeded, client):
    response = client.get(URL, {"as_of": ""})
    assert response.status_code == 200
    assert "as-of-banner" not in response.content.decode()


def test_the_past_date_page_query_count_does_not_grow(django_assert_num_queries):
    def build(count, start):
        for i in range(start, start + count):
            region = make_region(slug=f"region-{i}", name=f"Region {i}", position=i)
            make_snapshot(region, as_of=datetime.date(2015, 1, 1), authorized=10)
            for m in range(3):
                mission = make_mission(region, slug=f"mission-{i}-{m}", name=f"Mission {i}.{m}")
                make_snapshot(region, mission, as_of=datetime.date(2016, 1, 1), authorized=3)
        make_posting(slug=f"posting-{start}", status=Status.ENDED)

    build(2, 0)
    with django_assert_num_queries(4):
        Client().get(URL, {"as_of": "2018-01-01"})
    build(50, 2)
    with django_assert_num_queries(4):
        response = Client().get(URL, {"as_of": "2018-01-01"})
    assert len(missions_shown(response.content.decode())) == 52 * 3


# The activity rules themselves.


def test_an_ended_mission_with_no_end_date_leaves_at_the_next_recorded_figures():
    region = make_region()
    other = make_region(slug="other", name="Other")
    mission = make_mission(region, started=datetime.date(2016, 1, 1), status=Status.ENDED)
    make_snapshot(region, mission, as_of=datetime.date(2017, 1, 1))
    make_snapshot(other, as_of=datetime.date(2019, 1, 1))
    active = Mission.objects.active_on
    assert mission in active(datetime.date(2018, 12, 31))
    assert mission not in active(datetime.date(2019, 1, 1))


def test_an_ended_mission_with_no_later_figures_stays_on_past_dates_only():
    mission = make_mission(make_region(), started=datetime.date(2016, 1, 1), status=Status.ENDED)
    make_snapshot(mission.region, mission, as_of=datetime.date(2017, 1, 1))
    assert mission in Mission.objects.active_on(datetime.date(2024, 1, 1))
    assert mission not in Mission.objects.active_on(timezone.localdate())


def test_a_mission_with_no_start_and_no_figures_is_on_todays_page_only():
    mission = make_mission(make_region())
    assert mission in Mission.objects.active_on(timezone.localdate())
    assert mission not in Mission.objects.active_on(datetime.date(2020, 1, 1))


def test_an_ended_posting_leaves_with_the_newest_figures():
    posting = make_posting(since=datetime.date(2012, 1, 1), status=Status.ENDED)
    make_snapshot(make_region(), as_of=datetime.date(2024, 4, 1))
    assert posting in Posting.objects.active_on(datetime.date(2024, 3, 31))
    assert posting not in Posting.objects.active_on(datetime.date(2024, 4, 1))


def test_the_python_twin_of_active_on_agrees_with_the_query(seeded):
    days = [datetime.date(year, month, 1) for year in range(2003, 2026) for month in (1, 7)]
    days += [datetime.date(2017, 10, 15), datetime.date(2017, 10, 16), timezone.localdate()]
    missions = list(Mission.objects.with_activity())
    for day in days:
        in_python = {m.slug for m in missions if m.is_active_on(day)}
        in_sql = set(Mission.objects.active_on(day).values_list("slug", flat=True))
        assert in_python == in_sql, day
