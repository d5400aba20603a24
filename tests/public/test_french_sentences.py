"""Generated French: figure wording where an edition gave none in French, the change log's
and history pages' sentences (agreement, no-break spaces, "1er"), the past-date banner,
historical editions' banners, the Atom feed's dates, and the French data files (issue 30)."""

import copy
import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone, translation

from missions.editions.document import figure_wording, schema_errors
from missions.editions.pages import page
from missions.public.changes import figure_values

from ..helpers.editions import make_edition, small_document
from ..helpers.pages import page_html

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NBSP = "\u00a0"
FIRST, SECOND = datetime.date(2017, 10, 16), datetime.date(2024, 4, 1)
EN = "/en/current-peace-operations/"
FR = "/fr/missions-en-cours/"


def english_only_figure(value=20, level="mission", wording="Up to 20 total"):
    return {"value": value, "wording": {"en": wording}, "as_of": "2017-10-16", "level": level}


def with_mission_figure(document, figure):
    document = copy.deepcopy(document)
    document["regions"][0]["missions"][0]["figures"] = {"authorized": figure}
    return document


def historical(number, took_effect, document, source="An archived copy (seeds/001_x.txt)"):
    return make_edition(number, took_effect, document, kind="historical", source=source)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("mission", "20 tout au plus"), ("region", "jusqu'à 20 au total")],
)
def test_a_figure_given_only_in_english_reads_as_its_number_in_french(level, expected):
    words, original = figure_wording(english_only_figure(level=level), "authorized", "fr")
    assert (words.value, words.lang) == (expected, None)
    assert (original.value, original.lang) == ("Up to 20 total", "en")


def test_a_figure_given_in_both_languages_keeps_its_own_words():
    figure = {
        "value": 45,
        "wording": {"en": "Up to 45", "fr": "45 tout au plus"},
        "level": "region",
    }
    words, original = figure_wording(figure, "authorized", "fr")
    assert (words.value, original) == ("45 tout au plus", None)


def test_a_stored_plain_string_wording_is_read_as_english():
    figure = {"value": 3, "wording": "3 officers", "level": "mission"}
    words, original = figure_wording(figure, "deployed", "fr")
    assert (words.value, original.value, original.lang) == ("3", "3 officers", "en")


def test_the_schema_takes_a_wording_pair_and_refuses_a_plain_string():
    document = small_document("Haiti")
    assert schema_errors(with_mission_figure(document, english_only_figure())) == []
    plain = {**english_only_figure(), "wording": "Up to 20 total"}
    errors = schema_errors(with_mission_figure(document, plain))
    assert [path[-1] for path, _message in errors] == ["wording"]


def test_the_french_page_shows_the_number_in_french_and_the_english_words_marked():
    document = with_mission_figure(small_document("Haiti"), english_only_figure())
    with translation.override("fr"):
        figure = page(document, "fr", FIRST).regions[0].missions[0].facts[0].value
    assert (figure.wording.value, figure.original.lang) == ("20 tout au plus", "en")
    make_edition(1, FIRST, document)
    html = page_html(Client(), f"{FR}editions/1/")
    assert (
        f'20 tout au plus <span class="figure-original">(sur la page archivée{NBSP}: '
        '<span lang="en">Up to 20 total</span>)</span>'
    ) in html


@pytest.fixture
def two_historical_editions():
    """Edition 1 with a note, an English-only figure and an English-only posting; edition
    2 with the note changed and the figure gone."""
    first = small_document("Haiti", slug="haiti")
    first = with_mission_figure(first, english_only_figure())
    first["regions"][0]["note"] = {"en": "Old note", "fr": "Ancienne note"}
    first["postings"] = [
        {"slug": "icc", "kind": "other", "title": {"en": "International Criminal Court"}}
    ]
    second = copy.deepcopy(first)
    second["regions"][0]["note"] = {"en": "New note", "fr": "Nouvelle note"}
    second["regions"][0]["missions"][0]["figures"] = {}
    second["postings"] = []
    return historical(1, FIRST, first), historical(2, SECOND, second)


def test_the_french_change_log_agrees_each_sentence_with_its_noun(two_historical_editions):
    html = page_html(Client(), f"{FR}modifications/")
    assert f"Haiti (fr){NBSP}: remarque modifiée." in html
    assert (
        f"Mission (haiti){NBSP}: les déploiements autorisés ne sont plus indiqués "
        "(auparavant 20 tout au plus (2017-10-16))."
    ) in html
    assert "Up to 20 total" not in html and "aucun" not in html
    # A posting's title known in English only is marked as English in the sentence.
    assert (
        f'Affectation retirée{NBSP}: <span lang="en">International Criminal Court</span>.' in html
    )


def test_the_english_change_log_says_the_same(two_historical_editions):
    html = page_html(Client(), f"{EN}changes/")
    assert "Haiti: note changed." in html
    assert (
        "Mission in Haiti: authorized deployments no longer given "
        "(they were Up to 20 total (2017-10-16))."
    ) in html


def test_the_atom_feed_dates_each_edition_the_day_it_took_effect(two_historical_editions):
    feed = ET.fromstring(Client().get(f"{EN}changes/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    dates = [(e.find(f"{ATOM}published").text, e.find(f"{ATOM}updated").text) for e in entries]
    assert [(p[:10], u[:10]) for p, u in dates] == [
        ("2024-04-01", "2024-04-01"),
        ("2017-10-16", "2017-10-16"),
    ]


def test_the_history_page_says_a_figure_was_first_given_not_from_none():
    document = with_mission_figure(small_document("Haiti", slug="haiti"), english_only_figure())
    make_edition(1, FIRST, small_document("Haiti", slug="haiti"))
    make_edition(2, SECOND, document)
    html = page_html(Client(), "/fr/missions/haiti-mission/")
    assert (
        f"Déploiements autorisés indiqués pour la première fois{NBSP}: "
        "20 tout au plus (au 16 octobre 2017)."
    ) in html
    assert "aucun" not in html and "Up to" not in html


@pytest.fixture
def seed_like_editions():
    first = historical(
        1,
        FIRST,
        small_document("Haiti", slug="haiti"),
        source="Archived copy, https://web.archive.org/web/2018/https://example.org/ops "
        "(seeds/001_0fd82c9ab21ae74a.txt). The French texts are our own.",
    )
    second = historical(2, SECOND, small_document("Caribbean", slug="caribbean"), source="")
    return first, second


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"{EN}?as_of=2019-05-05",
            "The page as it stood on May 5, 2019: edition 1, in force from October 16, 2017 "
            "to March 31, 2024.",
        ),
        (
            f"{FR}?as_of=2019-05-05",
            f"La page telle qu'elle était le 5 mai 2019{NBSP}: édition 1, en vigueur du "
            "16 octobre 2017 au 31 mars 2024.",
        ),
        (
            f"{FR}?as_of=2024-05-01",
            f"La page telle qu'elle était le 1er mai 2024{NBSP}: édition 2, en vigueur depuis "
            "le 1er avril 2024.",
        ),
    ],
)
def test_the_past_date_banner_names_the_date_asked_and_the_editions_span(
    seed_like_editions, url, expected
):
    response = Client().get(url, follow=True)
    words = re.sub(r"<[^>]+>", "", response.content.decode())  # the date is a <time>
    assert expected in words.replace("&#x27;", "'")


def test_an_editions_own_page_names_no_date_asked_nor_a_later_edition(seed_like_editions):
    html = page_html(Client(), f"{EN}editions/1/")
    assert "You are viewing edition 1 of this page, which took effect on October 16, 2017." in html
    assert "March 31, 2024" not in html
    # An as_of on which the edition was not in force is not claimed.
    assert "The page as it stood" not in page_html(Client(), f"{EN}editions/1/?as_of=2024-05-01")


def test_a_historical_banner_shows_the_archived_address_and_no_file_name(seed_like_editions):
    html = page_html(Client(), f"{FR}editions/1/")
    address = "https://web.archive.org/web/2018/https://example.org/ops"
    assert f'<a href="{address}">{address}</a>' in html
    assert "seeds/" not in html and "our own" not in html
    # Without an address, the banner says only that it is an archived copy.
    html = page_html(Client(), f"{EN}editions/2/")
    assert "It was recorded from an archived copy of the page." in html


def test_an_editions_french_figures_file_gives_an_english_only_figure_as_its_number():
    make_edition(1, FIRST, with_mission_figure(small_document("Haiti"), english_only_figure()))
    response = Client().get(f"{FR}editions/1/figures.csv")
    content = b"".join(response.streaming_content).decode()
    [row] = csv.DictReader(io.StringIO(content))
    assert row["wording"] == "20 tout au plus"


def test_two_figures_corrected_at_once_are_separated_as_french_writes_it():
    with translation.override("fr"):
        assert figure_values((20, 5), (22, 6)) == f"autorisés 20 → 22{NBSP}; déployés 5 → 6"


def test_the_french_citation_of_the_data_writes_the_first_of_the_month_1er(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: SECOND)
    assert "(consulté le 1er avril 2024)." in page_html(Client(), "/fr/donnees/")
