"""The current page as it stood on a past date (?as_of=YYYY-MM-DD), checked against the
two seed versions: seed 001 (figures dated 2017-10-16) and seed 000 (dated 2024-04-01)."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from missions.models import Mission, Region, Status

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
        r'<th scope="row"><a href="#[^"]+">([^<]+)</a></th>.*?<td>.*?</td>\s*<td>.*?</td>\s*'
        r"<td>([^<]+)</td>",
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
    assert 'type="date" name="as_of"' in content
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
