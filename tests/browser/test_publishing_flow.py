"""A Publisher's review in Chromium, at a desktop and a phone width: the warnings to check
before publishing, a publication scheduled then cancelled, and the waiting list. Each
screen passes axe; screenshots go to docs/ for the editors' guide."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import ROOT, sign_in, violations

pytestmark = pytest.mark.browser

REVIEW = "/{language}/admin/missions/edition/review/"
WIDTHS = [1280, 375]
TEXT = {
    "en": {
        "warnings": "Warnings",
        "checked": "I have checked these",
        "summary_en": "Change summary (English)",
        "summary_fr": "Change summary (French)",
        "publish": "Publish this edition",
        "later": "Publish at a set date and time",
        "cancel": "Cancel the scheduled publication",
        "waiting": "Waiting for review",
    },
    "fr": {
        "warnings": "Avertissements",
        "checked": "J'ai vérifié ces points",
        "summary_en": "Résumé des changements (anglais)",
        "summary_fr": "Résumé des changements (français)",
        "publish": "Publier cette édition",
        "later": "Publier à une date et une heure fixées",
        "cancel": "Annuler la publication prévue",
        "waiting": "En attente d'examen",
    },
}


def cap_below_monusco():
    """MONUSCO at 30 in the Democratic Republic of the Congo, whose cap says 25."""
    from missions.models import DeploymentSnapshot, Mission

    monusco = Mission.objects.get(slug="monusco")
    DeploymentSnapshot.objects.create(
        region=monusco.region, mission=monusco, as_of=datetime.date(2024, 4, 1), authorized=30
    )


def fill_summaries(page, text):
    page.get_by_label(text["summary_en"]).fill("MONUSCO's figure.")
    page.get_by_label(text["summary_fr"]).fill("Le chiffre de la MONUSCO.")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_warning_must_be_checked_before_publishing(page, visit, axe, width):
    text = TEXT["en"]
    cap_below_monusco()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, visit, "pat", "Publishers")
    visit(REVIEW.format(language="en"), wait_for_components=False)

    warnings = page.locator("#warnings")
    expect(warnings.get_by_role("heading", name=text["warnings"])).to_be_visible()
    expect(warnings).to_contain_text("MONUSCO")
    expect(warnings).to_contain_text("25")
    expect(warnings).to_contain_text("30")
    assert violations(axe, page) == []
    page.screenshot(path=ROOT / "docs" / f"admin-review-warnings-en-{width}.png", full_page=True)

    fill_summaries(page, text)
    page.get_by_role("button", name=text["publish"]).click()
    expect(page.locator(".errorlist")).to_contain_text("tick this box")
    expect(page.locator("#warnings")).to_be_visible()

    fill_summaries(page, text)
    page.get_by_label(text["checked"]).check()
    page.get_by_role("button", name=text["publish"]).click()
    expect(page.locator(".messagelist .success")).to_contain_text("is published")


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("en", 375), ("fr", 1280)])
def test_a_publication_is_scheduled_then_cancelled(page, visit, axe, language, width):
    text = TEXT[language]
    cap_below_monusco()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, visit, "pat", "Publishers", language)
    visit(REVIEW.format(language=language), wait_for_components=False)

    fill_summaries(page, text)
    page.get_by_label(text["checked"]).check()
    page.get_by_label(text["later"]).check()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.locator("#id_go_live_date").fill(tomorrow.isoformat())
    page.locator("#id_go_live_time").fill("09:00")
    page.get_by_role("button", name=text["publish"]).click()

    visit(REVIEW.format(language=language), wait_for_components=False)
    scheduled = page.locator(".scheduled-publication")
    expect(scheduled).to_contain_text("09:00")
    expect(scheduled).to_contain_text("UTC")
    assert violations(axe, page) == []
    page.screenshot(
        path=ROOT / "docs" / f"admin-review-scheduled-{language}-{width}.png", full_page=True
    )

    page.get_by_role("button", name=text["cancel"]).click()
    expect(page.locator(".messagelist")).to_contain_text("09:00")
    expect(page.locator(".scheduled-publication")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_waiting_list_shows_an_editors_change(page, visit, axe, width):
    text = TEXT["en"]
    cap_below_monusco()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, visit, "erin", "Editors")
    page.get_by_role("link", name=text["waiting"]).click()

    expect(page.locator("#content-main")).to_contain_text("MONUSCO")
    assert violations(axe, page) == []
    page.screenshot(path=ROOT / "docs" / f"admin-waiting-en-{width}.png", full_page=True)
