"""The parts of a complete Canada.ca page in a real browser: phones, the date form, the page
feedback, one tab stop per region link."""

import re

import pytest
from playwright.sync_api import expect

from missions.models.feedback import Feedback

from ..helpers.pages import PUBLIC_PAGES
from .conftest import SCREENSHOTS, violations

pytestmark = pytest.mark.browser

CURRENT = "/en/current-peace-operations/"
PASSWORD = "a-long-test-passphrase-1"

CELLS_OUTSIDE = """width => [...document.querySelectorAll('main th, main td, main caption')]
    .filter(cell => cell.checkVisibility())
    .filter(cell => { const box = cell.getBoundingClientRect();
                      return box.left < 0 || box.right > width; })
    .map(cell => cell.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("width", [320, 375])
def test_on_a_phone_no_public_page_scrolls_sideways_and_every_table_cell_is_in_view(
    page, visit, width
):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC_PAGES:
        visit(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow == 0, path
        assert page.evaluate(CELLS_OUTSIDE, width) == [], path
        scrolled = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                .filter(el => el.scrollWidth > el.clientWidth + 1
                              && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
                .map(el => el.localName + '.' + el.className)"""
        )
        assert scrolled == [], path


def accessibility_tree_roles(page):
    """The roles in Chromium's own accessibility tree, as a screen reader gets it."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return [node["role"]["value"] for node in nodes if "role" in node]


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_summary_table_stays_a_data_table_for_screen_readers_at_every_width(page, visit, width):
    page.set_viewport_size({"width": width, "height": 900})
    visit(CURRENT)
    roles = accessibility_tree_roles(page)
    assert roles.count("columnheader") == 4
    assert roles.count("rowheader") == 4
    assert roles.count("cell") >= 12
    table = page.get_by_role("table", name="Authorized police deployments by country or region")
    ukraine = table.get_by_role("row", name=re.compile("^Ukraine"))
    expect(ukraine.get_by_role("cell").last).to_have_text(re.compile("Up to 45$"))


def test_on_a_phone_each_figure_reads_with_its_column_name(page, visit):
    page.set_viewport_size({"width": 375, "height": 900})
    visit(CURRENT)
    cell = page.locator("table.summary tbody tr").nth(1).locator("td").last
    expect(cell).to_have_text("Authorized Police Deployments Up to 45")
    expect(cell.locator(".cell-label")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(cell.locator(".cell-label")).to_be_hidden()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=SCREENSHOTS / "current-en-375-table.png", full_page=True)


def tab_stops(page, limit=200):
    """The href or tag of each element the Tab key reaches, from the top of the page."""
    page.locator("body").focus()
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { let el = document.activeElement;
                while (el && el.shadowRoot && el.shadowRoot.activeElement) {
                    el = el.shadowRoot.activeElement; }
                return el.getAttribute('href') || el.tagName.toLowerCase()
                    + (el.getAttribute('name') ? '[' + el.getAttribute('name') + ']' : ''); }"""
        )
        if stops and stop == stops[0]:
            break
        stops.append(stop)
    return stops


def test_each_region_is_one_tab_stop_and_the_table_is_none_at_desktop_width(page, visit):
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(CURRENT)
    stops = tab_stops(page)
    regions = [
        stop for stop in stops if re.fullmatch(r"#[a-z-]+", stop) and stop != "#main-content"
    ]
    assert regions[:4] == [
        "#caribbean-region",
        "#ukraine",
        "#west-bank",
        "#democratic-republic-of-the-congo",
    ]
    assert len(regions) == len(set(regions)), regions
    assert page.locator("main [tabindex='0']").count() == 0


def test_the_date_form_uses_the_design_system_and_sends_the_date_once(page, visit):
    visit("/fr/missions-en-cours/")
    form = page.locator("form.as-of-form")
    expect(form.locator(".as-of-form__plain")).to_be_hidden()
    form.get_by_label("Année").fill("2018")
    form.get_by_label("Mois").fill("1")
    form.get_by_label("Jour").fill("1")
    form.locator("gcds-button").click()
    # The date leads to the edition in force then, at its own address, which names it.
    expect(page).to_have_url(re.compile(r"/fr/missions-en-cours/editions/1/\?as_of=2018-01-01$"))
    expect(page.locator(".as-of-banner")).to_contain_text(
        "La page telle qu'elle était le 1er janvier 2018"
    )


def test_enter_in_the_date_fields_sends_the_form(page, visit):
    visit(CURRENT)
    form = page.locator("form.as-of-form")
    form.get_by_label("Year").fill("2018")
    form.get_by_label("Month").fill("02")
    form.get_by_label("Day").fill("30")
    form.get_by_label("Day").press("Enter")
    # The server checks the date and says what is wrong.
    expect(page).to_have_url(re.compile(r"\?as_of=2018-02-30$"))
    expect(page.get_by_text("“2018-02-30” is not a date.")).to_be_visible()


def test_without_javascript_the_date_form_is_a_plain_field_in_the_same_order(
    without_javascript, visit
):
    page = without_javascript
    visit(CURRENT, wait_for_components=False)
    form = page.locator("form.as-of-form")
    expect(form.locator("gcds-date-input")).to_be_hidden()
    field = form.get_by_label("Date")
    expect(field).to_have_accessible_description("Format: YYYY-MM-DD, for example 2018-01-01")
    field.fill("2018-01-01")
    form.get_by_role("button", name="Show the page on this date").click()
    expect(page).to_have_url(
        re.compile(r"/en/current-peace-operations/editions/1/\?as_of=2018-01-01$")
    )


def test_at_375_pixels_a_history_page_shows_the_table_before_the_chart(page, visit):
    page.set_viewport_size({"width": 375, "height": 900})
    visit("/en/regions/caribbean-region/")
    table = page.locator(".chart-and-table table").bounding_box()
    chart = page.locator(".chart-and-table svg").bounding_box()
    assert table["y"] < chart["y"]
    page.set_viewport_size({"width": 1280, "height": 900})
    table = page.locator(".chart-and-table table").bounding_box()
    chart = page.locator(".chart-and-table svg").bounding_box()
    assert chart["y"] < table["y"]


def test_feedback_works_without_javascript_and_staff_see_it_in_the_admin(
    without_javascript, visit, axe, django_user_model
):
    page = without_javascript
    visit(CURRENT, wait_for_components=False)
    feedback = page.get_by_role("region", name="Page feedback")
    feedback.get_by_role("button", name="No").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what was wrong")
    assert violations(axe, page) == []
    assert Feedback.objects.count() == 1  # a "No" counts at once; the details follow
    page.get_by_label("Please provide more details").fill("The Ukraine figure is old")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    # Loaded, styles and all, before clicking: a click placed by the layout before the
    # styles apply can miss (a busy machine shows it).
    page.wait_for_load_state()
    page.get_by_role("link", name="Back to the page").click()
    page.wait_for_url(re.compile(f"{CURRENT}$"))

    reports = list(Feedback.objects.order_by("pk").values_list("path", "helpful", "details"))
    assert reports == [(CURRENT, False, "The Ukraine figure is old")]

    django_user_model.objects.create_superuser("staff", "staff@example.com", PASSWORD)
    visit("/en/admin/", wait_for_components=False)
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Page feedback").click()
    expect(page.get_by_role("row", name=re.compile("The Ukraine figure is old"))).to_be_visible()


def test_feedback_with_javascript_sends_a_yes_in_french(page, visit):
    visit("/fr/missions-en-cours/")
    page.get_by_role("region", name="Rétroaction sur la page").get_by_role(
        "button", name="Oui"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci de vos commentaires")
    report = Feedback.objects.get()
    assert (report.path, report.language, report.helpful) == ("/fr/missions-en-cours/", "fr", True)
