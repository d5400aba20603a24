"""The admin and the public pages in Chromium under the real Content-Security-Policy: the
browser reports no violation, and the admin's scripts still run."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import sync_playwright

from .helpers import DAY, make_mission, make_posting, make_region, make_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Collects what the browser blocks, from the moment each page starts.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile);
});
"""


def violations(page):
    return page.evaluate("window.__violations")


@pytest.fixture
def browser_page(live_server, settings):
    settings.AXES_ENABLED = True
    region = make_region(slug="haiti", name="Haiti", note="Operations suspended.")
    mission = make_mission(region, slug="binuh", name="BINUH", started=DAY, body="- one\n- two")
    make_snapshot(region, mission, authorized=10)
    make_posting()
    User.objects.create_superuser("editor", password="a long and good passphrase")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.add_init_script(LISTEN)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, live_server.url, errors
        browser.close()


def test_the_public_pages_raise_no_violation(browser_page):
    page, url, errors = browser_page
    for path in ("/", "/en/current-peace-operations/", "/fr/missions/binuh/"):
        page.goto(url + path)
        assert violations(page) == [], path
    assert errors == []


def test_the_admin_signs_in_and_its_scripts_run_with_no_violation(browser_page):
    page, url, errors = browser_page
    page.goto(url + "/en/admin/login/?next=/en/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long and good passphrase")
    page.click("input[type=submit]")
    page.wait_for_url(url + "/en/admin/")
    assert violations(page) == []

    # The add form: the slug fills itself from the name (prepopulated_fields.js).
    page.goto(url + "/en/admin/missions/mission/add/")
    page.locator("#id_name_en").press_sequentially("United Nations Integrated Office")
    assert page.input_value("#id_slug") == "united-nations-integrated-office"
    # The predecessor's autocomplete (select2) opens and searches.
    page.click("#id_predecessor + .select2")
    page.fill(".select2-search__field", "BIN")
    page.wait_for_selector(".select2-results__option:has-text('BINUH')")
    page.keyboard.press("Escape")
    assert violations(page) == []

    # The snapshot inline adds a row with its "Add another" link (inlines.js).
    rows = page.locator("#snapshots-group tr.form-row").count()
    page.click("#snapshots-group .add-row a")
    assert page.locator("#snapshots-group tr.form-row").count() == rows + 1

    # The changelist's date filter and history page.
    page.goto(url + "/en/admin/missions/deploymentsnapshot/")
    page.goto(url + "/en/admin/missions/mission/1/history/")
    assert violations(page) == []
    assert errors == []
