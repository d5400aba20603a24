"""Editions are listed by the date they took effect everywhere, with a historical edition
loaded after a newer one (so numbered after it) in its place; it keeps its number, and
says when it was recorded."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from missions.models import Edition

from ..helpers.editions import make_edition
from ..helpers.pages import page_html
from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db

HISTORICAL = Edition.Kind.HISTORICAL
# By date: edition 2 (2016, loaded last of the two historical ones), 1 (2018), 3 (2020).
BY_DATE = [2, 1, 3]


def at_noon(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def loaded_late():
    """Edition 1 of 2018, loaded in January 2024; edition 2 of 2016, an older archived copy
    loaded on February 3, 2025; edition 3 of 2020, published."""
    make_edition(1, datetime.date(2018, 5, 1), kind=HISTORICAL, published_at=at_noon(2024, 1, 10))
    make_edition(2, datetime.date(2016, 3, 1), kind=HISTORICAL, published_at=at_noon(2025, 2, 3))
    make_edition(3, datetime.date(2020, 1, 1))


def test_the_change_log_and_its_feed_list_the_editions_by_date(loaded_late, client):
    html = page_html(client, "/en/current-peace-operations/changes/")
    listed = [
        int(n) for n in re.findall(r'href="/en/current-peace-operations/editions/(\d+)/"', html)
    ]
    assert list(dict.fromkeys(listed)) == BY_DATE[::-1]
    feed = client.get(reverse("missions:changes_feed")).content.decode()
    entries = re.findall(r"<entry><title>Edition (\d+)</title>", feed)
    assert [int(number) for number in entries] == BY_DATE[::-1]


def test_the_api_pages_through_the_editions_by_date(loaded_late, client):
    first = client.get("/api/v1/editions?limit=2").json()
    second = client.get(first["next"]).json()
    assert [e["number"] for e in first["data"]] == BY_DATE[:2]
    assert [e["number"] for e in second["data"]] == BY_DATE[2:]
    assert second["next"] is None
    recorded = {e["number"]: e["recorded_on"] for e in first["data"] + second["data"]}
    assert recorded == {2: "2025-02-03", 1: None, 3: None}
    assert client.get("/api/v1/editions/2").json()["recorded_on"] == "2025-02-03"


def test_the_admin_lists_the_editions_by_date_newest_first(loaded_late):
    response = signed_in("Publishers").get(reverse("admin:missions_edition_changelist"))
    assert [e.number for e in response.context["cl"].result_list] == BY_DATE[::-1]


@pytest.mark.parametrize(
    "language,recorded",
    [
        ("en", "Recorded on 2025-02-03 from an archived copy, after newer editions"),
        ("fr", "Consignée le 2025-02-03 à partir d'une copie archivée, après des éditions"),
    ],
)
def test_a_historical_edition_loaded_after_a_newer_one_says_when_it_was_recorded(
    loaded_late, client, language, recorded
):
    with translation.override(language):
        late, in_turn = reverse("missions:edition", args=[2]), reverse("missions:edition", args=[1])
    assert recorded in page_html(client, late)
    assert recorded.split(" 2025")[0] not in page_html(client, in_turn)
