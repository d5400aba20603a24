"""The history pages and the figure downloads agree: every row of a mission's or a region's
CSV is on its history page, and every figure on the page is in the CSV, in both languages,
with region-level figures and figures published later for past dates among them."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from missions.models import Edition, Mission, PublishedFigure, Region

from ..helpers.editions import publish_working_copy
from ..helpers.records import make_snapshot

pytestmark = pytest.mark.django_db

# The tables of published figures; the summary table's caps ("as-shown") are not figures.
FIGURE_TABLES = ({"figures"}, {"by-mission", "figures"})
MISSION_LINK = re.compile(r"^/(?:en|fr)/missions/([^/]+)/$")


class FigureTables(HTMLParser):
    """(mission slug, as_of, authorized, deployed) of each figure a history page's figure
    tables list, read from the markup: <time datetime>, <data value>, and the link to the
    mission in a row's header, else `mission` ("" on a region's page: its own figures)."""

    def __init__(self, mission):
        super().__init__()
        self.mission, self.figures, self.table, self.row = mission, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            classes = set(attrs.get("class", "").split()) - {"stacked-table"}
            self.table = classes if classes in FIGURE_TABLES else None
        elif self.table and tag == "tr" and attrs.get("class") != "gap":
            self.row = {"mission": self.mission, "cells": []}
        elif self.row is not None and tag in ("th", "td"):
            self.row["cells"].append(None)
        elif self.row is not None and tag == "time":
            self.row["as_of"] = attrs["datetime"]
        elif self.row is not None and tag == "data":
            self.row["cells"][-1] = attrs["value"]
        elif self.row is not None and tag == "a" and MISSION_LINK.match(attrs["href"]):
            self.row["mission"] = MISSION_LINK.match(attrs["href"]).group(1)

    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None and "as_of" in self.row:
            # The cells after the date's: authorized, deployed, then the edition shown in.
            cells = self.row["cells"][-3:-1]
            self.figures.append((self.row["mission"], self.row["as_of"], *cells))
        if tag == "tr":
            self.row = None
        if tag == "table":
            self.table = None


def page_figures(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    mission = MISSION_LINK.match(url)
    parser = FigureTables(mission.group(1) if mission else "")
    parser.feed(response.content.decode())
    return sorted(parser.figures, key=str)


def csv_figures(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    return sorted(
        (
            row["mission_slug"],
            row["as_of"],
            row["authorized"] or None,
            row["deployed"] or None,
        )
        for row in rows
    )


@pytest.fixture
def published_later(published_seed):
    """The seed, then an edition publishing a region-level cap for Ukraine dated 2021-06-01
    and a bilateral-engagement figure for 2016-06-01: both older than what the page shows."""
    ukraine = Region.objects.get(slug="ukraine")
    mission = Mission.objects.get(slug="ukraine-bilateral")
    make_snapshot(ukraine, as_of=datetime.date(2021, 6, 1), authorized=30, deployed=12)
    make_snapshot(ukraine, mission, as_of=datetime.date(2016, 6, 1), authorized=10, deployed=8)
    return publish_working_copy(datetime.date(2025, 1, 1))


PUBLISHED_LATER = {
    "region": ("", "2021-06-01", "30", "12"),
    "mission": ("ukraine-bilateral", "2016-06-01", "10", "8"),
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "page,later",
    [
        ("missions/ukraine-bilateral/", ["mission"]),
        ("regions/ukraine/", ["region", "mission"]),
    ],
)
def test_the_history_page_lists_exactly_the_figures_of_its_csv(
    published_later, language, page, later
):
    client = Client()
    on_page = page_figures(client, f"/{language}/{page}")
    assert on_page == csv_figures(client, f"/{language}/{page}snapshots.csv")
    for name in later:
        assert PUBLISHED_LATER[name] in on_page


def test_every_history_page_of_the_seeded_site_agrees_with_its_csv(published_later):
    client = Client()
    catalog = Edition.objects.live().document["catalog"]
    pages = [f"missions/{m['slug']}/" for m in catalog["missions"]]
    pages += [f"regions/{r['slug']}/" for r in catalog["regions"]]
    listed = 0
    for page in pages:
        on_page = page_figures(client, f"/en/{page}")
        assert on_page == csv_figures(client, f"/en/{page}snapshots.csv"), page
        listed += len(on_page)
    # Each figure on its region's page, and a mission's on the mission's page too.
    figures = PublishedFigure.objects
    assert listed == figures.count() + figures.exclude(mission="").count() > 15
