"""The public pages in a real browser: Canada.ca frame, both languages, desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, other_hosts

pytestmark = pytest.mark.browser

CURRENT = {"en": "/en/current-peace-operations/", "fr": "/fr/missions-en-cours/"}
OTHER = {"en": "fr", "fr": "en"}
SIGNATURE = {"en": "Government of Canada", "fr": "Gouvernement du Canada"}
LANGUAGE_NAME = {"en": "English", "fr": "Français"}


def horizontal_overflow(page):
    """How far the page is wider than the window (0 when nothing sticks out)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize(
    "lang, width", [("en", 1280), ("fr", 1280), ("en", 375)], ids=["en-1280", "fr-1280", "en-375"]
)
def test_the_current_page_is_a_canada_ca_page_in_both_languages_on_desktop_and_phone(
    page, visit, lang, width
):
    page.set_viewport_size({"width": width, "height": 900})
    visit(CURRENT[lang])

    assert page.evaluate("document.documentElement.lang") == lang
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("img", name=SIGNATURE[lang])).to_be_visible()
    toggle = banner.locator('[slot="toggle"] a')
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name(LANGUAGE_NAME[OTHER[lang]])
    expect(toggle).to_have_attribute("lang", OTHER[lang])
    expect(toggle).to_have_attribute("hreflang", OTHER[lang])
    expect(toggle).to_have_attribute("href", CURRENT[OTHER[lang]])
    expect(banner.locator("gcds-breadcrumbs").get_by_role("link", name="Canada.ca")).to_be_visible()

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_be_visible()
    table = main.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader")).to_have_count(4)
    expect(main.locator("gcds-date-modified")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()
    assert horizontal_overflow(page) == 0

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"current-{lang}-{width}.png", full_page=True)


def test_the_language_toggle_keeps_the_edition_and_switches_the_language(page, visit):
    visit("/en/current-peace-operations/?as_of=2018-01-01")
    assert page.url.endswith("/en/current-peace-operations/editions/1/?as_of=2018-01-01")
    page.locator('[slot="toggle"] a').click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/fr/missions-en-cours/editions/1/?as_of=2018-01-01")
    assert page.evaluate("document.documentElement.lang") == "fr"
    expect(page.locator('[slot="toggle"] a')).to_have_attribute("hreflang", "en")


def test_a_past_date_shows_the_edition_in_force_then(page, visit):
    visit("/en/current-peace-operations/?as_of=2018-01-01")
    main = page.get_by_role("main")
    expect(main.get_by_role("status")).to_contain_text(
        "The page as it stood on January 1, 2018: edition 1, in force from October 16, 2017 to"
    )
    expect(main.get_by_role("heading", name="Haiti", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Caribbean region")).to_have_count(0)
    expect(
        main.get_by_role("heading", name=re.compile("United Nations Mission for Justice Support"))
    ).to_be_visible()
    expect(main).to_contain_text("Authorized deployments")
    expect(main).to_contain_text("Up to 20 total")


def test_a_mission_history_page_has_a_chart_with_a_text_alternative_and_its_data_table(page, visit):
    visit("/en/missions/minujusth/")
    chart = page.locator('main svg[role="img"]').first
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(re.compile(r"\w"))
    expect(page.locator("main table caption").first).to_be_visible()


@pytest.mark.parametrize(
    "path", ["/en/current-peace-operations/", "/fr/missions-en-cours/editions/1/"]
)
def test_headings_go_in_order_from_a_single_h1(page, visit, path):
    visit(path)
    levels = page.evaluate(
        """() => [...document.querySelector('main').querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter(h => h.checkVisibility())
            .map(h => Number(h.tagName[1]))"""
    )
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_the_summary_table_has_a_caption_and_scoped_header_cells(page, visit):
    visit("/en/current-peace-operations/")
    table = page.locator("main table.summary")
    expect(table.locator("caption")).to_have_text(
        "Authorized police deployments by country or region"
    )
    expect(table.locator('thead th[scope="col"]')).to_have_count(4)
    expect(table.locator('tbody th[scope="row"]')).to_have_count(4)
    expect(table.locator("tbody td")).to_have_count(12)


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(page, visit):
    visit("/en/current-peace-operations/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main-content$"))
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_focus_is_visible_on_links(page, visit):
    visit("/en/current-peace-operations/")
    page.locator("#main-content").focus()
    page.keyboard.press("Tab")
    link = page.locator("main .on-this-page a").first
    expect(link).to_be_focused()
    style = link.evaluate(
        "a => { const s = getComputedStyle(a);"
        " return [s.outlineStyle, s.outlineWidth, s.backgroundColor]; }"
    )
    assert style == ["solid", "4px", "rgb(19, 84, 236)"]


def test_without_javascript_the_page_still_reads_well(without_javascript, visit):
    page = without_javascript
    page.set_viewport_size({"width": 1280, "height": 900})
    visit("/en/current-peace-operations/", wait_for_components=False)
    assert page.evaluate("customElements.get('gcds-header')") is None
    banner_fallbacks = [
        page.get_by_role("link", name="Skip to main content"),
        page.get_by_role("link", name="Government of Canada / Gouvernement du Canada"),
        page.locator('[slot="toggle"] a[hreflang="fr"]'),
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Canada.ca"),
    ]
    for element in banner_fallbacks[1:]:
        expect(element).to_be_visible()
    expect(banner_fallbacks[0]).to_be_attached()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Note", level=3)).to_be_visible()
    expect(main.get_by_text("Date modified:")).to_be_visible()
    expect(page.get_by_role("heading", name="Government of Canada", level=2)).to_be_visible()
    assert horizontal_overflow(page) == 0


def test_the_root_offers_both_languages_like_the_canada_ca_splash_page(page, visit):
    visit("/")
    english = page.get_by_role("link", name="English", exact=True)
    french = page.get_by_role("link", name="Français", exact=True)
    expect(english).to_have_attribute("hreflang", "en")
    expect(french).to_have_attribute("lang", "fr")
    expect(french).to_have_attribute("hreflang", "fr")
    french.click()
    expect(page).to_have_url(re.compile("/fr/missions-en-cours/$"))
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_a_request_to_another_host_is_caught(page, site):
    # What every visit checks is not vacuous: a stylesheet from a CDN shows up.
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("https://cdn.example.org/**", lambda route: route.abort())
    page.goto(site.url + "/en/current-peace-operations/")
    page.evaluate(
        """() => { const link = document.createElement('link');
            link.rel = 'stylesheet'; link.href = 'https://cdn.example.org/gcds.css';
            document.head.append(link); }"""
    )
    page.wait_for_load_state("networkidle")
    assert other_hosts(requested, site.url) == ["https://cdn.example.org/gcds.css"]
