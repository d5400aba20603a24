"""MONUSCO's history page with the UN's monthly figures beside ours, in a real browser:
photographed for the docs at 1280 and 375 px in both languages, with no axe violation."""

import csv
import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from missions.core.choices import PersonnelType
from missions.editions.un_import import IPI_SOURCE, UN_REPORTS_SOURCE
from missions.models import Edition, PublishedFigure, PublishedUNFigure

from .conftest import violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXTRACT = ROOT / "content" / "un-police-contributions" / "canada-police.csv"
PATH = {"en": "/en/missions/monusco/", "fr": "/fr/missions/monusco/"}
UN_LABEL = {"en": "Deployed, as reported by the UN (monthly)", "fr": "Déployés, selon l'ONU"}
SOURCE = {True: IPI_SOURCE, False: UN_REPORTS_SOURCE}


def monusco_beside_the_un():
    """The real extract's MONUSCO months as the UN's published figures, and two deployed
    figures of ours (made up for the picture: the seed has none of MONUSCO's own), one
    of them 9 above the UN's total that month."""
    edition = Edition.objects.live()
    with EXTRACT.open(newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["mission_acronym"] == "MONUSCO"]
    PublishedUNFigure.objects.bulk_create(
        PublishedUNFigure(
            contribution_id=number,
            month=datetime.date.fromisoformat(row["date"]),
            acronym="MONUSCO",
            mission="monusco",
            personnel_type=PersonnelType.INDIVIDUAL_POLICE,
            male=int(row["male"]) if row["male"] else None,
            female=int(row["female"]) if row["female"] else None,
            total=int(row["total"]) if row["total"] else None,
            source=SOURCE[row["date"] < "2015"],
            edition=edition,
        )
        for number, row in enumerate(rows, start=1)
    )
    PublishedFigure.objects.bulk_create(
        PublishedFigure(
            snapshot_id=900_000 + number,
            region="democratic-republic-of-the-congo",
            mission="monusco",
            as_of=as_of,
            authorized=40,
            deployed=deployed,
            edition=edition,
        )
        for number, (as_of, deployed) in enumerate(
            [(datetime.date(2023, 1, 15), 30), (datetime.date(2025, 7, 15), 8)]
        )
    )


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_monuscos_history_page_shows_both_series_with_no_axe_violation(
    page, visit, axe, lang, width
):
    monusco_beside_the_un()
    page.set_viewport_size({"width": width, "height": 1400 if width > 400 else 2000})
    visit(PATH[lang])
    chart = page.locator('main svg[role="img"]').first
    expect(chart).to_be_visible()
    expect(chart.locator(".chart-markers.series-3 text")).to_contain_text(UN_LABEL[lang])
    expect(page.locator("main table.un-figures caption")).to_be_visible()
    assert page.locator("main table.un-figures tbody tr").count() == 79
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0
    assert violations(axe, page) == []
    # The figures section, from its heading: the page above it is the mission's facts.
    page.evaluate("document.getElementById('figures').scrollIntoView()")
    page.screenshot(path=ROOT / "docs" / f"history-un-{lang}-{width}.png")
