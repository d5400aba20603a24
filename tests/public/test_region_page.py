"""A region's history page: its own published figures and its missions', each marked with
the edition that showed it, the cap the summary table showed, its missions past and
present, in both languages."""

import datetime
import html
import re

import pytest
from django.test import Client

from missions.editions.loading import load_edition
from missions.models import Region

from ..helpers.edition_files import HEAD, edition_file, figure_toml, mission_toml, region_toml
from ..helpers.editions import publish_working_copy
from ..helpers.pages import assert_shows, page_html, table_rows
from ..helpers.records import make_mission, make_region, make_snapshot

pytestmark = pytest.mark.django_db


def test_the_region_page_lives_at_its_named_url(seeded):
    assert Region.objects.get(slug="ukraine").get_absolute_url() == "/en/regions/ukraine/"


LINEAGE = {
    "en": (
        'Formerly <a href="/en/regions/haiti/">Haiti</a>.',
        'Continued as <a href="/en/regions/caribbean-region/">Caribbean region</a> from 2024.',
    ),
    "fr": (
        'Anciennement <a href="/fr/regions/haiti/">Haïti</a>.',
        "Poursuivie sous le nom "
        '<a href="/fr/regions/caribbean-region/">Région des Caraïbes</a> à partir de 2024.',
    ),
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_haiti_and_caribbean_region_history_pages_link_each_other(seeded, client, language):
    formerly, continued = LINEAGE[language]
    caribbean = page_html(client, f"/{language}/regions/caribbean-region/")
    haiti = page_html(client, f"/{language}/regions/haiti/")
    assert_shows(caribbean, formerly)
    assert_shows(haiti, continued)
    assert "Continued as" not in caribbean and "Formerly" not in haiti


def test_a_region_with_no_lineage_says_nothing_of_one(seeded, client):
    html = page_html(client, "/en/regions/ukraine/")
    assert 'class="region-lineage"' not in html


def gap_rows(content):
    return [
        re.sub(r"<[^>]+>", "", row).split()
        for row in re.findall(r'<tr class="gap">(.*?)</tr>', content, re.S)
    ]


@pytest.fixture
def ukraine_over_time():
    """Ukraine as two editions showed it: the bilateral engagement's 20 on a 2018 page (the
    summary table's sum), the region's "Up to 45" on a 2024 page."""
    region = make_region()
    mission = make_mission(region, slug="ukraine-bilateral")
    make_snapshot(region, mission, as_of=datetime.date(2017, 10, 16), authorized=20)
    publish_working_copy(datetime.date(2018, 1, 1))
    make_snapshot(region, as_of=datetime.date(2024, 4, 1), authorized=45)
    publish_working_copy(datetime.date(2024, 6, 1))
    return region


def as_shown(content):
    """The rows of the table of what the summary table showed, entities decoded."""
    return [[html.unescape(cell) for cell in row] for row in table_rows(content, "as-shown")]


SEED_EDITION_1 = "Shown on the page: edition 1 (October 16, 2017)"
SEED_EDITION_2 = "Shown on the page: edition 2 (April 1, 2024)"
EDITION_1 = "Shown on the page: edition 1 (January 1, 2018)"
EDITION_2 = "Shown on the page: edition 2 (June 1, 2024)"


def test_the_region_page_lists_its_own_figures_its_missions_and_the_summary_tables_cap(
    ukraine_over_time, client
):
    content = page_html(client, "/en/regions/ukraine/")
    assert "<h1>Ukraine</h1>" in content
    assert table_rows(content, "figures") == [["April 1, 2024", "45", "Not recorded", EDITION_2]]
    assert table_rows(content, "by-mission") == [
        ["Bilateral engagement", "October 16, 2017", "20", "Not recorded", EDITION_1]
    ]
    assert as_shown(content) == [
        ["October 16, 2017", "Up to 20", "The sum of its missions' figures", EDITION_1],
        ["April 1, 2024", "Up to 45", "The region's own figure", EDITION_2],
    ]
    assert '<caption id="summary-caption">The cap the summary table showed</caption>' in content
    assert 'role="img" aria-labelledby="cap-chart-title cap-chart-desc"' in content
    assert "Summary table: dotted line, diamond markers." in content
    assert "style=" not in content


def test_the_chart_draws_the_regions_figures_and_the_summary_tables_cap(ukraine_over_time, client):
    content = page_html(client, "/en/regions/ukraine/")
    svg = re.search(r"<svg .*?</svg>", content, re.S).group(0)
    authorized, deployed, summary = (
        re.search(rf'<g class="chart-markers series-{n}".*?</g>', svg, re.S).group(0)
        for n in (1, 2, 3)
    )
    assert authorized.count("<circle ") == 1 + 1  # 2024, and the legend
    assert deployed.count("<rect ") == 0 + 1
    assert summary.count("<polygon ") == 2 + 1  # 2017 and 2024


def test_the_table_marks_the_years_without_a_figure_as_the_chart_does(client):
    region = make_region()
    make_snapshot(region, as_of=datetime.date(2017, 10, 16), authorized=20)
    make_snapshot(region, as_of=datetime.date(2024, 4, 1), authorized=45)
    publish_working_copy(datetime.date(2024, 6, 1))
    content = page_html(client, "/en/regions/ukraine/")
    assert " ".join(gap_rows(content)[0]) == "October 16, 2018 No figure known until April 1, 2024."
    # The 2017 figure stands one year, then the line breaks until 2024.
    series = re.search(r'<g class="chart-series series-1".*?</g>', content, re.S).group(0)
    assert series.count("<polyline") == 1  # the lone 2024 point is only a marker
    assert "Each figure stands until the next one, for a year at most" in content


@pytest.mark.parametrize("slug,cap", [("ukraine", "45"), ("caribbean-region", "48")])
def test_the_published_seed_shows_the_cap_of_its_edition(published_seed, client, slug, cap):
    content = page_html(client, f"/en/regions/{slug}/")
    expected = [["April 1, 2024", cap, "Not recorded", SEED_EDITION_2]]
    assert table_rows(content, "figures") == expected


def test_a_region_figure_is_marked_with_the_edition_that_showed_it_in_a_missions_block(
    published_seed, client
):
    """The 2017 page gave the West Bank's cap of 5 in each mission's block."""
    content = page_html(client, "/en/regions/west-bank/")
    assert table_rows(content, "figures") == [
        ["October 16, 2017", "5", "Not recorded", SEED_EDITION_1],
        ["April 1, 2024", "12", "Not recorded", SEED_EDITION_2],
    ]


def test_a_region_figure_published_later_for_a_past_date_is_listed_as_history_only(
    published_seed, client
):
    """Issue: Ukraine's cap dated 2021-06-01 was in the region's CSV, not on its page."""
    ukraine = Region.objects.get(slug="ukraine")
    make_snapshot(ukraine, as_of=datetime.date(2021, 6, 1), authorized=30)
    publish_working_copy(datetime.date(2025, 1, 1))
    content = page_html(client, "/en/regions/ukraine/")
    assert table_rows(content, "figures") == [
        ["June 1, 2021", "30", "Not recorded", "Not shown on the page (history only)"],
        ["April 1, 2024", "45", "Not recorded", SEED_EDITION_2],
    ]


def test_the_region_page_lists_the_editions_it_appeared_on(ukraine_over_time, client):
    content = page_html(client, "/en/regions/ukraine/")
    assert 'href="/en/current-peace-operations/editions/1/"' in content
    assert "on the current page" in content
    assert (
        "Summary-table figure changed from Up to 20 (as of October 16, 2017) "
        "to Up to 45 (as of April 1, 2024)." in content
    )


def test_the_french_region_page_labels_its_figures_in_french(ukraine_over_time):
    """Fails until the lead adds the French of the new labels to django.po."""
    content = page_html(Client(), "/fr/regions/ukraine/")
    assert as_shown(content)[0] == [
        "16 octobre 2017",
        "20 tout au plus",
        "La somme des chiffres de ses missions",
        "Affiché sur la page\u00a0: édition 1 (1er janvier 2018)",
    ]
    assert table_rows(content, "by-mission")[0][-1] == (
        "Affiché sur la page\u00a0: édition 1 (1er janvier 2018)"
    )


def test_the_region_page_lists_its_missions_past_and_present_with_their_dates(
    published_seed, client
):
    content = page_html(client, "/en/regions/haiti/")
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
    ukraine = table_rows(page_html(client, "/en/regions/ukraine/"), "missions")
    assert [row[1:3] for row in ukraine] == [["Suspended", "July 2015"], ["Active", "Not known"]]


def test_a_draft_region_is_a_404_and_draft_missions_are_not_listed(client):
    make_region(slug="draft", published=False)
    region = make_region(slug="public", name="Public")
    make_mission(region, slug="shown", name="Shown mission")
    draft = make_mission(region, slug="hidden", name="Hidden mission", published=False)
    make_snapshot(region, draft, authorized=99)
    publish_working_copy()
    assert client.get("/en/regions/draft/").status_code == 404
    content = page_html(client, "/en/regions/public/")
    assert "Shown mission" in content
    assert "Hidden mission" not in content
    assert "No figures are published for this region." in content


def test_an_editors_unpublished_change_stays_off_the_region_page(client):
    region = make_region(note_en="Published note", note_fr="Note publiée")
    make_mission(region, slug="m", name="Mission")
    publish_working_copy()
    region.name_en, region.note_en = "Renamed", "Unpublished note"
    region.save()
    make_mission(region, slug="new", name="New mission")
    make_snapshot(region, authorized=77)
    content = page_html(client, "/en/regions/ukraine/")
    for text in ("Renamed", "Unpublished note", "New mission", "77"):
        assert text not in content
    assert "Published note" in content


def test_the_french_region_page_uses_french_names(published_seed):
    content = page_html(Client(), "/fr/regions/haiti/")
    assert "<h1>Haïti</h1>" in content
    assert "Mission des Nations Unies pour la stabilisation en Haïti" in content
    assert "16 octobre 2017" in content


def test_a_cap_a_2017_edition_gave_before_the_summary_table_is_on_the_region_page(client):
    """The 2016-18 pages stated Ukraine's cap in its section, not in a summary table."""
    cap = figure_toml("authorized", 20, "Up to 20 officers", "region", "regions.figures")
    head = HEAD.replace("2016-06-01", "2017-10-16")
    load_edition(edition_file(region_toml("ukraine", "Ukraine", "Ukraine"), cap, head=head))
    assert table_rows(page_html(client, "/en/regions/ukraine/"), "figures") == [
        ["October 16, 2017", "20", "Not recorded", SEED_EDITION_1]
    ]
    french = table_rows(page_html(client, "/fr/regions/ukraine/"), "figures")
    assert french[0][:2] == ["16 octobre 2017", "20"]
    assert "édition 1" in french[0][3]


@pytest.fixture
def binuh_moved():
    """BINUH as the pages listed it: under Haiti in 2022, under the Caribbean region (its
    record's region) in 2024."""
    caribbean = region_toml("caribbean-region", "Caribbean region", "Région des Caraïbes")
    load_edition(
        edition_file(
            caribbean, mission_toml("binuh"), head=HEAD.replace("2016-06-01", "2024-04-01")
        )
    )
    figure = figure_toml("authorized", 3, "3", "mission")
    haiti = region_toml("haiti", "Haiti", "Haïti", language="fr")
    load_edition(
        edition_file(
            haiti, mission_toml("binuh"), figure, head=HEAD.replace("2016-06-01", "2022-06-01")
        )
    )


def missions_listed(content):
    """The rows of the region's list of missions, as text."""
    section = content.split('<h2 id="missions">')[1].split("</table>")[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r'<th scope="row">.*?</th>', section, re.S)
    ]


def test_a_region_lists_the_missions_the_editions_listed_under_it(binuh_moved, client):
    assert missions_listed(page_html(client, "/en/regions/haiti/")) == [
        "Mission binuh Listed under this region by the edition of June 1, 2022"
    ]
    assert missions_listed(page_html(client, "/en/regions/caribbean-region/")) == ["Mission binuh"]
    # The figure its block showed in 2022 is BINUH's, kept with its record's region.
    content = page_html(client, "/en/regions/caribbean-region/")
    assert table_rows(content, "by-mission") == [
        [
            "Mission binuh",
            "June 1, 2022",
            "3",
            "Not recorded",
            "Shown on the page: edition 2 (June 1, 2022)",
        ]
    ]


def test_the_french_region_page_says_which_editions_listed_a_mission_under_it(binuh_moved):
    content = page_html(Client(), "/fr/regions/haiti/")
    assert missions_listed(content) == [
        "Mission binuh FR Classée dans cette région par l'édition du 1er juin 2022"
    ]


def test_a_mission_listed_under_a_region_by_several_editions_gives_their_dates(binuh_moved, client):
    haiti = region_toml("haiti", "Haiti", "Haïti", language="fr")
    load_edition(
        edition_file(haiti, mission_toml("binuh"), head=HEAD.replace("2016-06-01", "2023-06-01"))
    )
    assert missions_listed(page_html(client, "/en/regions/haiti/")) == [
        "Mission binuh Listed under this region by the editions of June 1, 2022 to June 1, 2023"
    ]
