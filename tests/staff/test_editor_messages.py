"""What the admin says after a save or a bulk action: a save that can't be published yet
warns why instead of the green success, and the actions say what they did."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from missions.models import Mission

from ..helpers.records import make_mission
from ..helpers.staff import admin_form_data, change_url

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/missions/mission/"


def messages_of(response):
    """(level, text) of each message the response leaves for the next page."""
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def in_french(url):
    return url.replace("/en/", "/fr/", 1)


def save(client, url, **changes):
    """Post the admin form at `url` as shown, with changes (and which button)."""
    return client.post(url, admin_form_data(client.get(url), **changes))


def mark(client, action, *missions, language="en"):
    """Run a bulk action of the missions' list on `missions`."""
    return client.post(
        f"/{language}/admin/missions/mission/",
        {"action": action, "_selected_action": [mission.pk for mission in missions]},
    )


# Saving


def test_an_english_only_save_warns_that_it_cant_be_published_yet(editor, mission):
    response = save(editor, change_url(mission), body_fr="")

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    assert messages_of(response) == [
        (
            "warning",
            "“Bilateral engagement” was saved, but it can't be published yet: "
            "Body is missing in French.",
        )
    ]
    assert Mission.objects.get(pk=mission.pk).body_fr == ""


def test_the_warning_names_every_missing_text(editor, mission):
    response = save(editor, change_url(mission), name_fr="", acronym_en="BE", body_fr="")

    [(level, text)] = messages_of(response)
    assert level == "warning"
    assert text.endswith(
        "Name is missing in French. Acronym is missing in French. Body is missing in French."
    )
    assert "successfully" not in text


def test_a_text_emptied_in_english_is_missing_in_english(editor, mission):
    response = save(editor, change_url(mission), body_en="")

    assert Mission.objects.get(pk=mission.pk).body_en == ""
    assert messages_of(response)[0][1].endswith("Body is missing in English.")


def test_save_and_continue_and_save_and_add_another_go_where_they_always_went(editor, mission):
    url = change_url(mission)

    continued = save(editor, url, body_fr="", _continue="1")
    another = save(editor, url, _addanother="1")

    assert continued["Location"] == url
    assert [level for level, _text in messages_of(continued)] == ["warning"]
    assert another["Location"] == "/en/admin/missions/mission/add/"


def test_adding_a_record_in_english_only_warns_too(editor):
    url = reverse("admin:missions_posting_add")
    response = save(
        editor, url, title_en="Europol", slug="europol", kind="specialized", body_en="Police."
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        (
            "warning",
            "“Europol” was saved, but it can't be published yet: Title is missing in French. "
            "Body is missing in French.",
        )
    ]


def test_reverting_to_a_version_missing_a_translation_warns(editor, mission):
    mission.body_fr = ""
    mission.save()
    english_only = mission.history.first()
    mission.body_fr = "Le texte."
    mission.save()
    url = reverse("admin:missions_mission_simple_history", args=[mission.pk, english_only.pk])

    response = save(editor, url)

    assert Mission.objects.get(pk=mission.pk).body_fr == ""
    assert [level for level, _text in messages_of(response)] == ["warning"]


def test_a_complete_save_succeeds_as_usual(editor, mission):
    response = save(editor, change_url(mission), body_en="New text.", body_fr="Nouveau texte.")

    assert response["Location"] == CHANGELIST
    [(level, text)] = messages_of(response)
    assert level == "success"
    assert text.startswith("The mission “")
    assert text.endswith("” was changed successfully.")


def test_the_warning_is_in_french_on_the_french_admin(editor, mission):
    response = save(editor, in_french(change_url(mission)), body_en="")

    assert messages_of(response) == [
        (
            "warning",
            "La fiche « Bilateral engagement FR » a été enregistrée, mais ne peut pas encore "
            "être publiée\u00a0: Corps du texte\u00a0: texte manquant en anglais.",
        )
    ]


# Bulk actions


def test_marking_a_draft_ready_says_it_waits_for_a_publisher(publisher, mission):
    response = mark(publisher, "publish", mission)

    [(level, text)] = messages_of(response)
    assert level == "success"
    assert text == (
        "Marked 1 mission ready for the next edition. A Publisher publishes it from "
        f'“<a href="{reverse("admin:missions_edition_review")}">Review and publish</a>”.'
    )
    assert Mission.objects.get(pk=mission.pk).published is True


def test_marking_several_says_how_many(publisher, mission):
    other = make_mission(mission.region, slug="other", name="Other", published=False)

    [(_level, text)] = messages_of(mark(publisher, "publish", mission, other))

    assert text.startswith(
        "Marked 2 missions ready for the next edition. A Publisher publishes them"
    )


def test_taking_records_out_says_so(publisher, mission):
    other = make_mission(mission.region, slug="other", name="Other")
    Mission.objects.filter(pk=mission.pk).update(published=True)

    response = mark(publisher, "unpublish", mission, other)

    assert messages_of(response) == [("success", "Took 2 missions out of the next edition.")]


def test_records_already_ready_are_said_to_be_left_as_they_were(publisher, mission):
    ready = make_mission(mission.region, slug="other", name="Other")

    response = mark(publisher, "publish", mission, ready)

    assert [level for level, _text in messages_of(response)] == ["success", "info"]
    assert messages_of(response)[1][1] == "1 mission was already in the next edition."


def test_records_already_out_are_said_to_be_left_as_they_were(publisher, mission):
    response = mark(publisher, "unpublish", mission)
    assert messages_of(response) == [("info", "1 mission was already out of the next edition.")]


def test_a_refused_record_is_said_not_to_be_marked_ready(publisher, mission):
    Mission.objects.filter(pk=mission.pk).update(body_fr="")

    messages = messages_of(mark(publisher, "publish", mission))

    assert messages == [
        (
            "error",
            "“Bilateral engagement” was not marked ready for the next edition: Body is missing "
            "in French. A published record needs both languages, so that the English and "
            "French pages match.",
        )
    ]
    assert Mission.objects.get(pk=mission.pk).published is False


def test_the_actions_are_named_for_what_they_do(publisher, mission):
    html = publisher.get(CHANGELIST).content.decode()

    assert ">Mark selected missions ready for the next edition</option>" in html
    assert ">Take selected missions out of the next edition</option>" in html
    assert "Publish selected" not in html and "Unpublish selected" not in html


def test_the_action_messages_are_in_french_on_the_french_admin(publisher, mission):
    with translation.override("fr"):
        review = reverse("admin:missions_edition_review")

    [(_level, text)] = messages_of(mark(publisher, "publish", mission, language="fr"))

    assert text == (
        "Prêt pour la prochaine édition\u00a0: 1 mission. Un éditeur responsable publie la "
        "prochaine édition depuis "
        f'« <a href="{review}">Examiner et publier</a> ».'
    )
