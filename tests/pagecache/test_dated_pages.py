"""A past date's page (?as_of= on an edition's page, where the past-date redirect brings
the reader): kept once for every date its edition covers, and written for each date."""

import datetime
import gzip
import html as html_module
import re

import brotli
import pytest
from django.test import Client

from ..helpers.editions import publish_working_copy
from ..helpers.pages import CURRENT, cached_pages
from ..helpers.records import make_mission, make_region

pytestmark = pytest.mark.django_db

EDITION_1 = f"{CURRENT}editions/1/"
FIRST_DAY = datetime.date(2019, 1, 1)


@pytest.fixture
def two_editions(db):
    """Edition 1 from 2018-06-01, edition 2 from 2020-01-01."""
    region = make_region(slug="haiti", name="Haiti")
    make_mission(region, slug="binuh", name="BINUH")
    publish_working_copy(datetime.date(2018, 6, 1))
    region.note_en, region.note_fr = "A note", "Une note"
    region.save()
    publish_working_copy(datetime.date(2020, 1, 1))


def text(html):
    """The page's words, tags left out, spaces (no-break ones too) as plain ones."""
    words = html_module.unescape(re.sub(r"<[^>]+>", "", html))
    return re.sub(r"\s+", " ", words.replace("\u00a0", " "))


def page(day, client=None, **headers):
    return (client or Client()).get(EDITION_1, {"as_of": day.isoformat()}, headers=headers)


def test_every_date_of_an_edition_shares_one_cached_page(
    two_editions, django_assert_num_queries, settings
):
    # Counted per request: the pages' version is not read again during these seconds.
    settings.PAGE_VERSION_SECONDS = 3600
    client = Client()
    page(FIRST_DAY, client)
    entries = cached_pages()
    with django_assert_num_queries(0):
        for n in range(1, 60):
            assert page(FIRST_DAY + datetime.timedelta(days=n), client).status_code == 200
    assert cached_pages() == entries
    assert len([key for key in entries if "as_of" in key]) == 1


def test_each_date_gets_its_own_date_as_a_fresh_render_writes_it(two_editions):
    rendered = page(datetime.date(2019, 5, 5)).content.decode()  # rendered, then kept
    kept = page(datetime.date(2019, 5, 6)).content.decode()  # from the kept copy

    assert "The page as it stood on May 6, 2019: edition 1" in text(kept)
    assert "May 5, 2019" not in kept
    assert kept == rendered.replace("2019-05-05", "2019-05-06").replace(
        "May 5, 2019", "May 6, 2019"
    )


def test_a_french_date_is_written_in_french(two_editions):
    page(datetime.date(2019, 5, 5))
    html = Client().get("/fr/missions-en-cours/editions/1/", {"as_of": "2019-04-01"})
    assert "La page telle qu'elle était le 1er avril 2019" in text(html.content.decode())


@pytest.mark.parametrize(
    "encoding,decompress", [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_a_compressed_copy_holds_the_same_page(two_editions, encoding, decompress):
    page(FIRST_DAY)
    day = datetime.date(2019, 7, 1)
    plain = page(day)
    compressed = page(day, accept_encoding=encoding)

    assert compressed["Content-Encoding"] == encoding
    assert decompress(compressed.content) == plain.content
    assert compressed["ETag"] != plain["ETag"]


def test_each_date_has_its_own_etag_and_a_matching_one_gets_a_304(two_editions):
    first, second = page(FIRST_DAY), page(datetime.date(2019, 1, 2))
    assert first["ETag"] != second["ETag"]

    again = page(datetime.date(2019, 1, 2), if_none_match=second["ETag"])
    assert again.status_code == 304


def test_a_date_the_edition_did_not_cover_shows_its_plain_banner(two_editions):
    html = page(datetime.date(2021, 3, 3)).content.decode()
    assert "You are viewing edition 1 of this page" in html
    assert "The page as it stood on" not in html
