"""Staff in the admin: an Editor's change reaches the public page only through a
Publisher's review, and two tabs editing one record lose nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-passphrase-1"


def test_an_editors_figure_reaches_the_public_page_only_when_a_publisher_publishes(page, visit):
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    publisher = get_user_model().objects.create_user("pat", password=PASSWORD, is_staff=True)
    publisher.groups.add(Group.objects.get(name="Publishers"))
    ukraine_row = page.get_by_role("row", name=re.compile("^Ukraine"))
    visit("/en/current-peace-operations/")
    expect(ukraine_row).to_contain_text("Up to 45")

    sign_in(page, visit)
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.get_by_role("link", name="Deployment snapshots").click()
    page.get_by_role("link", name=re.compile("Add deployment snapshot")).click()
    # Region is an autocomplete field: type, then pick the match.
    page.locator(".field-region [role=combobox]").click()
    page.locator(".select2-search__field").fill("Ukraine")
    page.get_by_role("option", name="Ukraine").click()
    page.get_by_role("textbox", name="As of:").fill(timezone.localdate().isoformat())
    page.get_by_label("Authorized").fill("50")
    page.get_by_label("Source").fill("Government of Canada announcement")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    visit("/en/current-peace-operations/")
    expect(ukraine_row).to_contain_text("Up to 45")  # saved, not yet published

    page.context.clear_cookies()
    sign_in(page, visit, "pat")
    visit("/en/admin/missions/edition/review/", wait_for_components=False)
    changes = page.locator(".review-changes")
    expect(changes).to_contain_text("Up to 4550")
    expect(changes).to_contain_text("50 tout au plus")
    page.get_by_label("Change summary (English)").fill("Ukraine's cap is now 50.")
    page.get_by_label("Change summary (French)").fill(
        "Le plafond de l'Ukraine est maintenant de 50."
    )
    page.get_by_role("button", name="Publish this edition").click()
    expect(page.locator(".messagelist .success")).to_contain_text("is published")

    visit("/en/current-peace-operations/")
    expect(ukraine_row).to_contain_text("Up to 50")


def sign_in(page, visit, username="editor"):
    visit("/en/admin/", wait_for_components=False)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_edit_in_a_second_tab_keeps_the_paragraph_saved_in_the_first(page, visit):
    from missions.models import Mission

    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    sign_in(page, visit)
    proteus = Mission.objects.get(slug="operation-proteus")
    change = f"/en/admin/missions/mission/{proteus.pk}/change/"
    first = page
    second = page.context.new_page()
    visit(change, wait_for_components=False)
    second.goto(first.url)

    body = first.get_by_label("Body [en]")
    body.fill(body.input_value() + "\n\nA paragraph added in the first tab.")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator(".messagelist .success")).to_be_visible()

    second.get_by_label("Position").fill("7")
    second.get_by_role("button", name="Save", exact=True).click()
    errors = second.locator(".errornote ~ .errorlist, .errorlist.nonfield")
    expect(errors).to_contain_text("Their change to Body [en]")
    expect(errors).to_contain_text("A paragraph added in the first tab.")
    expect(errors).not_to_contain_text("You changed it too")
    expect(errors).not_to_contain_text("Acronym")
    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator(".messagelist .success")).to_be_visible()

    proteus.refresh_from_db()
    assert proteus.body_en.endswith("\n\nA paragraph added in the first tab.")
    assert "\r" not in proteus.body_en
    assert proteus.position == 7
