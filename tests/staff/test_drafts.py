"""Drafts stay off the public site; staff preview them; a Publisher publishes, and only a
record complete in both languages."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from missions.models import Mission, Posting, Region

from ..helpers.editions import publish_working_copy
from ..helpers.records import DAY, make_mission, make_posting, make_region
from ..helpers.staff import admin_form_data, signed_in

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"


@pytest.fixture
def drafts():
    region = make_region(slug="public-region", name="Public region")
    make_mission(region, slug="public-mission", name="Public mission", started=DAY)
    draft_mission = make_mission(
        region, slug="draft-mission", name="Draft mission", started=DAY, published=False
    )
    draft_region = make_region(slug="draft-region", name="Draft region", published=False)
    make_mission(draft_region, slug="hidden-mission", name="Hidden mission", started=DAY)
    make_posting(slug="draft-posting", title="Draft posting", published=False)
    publish_working_copy()
    return draft_mission, draft_region


# The public never sees a draft


def test_a_draft_mission_is_a_404_for_the_public(client, drafts):
    assert client.get("/en/missions/draft-mission/").status_code == 404


def test_a_published_mission_of_a_draft_region_is_a_404_for_the_public(client, drafts):
    assert client.get("/en/missions/hidden-mission/").status_code == 404


def test_a_ready_mission_has_no_page_or_download_until_an_edition_publishes_it(client):
    region = make_region()
    make_mission(region, slug="on")
    publish_working_copy()
    make_mission(region, slug="later")
    urls = ["/en/missions/later/", "/en/missions/later/snapshots.csv"]
    assert [client.get(url).status_code for url in urls] == [404, 404]
    publish_working_copy()
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_the_public_page_has_no_preview_banner_and_stays_cacheable(client, drafts):
    response = client.get(URL)
    assert "preview-banner" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_preview_asked_for_by_a_visitor_leads_to_sign_in_and_shows_no_draft(client, drafts):
    response = client.get("/en/missions/draft-mission/?preview=1")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/?next=")
    assert "Draft" not in response.content.decode()


# Staff preview


def test_staff_preview_the_next_edition_with_records_marked_ready_and_a_banner(drafts):
    draft_mission, _region = drafts
    publish(signed_in("Publishers"), "mission", draft_mission)

    html = signed_in("Editors").get(URL, {"preview": "1"}).content.decode()

    assert 'class="preview-banner"' in html
    assert "this is the working copy as the next edition would show it" in html
    assert "Draft mission" in html
    assert "Hidden mission" not in html  # its region is not ready
    assert "Draft mission" not in Client().get(URL).content.decode()


def test_staff_preview_a_draft_mission_page(drafts):
    response = signed_in("Analysts").get("/en/missions/draft-mission/", {"preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="preview-banner"' in html
    assert '<span class="draft-label">Draft</span></h1>' in html
    assert "no-store" in response["Cache-Control"]


def test_the_admin_view_on_site_link_opens_the_preview(drafts):
    draft_mission, _region = drafts
    html = (
        signed_in("Editors")
        .get(reverse("admin:missions_mission_change", args=[draft_mission.pk]))
        .content.decode()
    )
    assert 'href="/en/missions/draft-mission/?preview=1" class="viewsitelink"' in html


# Publishing


def publish(client, model, *objects, action="publish"):
    return client.post(
        reverse(f"admin:missions_{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def test_a_publisher_publishes_a_draft_and_the_public_then_sees_it(client, drafts):
    draft_mission, _region = drafts
    response = publish(signed_in("Publishers"), "mission", draft_mission)

    assert "Marked 1 mission ready for the next edition." in response.content.decode()
    assert "Draft mission" not in client.get(URL).content.decode()
    publish_working_copy(summary="A new mission")
    assert client.get("/en/missions/draft-mission/").status_code == 200
    assert "Draft mission" in client.get(URL).content.decode()
    record = Mission.objects.get(pk=draft_mission.pk).history.first()
    assert record.history_user.username == "publishers"
    assert LogEntry.objects.get(object_id=str(draft_mission.pk)).get_change_message() == (
        "Changed Published."
    )


def test_a_publisher_unpublishes_and_the_record_leaves_the_next_edition(client, drafts):
    mission = Mission.objects.get(slug="public-mission")
    publish(signed_in("Publishers"), "mission", mission, action="unpublish")
    assert "Public mission" in client.get(URL).content.decode()
    publish_working_copy(summary="Mission withdrawn")
    assert "Public mission" not in client.get(URL).content.decode()
    # It was public: its history page stays, as ended missions' do.
    assert client.get("/en/missions/public-mission/").status_code == 200


def test_regions_and_postings_are_published_the_same_way(client, drafts):
    _mission, draft_region = drafts
    publisher = signed_in("Publishers")
    publish(publisher, "region", draft_region)
    publish(publisher, "posting", Posting.objects.get())
    publish_working_copy(summary="A new region and posting")
    html = client.get(URL).content.decode()
    assert "Draft region" in html and "Draft posting" in html


def test_an_editor_is_not_offered_the_publish_action(drafts):
    editor = signed_in("Editors")
    html = editor.get(reverse("admin:missions_mission_changelist")).content.decode()
    assert 'value="publish"' not in html and 'value="unpublish"' not in html
    publisher_html = signed_in("Publishers").get(reverse("admin:missions_mission_changelist"))
    assert 'value="publish"' in publisher_html.content.decode()


def test_publishing_a_record_missing_its_french_text_is_refused_with_the_reason(drafts):
    draft_mission, _region = drafts
    Mission.objects.filter(pk=draft_mission.pk).update(name_fr="", body_en="Some text.")

    response = publish(signed_in("Publishers"), "mission", draft_mission)

    html = response.content.decode()
    assert "“Draft mission” was not marked ready for the next edition:" in html
    assert "Name is missing in French." in html
    assert "Body is missing in French." in html
    assert Mission.objects.get(pk=draft_mission.pk).published is False


def test_publishing_through_the_form_shows_the_missing_translation_on_its_field(drafts):
    draft_mission, _region = drafts
    publisher = signed_in("Publishers")
    url = reverse("admin:missions_mission_change", args=[draft_mission.pk])

    response = publisher.post(
        url, admin_form_data(publisher.get(url), published="on", body_en="Text.", body_fr="")
    )

    errors = response.context["adminform"].form.errors
    assert errors["body_fr"] == [
        "Body is missing in French. A published record needs both languages, "
        "so that the English and French pages match."
    ]
    assert Mission.objects.get(pk=draft_mission.pk).published is False


def test_a_draft_may_be_saved_in_one_language(drafts):
    draft_mission, _region = drafts
    editor = signed_in("Editors")
    url = reverse("admin:missions_mission_change", args=[draft_mission.pk])
    response = editor.post(url, admin_form_data(editor.get(url), body_en="Text.", name_fr=""))
    assert response.status_code == 302
    saved = Mission.objects.get(pk=draft_mission.pk)
    assert (saved.name_en, saved.body_en) == ("Draft mission", "Text.")
    assert not saved.name_fr and not saved.body_fr
    assert saved.published is False


def test_a_region_publish_checks_its_french_name_and_note(drafts):
    _mission, draft_region = drafts
    Region.objects.filter(pk=draft_region.pk).update(note_en="Suspended.")
    response = publish(signed_in("Publishers"), "region", draft_region)
    assert "Note is missing in French." in response.content.decode()
    assert Region.objects.get(pk=draft_region.pk).published is False
