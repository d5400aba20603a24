"""An editor changes a figure in the admin and the public page shows it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-passphrase-1"


def test_an_editor_adds_a_figure_in_the_admin_and_the_public_page_shows_it(page, visit):
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    ukraine_row = page.get_by_role("row", name=re.compile("^Ukraine"))
    visit("/en/current-peace-operations/")
    expect(ukraine_row).to_contain_text("Up to 45")

    visit("/en/admin/", wait_for_components=False)
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.get_by_role("link", name="Deployment snapshots").click()
    page.get_by_role("link", name=re.compile("Add deployment snapshot")).click()
    # Region is an autocomplete field: type, then pick the match.
    page.locator(".field-region [role=combobox]").click()
    page.locator(".select2-search__field").fill("Ukraine")
    page.get_by_role("option", name="Ukraine").click()
    page.get_by_label("As of").fill(timezone.localdate().isoformat())
    page.get_by_label("Authorized").fill("50")
    page.get_by_label("Source").fill("Government of Canada announcement")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    visit("/en/current-peace-operations/")
    expect(ukraine_row).to_contain_text("Up to 50")
