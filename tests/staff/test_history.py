"""Every change is recorded with who, when and what; the admin shows it and can revert."""

import pytest
from django.urls import reverse

from missions.models import Mission

from ..helpers.staff import admin_form_data, change_url, signed_in

pytestmark = pytest.mark.django_db


def edit(client, obj, **changes):
    url = change_url(obj)
    response = client.post(url, admin_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


def revert_url(obj, record):
    return reverse(
        f"admin:missions_{obj._meta.model_name}_simple_history", args=[obj.pk, record.pk]
    )


def revert(client, obj, record):
    url = revert_url(obj, record)
    return client.post(url, admin_form_data(client.get(url)))


def test_an_admin_edit_is_recorded_with_who_when_and_what(mission, editor):
    edit(editor, mission, name_en="Renamed", body_fr="Le nouveau texte.")

    record = mission.history.first()
    assert record.history_user.username == "erin"
    assert record.history_type == "~"
    delta = record.diff_against(record.prev_record)
    assert sorted(delta.changed_fields) == ["body_fr", "name", "name_en"]


def test_the_history_page_lists_who_changed_which_fields(mission, editor):
    edit(editor, mission, name_en="Renamed")

    html = editor.get(reverse("admin:missions_mission_history", args=[mission.pk])).content.decode()
    assert "erin" in html
    assert "<strong>Name [en]</strong>" in html
    assert "Bilateral engagement" in html and "Renamed" in html
    # A translated text shows once per language, not again under its untranslated name.
    assert "<strong>Name</strong>" not in html


def test_changes_from_the_shell_and_to_figures_are_recorded_too(mission):
    snapshot = mission.snapshots.get()
    snapshot.authorized = 12
    snapshot.save()
    assert list(snapshot.history.values_list("authorized", flat=True)) == [12, 10]


def test_revert_restores_the_earlier_text_in_both_languages(mission, editor):
    original = mission.history.get()
    edit(editor, mission, name_en="Wrong name", name_fr="Mauvais nom", body_en="Wrong body.")

    response = revert(editor, mission, original)

    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.name_en, mission.name_fr) == ("Bilateral engagement", "Bilateral engagement FR")
    assert (mission.body_en, mission.body_fr) == ("The first body.", "Le premier texte.")
    assert mission.history.first().history_user.username == "erin"


def test_revert_from_the_french_admin_restores_both_languages(mission, editor):
    original = mission.history.get()
    edit(editor, mission, name_en="Wrong name", name_fr="Mauvais nom")

    url = revert_url(mission, original).replace("/en/", "/fr/", 1)
    response = editor.post(url, admin_form_data(editor.get(url)))

    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.name_en, mission.name_fr) == ("Bilateral engagement", "Bilateral engagement FR")


def test_revert_restores_earlier_figures(mission, editor):
    snapshot = mission.snapshots.get()
    original = snapshot.history.get()
    edit(editor, snapshot, authorized="100", deployed="90")

    assert revert(editor, snapshot, original).status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.authorized, snapshot.deployed) == (10, 5)


def test_a_revert_is_refused_if_the_record_changed_since_the_revert_page_was_opened(
    mission, editor
):
    original = mission.history.get()
    edit(editor, mission, name_en="Second name")
    url = revert_url(mission, original)
    stale_revert = admin_form_data(editor.get(url))
    edit(editor, mission, name_en="Third name")

    response = editor.post(url, stale_revert)

    assert response.status_code == 200
    assert "erin saved mission" in response.context["adminform"].form.non_field_errors()[0]
    mission.refresh_from_db()
    assert mission.name_en == "Third name"


def test_an_editor_cannot_revert_a_published_record(mission, editor):
    Mission.objects.filter(pk=mission.pk).update(published=True)
    url = revert_url(mission, mission.history.get())

    page = editor.get(url)
    assert page.status_code == 200  # may look
    assert page.context["revert_disabled"]
    assert 'value="Revert"' not in page.content.decode()
    assert editor.post(url, admin_form_data(page)).status_code == 403


def test_a_publisher_can_revert_a_published_record(mission, publisher):
    original = mission.history.get()
    edit(publisher, mission, name_en="Wrong name", published="on")

    assert revert(publisher, mission, original).status_code == 302
    mission.refresh_from_db()
    assert mission.name_en == "Bilateral engagement"


def test_an_editors_revert_does_not_change_whether_the_record_is_published(
    mission, editor, publisher
):
    publisher, editor = publisher, editor
    edit(publisher, mission, published="on")
    published_version = mission.history.first()
    edit(publisher, mission, published=None)  # unpublished again, so editors may revert

    assert revert(editor, mission, published_version).status_code == 302
    mission.refresh_from_db()
    assert mission.published is False


def test_analysts_see_history_but_cannot_revert(mission):
    analyst = signed_in("Analysts", "ann")
    assert (
        analyst.get(reverse("admin:missions_mission_history", args=[mission.pk])).status_code == 200
    )
    url = revert_url(mission, mission.history.get())
    assert analyst.get(url).context["revert_disabled"]
    assert analyst.post(url, {"name_en": "Changed"}).status_code == 403
    mission.refresh_from_db()
    assert (mission.name_en, mission.version) == ("Bilateral engagement", 1)
