"""The UN's own monthly figures on a mission's history page: a second series on the chart,
a table of its months, a note where ours and the UN's differ, and its sources."""

import datetime
import html
import re

import pytest
from django.test import Client

from missions.core.choices import PersonnelType
from missions.models import Edition, Mission, PublishedUNFigure, UNContribution

from ..helpers.editions import publish_working_copy
from ..helpers.pages import assert_shows, page_html, plain_text, table_rows
from ..helpers.records import make_snapshot
from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db

URL = "/en/missions/monusco/"
FR_URL = "/fr/missions/monusco/"
IPI = "IPI Peacekeeping Database, gender file (CSV)"
UN = "UN monthly PDF reports"


def publish_un_figures(*rows, mission="monusco", acronym="MONUSCO"):
    """Published UN figures of Canada's individual police, (month, male, female, total,
    source) each, as the live edition published them."""
    edition = Edition.objects.live()
    return PublishedUNFigure.objects.bulk_create(
        PublishedUNFigure(
            contribution_id=number,
            month=month,
            acronym=acronym,
            mission=mission,
            personnel_type=PersonnelType.INDIVIDUAL_POLICE,
            male=male,
            female=female,
            total=total,
            source=source,
            edition=edition,
        )
        for number, (month, male, female, total, source) in enumerate(rows, start=1)
    )


def our_monusco_figure(as_of, deployed):
    """Our own published deployed figure for MONUSCO, as edition 2."""
    monusco = Mission.objects.get(slug="monusco")
    make_snapshot(monusco.region, monusco, as_of=as_of, authorized=40, deployed=deployed)
    return publish_working_copy(summary="MONUSCO's figure")


@pytest.fixture
def monusco(published_seed):
    """Our figure of 21 deployed in MONUSCO on January 15, 2023, and the UN's months around
    it: 2012 from the IPI's file, 2023 from the UN's reports, one with no total."""
    our_monusco_figure(datetime.date(2023, 1, 15), deployed=21)
    publish_un_figures(
        (datetime.date(2012, 6, 30), 2, 1, 3, IPI),
        (datetime.date(2019, 10, 31), 9, 4, None, UN),
        (datetime.date(2023, 1, 31), 11, 10, 21, UN),
        (datetime.date(2023, 2, 28), 10, 9, 19, UN),
    )


def sentences(content):
    """The page's text with its links' words in their sentences."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", content)).split())


def svg(content):
    return re.search(r"<svg .*?</svg>", content, re.S).group(0)


def test_the_chart_draws_the_uns_totals_as_a_third_series(monusco, client):
    chart = svg(page_html(client, URL))
    # Its legend entry wraps onto a second row rather than run off the chart.
    assert (
        'x="104" y="38" dy="4" fill="#333" stroke="none">Deployed, as reported by the UN' in chart
    )
    assert "Deployed, as reported by the UN (monthly): dotted line, diamond markers." in chart
    title = "Authorized and deployed police, ours and the UN's, by date"
    assert f'<title id="figures-chart-title">{title}</title>' in chart
    # Three of the UN's four months have a total: male + female is never made one.
    legend = 1
    assert chart.count('<g class="chart-markers series-3"') == 1
    series = re.search(r'<g class="chart-markers series-3".*?</g>', chart, re.S).group(0)
    assert series.count("<polygon ") == 3 + legend


def test_the_table_lists_each_month_of_the_un_as_given(monusco, client):
    content = page_html(client, URL)
    assert table_rows(content, "un-figures") == [
        ["June 2012", "2", "1", "3", "Source 1"],
        ["October 2019", "9", "4", "Not given", "Source 2"],
        ["January 2023", "11", "10", "21", "Source 2"],
        ["February 2023", "10", "9", "19", "Source 2"],
    ]
    # Each source once, cited by its number.
    assert f'<li id="un-source-1">{IPI}</li><li id="un-source-2">{UN}</li>' in content
    assert '<a href="#un-source-2">Source 2</a>' in content
    assert "Canada&#x27;s individual police, as reported by the UN, by month" in content
    assert_shows(
        plain_text(content),
        "The UN gave no total for October 2019: the chart leaves that month out.",
    )


def test_the_page_lists_each_source_and_its_terms(monusco, client):
    content = page_html(client, URL)
    assert '<a href="https://github.com/IPIDataLab/PPP_Loader">' in content
    assert_shows(
        sentences(content),
        "To August 2014: the IPI Peacekeeping Database of the International Peace Institute",
        "a GNU GPL v2 licence file, which covers the repository; no separate licence is "
        "stated for the data.",
        "From January 2015: the UN Department of Peace Operations' monthly reports",
        "No licence is stated.",
    )


def test_a_month_where_ours_and_the_uns_differ_by_more_than_the_threshold_is_named(
    published_seed, client, settings
):
    settings.UN_DIVERGENCE_THRESHOLD = 5
    our_monusco_figure(datetime.date(2023, 1, 15), deployed=30)
    publish_un_figures((datetime.date(2023, 1, 31), 11, 10, 21, UN))
    text = plain_text(page_html(client, URL))
    assert_shows(
        text,
        "Where our deployed figure and the UN's total for the same month differ by more "
        "than 5 officers:",
        "January 2023: our figure is 30 deployed (as of January 15, 2023); the UN's is 21.",
    )


def test_months_within_the_threshold_are_said_to_agree(published_seed, client, settings):
    settings.UN_DIVERGENCE_THRESHOLD = 10
    our_monusco_figure(datetime.date(2023, 1, 15), deployed=30)
    publish_un_figures((datetime.date(2023, 1, 31), 11, 10, 21, UN))
    text = plain_text(page_html(client, URL))
    assert "differ by more than" not in text
    assert_shows(
        text,
        "In every month both give a figure, our deployed figure and the UN's total differ "
        "by 10 officers or fewer.",
    )


def test_a_mission_with_no_figure_of_ours_shows_the_uns_alone(published_seed, client):
    publish_un_figures((datetime.date(2023, 1, 31), 11, 10, 21, UN))
    content = page_html(client, URL)
    assert "No figures are published for this mission alone." in content
    assert ">Deployed, as reported by the UN (monthly)</text>" in svg(content)
    assert 'class="figures stacked-table"' not in content  # no table of ours
    assert table_rows(content, "un-figures") == [["January 2023", "11", "10", "21", "Source 1"]]
    assert "differ" not in plain_text(content)  # no month to compare


def test_a_mission_without_un_figures_has_no_un_series(monusco, client):
    content = page_html(client, "/en/missions/minujusth/")
    assert "as reported by the UN" not in content
    assert "un-figures" not in content


def test_the_french_page_shows_the_un_series_and_its_sources_in_french(monusco, client):
    content = page_html(client, FR_URL)
    text = sentences(content)
    assert ">Déployés, selon l&#x27;ONU (mensuel)</text>" in svg(content)
    assert table_rows(content, "un-figures")[0] == ["juin 2012", "2", "1", "3", "Source 1"]
    # The source is as the import gave it, in English.
    assert f'<li id="un-source-1" lang="en">{IPI}</li>' in content
    assert_shows(
        text,
        "Selon l'ONU",
        "L'ONU n'a pas donné de total pour octobre 2019 : le graphique omet ce mois.",
        "Jusqu'en août 2014 : la base de données sur le maintien de la paix de l'IPI",
        "Aucune licence n'est indiquée.",
    )


def test_the_french_page_names_a_month_that_differs_in_french(published_seed, client):
    our_monusco_figure(datetime.date(2023, 1, 15), deployed=30)
    publish_un_figures((datetime.date(2023, 1, 31), 11, 10, 21, UN))
    assert_shows(
        sentences(page_html(client, FR_URL)),
        "janvier 2023 : notre chiffre est de 30 déployés (au 15 janvier 2023) ; "
        "celui de l'ONU est de 21.",
    )


def test_the_staff_preview_shows_the_un_figures_imported_and_not_yet_published(monusco):
    UNContribution.objects.create(
        month=datetime.date(2024, 3, 31),
        acronym="MONUSCO",
        mission=Mission.objects.get(slug="monusco"),
        personnel_type=PersonnelType.INDIVIDUAL_POLICE,
        total=17,
        source=UN,
    )
    content = page_html(signed_in(superuser=True), URL + "?preview=1")
    assert ">Deployed, as reported by the UN (monthly)</text>" in svg(content)
    assert len(table_rows(content, "un-figures")) == 1
    assert len(table_rows(Client().get(URL).content.decode(), "un-figures")) == 4
