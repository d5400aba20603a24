"""Undo a publish in Chromium: a Publisher restores edition N from its admin page after
edition N+1, the review lists the reverting changes, and publishing gives edition N+2,
whose page reads as edition N's in English and French. A figure recorded since stays
published; an Editor is refused; the confirmation page passes axe."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from .conftest import sign_in, violations

pytestmark = pytest.mark.browser

# The main content's text, but the edition's banner and the dates that are not the page's.
PAGE_TEXT = """() => {
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll(".as-of-banner, gcds-date-modified").forEach((el) => el.remove());
  return main.innerText;
}"""


def publish_edition_n():
    """The seed's working copy stored as edition N (a published one); then, as edition
    N+1, Ukraine's note changed, a figure edition N showed corrected, and an older figure
    recorded."""
    from missions.editions.corrections import figures_shown
    from missions.models import DeploymentSnapshot, Region

    from ..helpers.editions import publish_working_copy, store_working_copy

    edition = store_working_copy(summary="The seed, published")
    ukraine = Region.objects.get(slug="ukraine")
    ukraine.note_en, ukraine.note_fr = "A mistaken note.", "Une note erronée."
    ukraine.save()
    region, mission, as_of, _name = next(iter(figures_shown(edition.document)))
    lookup = {"mission__slug": mission} if mission else {"region__slug": region, "mission": None}
    shown = DeploymentSnapshot.objects.get(**lookup, as_of=as_of)
    shown.authorized += 1
    shown.save()
    older = DeploymentSnapshot.objects.create(
        region=shown.region,
        mission=shown.mission,
        as_of=shown.as_of - datetime.timedelta(days=400),
        authorized=shown.authorized,
        source="Recorded after edition N",
    )
    publish_working_copy(summary="The mistake")
    return edition, older


def page_text(page, visit, language, number):
    with translation.override(language):
        visit(reverse("missions:edition", args=[number]))
    return page.evaluate(PAGE_TEXT)


def test_a_publisher_undoes_a_publish_by_restoring_the_edition_before_it(page, visit, axe):
    from missions.models.editions import Edition
    from missions.models.published import PublishedFigure

    edition, older = publish_edition_n()
    sign_in(page, visit, "pat", "Publishers")
    visit(f"/en/admin/missions/edition/{edition.pk}/change/", wait_for_components=False)
    page.get_by_role("link", name="Restore this edition to the working copy").click()

    expect(page.get_by_role("heading", name=f"Restore edition {edition.number}")).to_be_visible()
    expect(page.locator(".restore-changes")).to_contain_text("region ukraine")
    assert violations(axe, page) == []
    page.get_by_role("button", name="Restore this edition to the working copy").click()

    expect(page.locator(".messagelist .success")).to_contain_text("Nothing is public yet")
    reverting = page.locator(".review-changes")
    expect(reverting.get_by_role("rowheader", name="Region: note")).to_be_visible()
    expect(reverting.locator("del", has_text="mistaken")).to_have_count(1)
    expect(page.get_by_label("Change summary (English)")).to_have_value(
        f"Restores edition {edition.number}"
    )
    expect(page.get_by_label("Change summary (French)")).to_have_value(
        f"Rétablit l'édition {edition.number}"
    )
    if page.get_by_label("I have checked these").count():
        page.get_by_label("I have checked these").check()
    page.get_by_role("button", name="Publish this edition").click()
    expect(page.locator(".messagelist .success")).to_contain_text("is published")

    restored = Edition.objects.get(number=edition.number + 2)
    for language in ("en", "fr"):
        before = page_text(page, visit, language, edition.number)
        assert page_text(page, visit, language, restored.number) == before
        assert "Ukraine" in before
    assert PublishedFigure.objects.filter(snapshot_id=older.pk).exists()


def test_an_editor_cannot_restore_an_edition(page, visit):
    edition, _older = publish_edition_n()
    sign_in(page, visit, "erin", "Editors")

    response = visit(f"/en/admin/missions/edition/{edition.pk}/restore/", wait_for_components=False)

    assert response.status == 403
