"""The public pages and the admin in Chromium under the real Content-Security-Policy: the
browser reports no violation, and the admin's scripts still run. (Every visit() of the
other browser tests checks for violations too.)"""

import pytest
from django.contrib.auth.models import User

from .conftest import LISTEN_FOR_CSP_VIOLATIONS, csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path", ["/", "/en/current-peace-operations/", "/fr/missions/binuh/", "/en/regions/ukraine/"]
)
def test_a_public_page_raises_no_violation(visit, page, path):
    visit(path)
    assert page.evaluate("document.querySelector('style[data-styles]') !== null")
    assert csp_violations(page) == []


def test_the_admin_signs_in_and_its_scripts_run_with_no_violation(site, page, settings):
    settings.AXES_ENABLED = True
    User.objects.create_superuser("editor", password="a long and good passphrase")
    page.add_init_script(LISTEN_FOR_CSP_VIOLATIONS)
    page.goto(site.url + "/en/admin/login/?next=/en/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long and good passphrase")
    page.click("input[type=submit]")
    page.wait_for_url(site.url + "/en/admin/")
    assert csp_violations(page) == []

    # The add form: the slug fills itself from the name (prepopulated_fields.js).
    page.goto(site.url + "/en/admin/missions/mission/add/")
    page.locator("#id_name_en").press_sequentially("United Nations Integrated Office")
    assert page.input_value("#id_slug") == "united-nations-integrated-office"
    # The predecessor's autocomplete (select2) opens and searches.
    page.click("#id_predecessor + .select2")
    page.fill(".select2-search__field", "BIN")
    page.wait_for_selector(".select2-results__option:has-text('BINUH')")
    page.keyboard.press("Escape")
    assert csp_violations(page) == []
