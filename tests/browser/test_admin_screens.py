"""The admin screens staff use every day, in Chromium: figures they can trust, imports
they can read, what an Editor may do said on the screen, the ordering screen, and a form
that fits a 1280 px window. Screenshots of each go to docs/, in English and French."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import ROOT, sign_in

pytestmark = pytest.mark.browser

DOCS = ROOT / "docs"


def open_mission_as_editor(page, visit, slug, language):
    """A mission's change page as an Editor sees it, in a 1280 px window."""
    from missions.models import Mission

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, visit, "erin", "Editors", language)
    mission = Mission.objects.get(slug=slug)
    visit(f"/{language}/admin/missions/mission/{mission.pk}/change/", wait_for_components=False)
    return mission


def shoot(page, name, language):
    page.screenshot(path=DOCS / f"admin-{name}-{language}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_figure_that_disagrees_with_its_region_is_warned_of(page, visit, language):
    open_mission_as_editor(page, visit, "ukraine-bilateral", language)
    expect(page.locator(".figure-summary")).to_contain_text("45")

    new_line = page.locator("#id_snapshots-INITIAL_FORMS").input_value()  # after the others
    page.locator(f"#id_snapshots-{new_line}-as_of").fill(timezone.localdate().isoformat())
    page.locator(f"#id_snapshots-{new_line}-authorized").fill("30")
    page.locator("input[name=_continue]").click()

    warning = page.locator(".messagelist .warning")
    expect(warning).to_contain_text("30")
    expect(warning).to_contain_text("45")
    expect(page.locator(".figure-warning")).to_be_visible()
    shoot(page, "mission-figures", language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_import_with_bad_rows_shows_every_error_inline(page, visit, language, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, visit, "erin", "Editors", language)
    figures = tmp_path / "figures.csv"
    figures.write_text(
        "region,mission,as_of,authorized,deployed,source\n"
        "ukraine,,2019-01-01,40,,Report\n"
        "Westbank,,2019-01-01,5,,Report\n"
        "ukraine,,2019-02-01,5,6,Report\n"
    )
    visit(f"/{language}/admin/missions/deploymentsnapshot/import/", wait_for_components=False)
    page.locator("#id_import_file").set_input_files(figures)
    page.locator("#id_format").select_option(index=1)
    page.locator("input[type=submit]").click()

    rows = page.locator("#import-rows tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).not_to_have_class(re.compile("invalid"))
    errors = page.locator("#import-rows .cell-error")
    expect(errors).to_have_count(2)
    expect(rows.nth(1).locator(".has-error .cell-error")).to_contain_text("West Bank")
    expect(rows.nth(2).locator(".has-error .cell-error")).to_be_visible()
    shoot(page, "import-errors", language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_editor_is_told_who_publishes_and_who_reverts(page, visit, language):
    mission = open_mission_as_editor(page, visit, "monusco", language)
    expect(page.locator(".publication-status")).to_be_visible()
    expect(page.locator(".where-changes-wait")).to_be_visible()
    shoot(page, "editor-published", language)

    visit(f"/{language}/admin/missions/mission/{mission.pk}/history/", wait_for_components=False)
    expect(page.locator(".revert-refused")).to_be_visible()
    page.locator("#change-history a").first.click()
    expect(page.locator(".revert-refused")).to_be_visible()
    expect(page.locator("input[name=_save]")).to_have_count(0)
    shoot(page, "editor-version", language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_regions_are_put_in_order_on_one_screen(page, visit, language):
    from missions.models import Region

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, visit, "erin", "Editors", language)
    visit(f"/{language}/admin/missions/region/", wait_for_components=False)
    page.locator("a[href$='/admin/missions/region/order/']").click()
    rows = page.locator("tr.order-row")
    first, last = rows.first, rows.last
    moved = last.get_attribute("data-region")
    last.drag_to(first, target_position={"x": 5, "y": 2})
    expect(rows.first).to_have_attribute("data-region", moved)
    rows.nth(1).locator(".order-buttons button").first.click()  # "Move up"
    shoot(page, "region-order", language)
    page.locator(".region-order input[type=submit]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    order = [str(pk) for pk in Region.objects.values_list("pk", flat=True)]
    assert order == [rows.nth(n).get_attribute("data-region") for n in range(len(order))]
    assert order[1] == moved


def test_the_region_form_and_the_mission_list_fit_a_1280_px_window(page, visit):
    from missions.models import Region

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, visit, "root")
    region = Region.objects.get(slug="caribbean-region")
    for path in (
        f"/en/admin/missions/region/{region.pk}/change/",
        "/en/admin/missions/mission/",
        "/fr/admin/missions/mission/",
    ):
        visit(path, wait_for_components=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
    visit(f"/fr/admin/missions/region/{region.pk}/change/", wait_for_components=False)
    shoot(page, "region-form", "fr")
    visit(f"/en/admin/missions/region/{region.pk}/change/", wait_for_components=False)
    shoot(page, "region-form", "en")
