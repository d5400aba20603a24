"""Two staff members edit the same record: the second save is refused, nothing of the
first is lost, and the second person keeps their own values to re-apply."""

import re

import pytest

from missions.models import DeploymentSnapshot

from ..helpers.records import make_mission, make_region
from ..helpers.staff import admin_form_data, change_url, signed_in

pytestmark = pytest.mark.django_db


def edit_at_once(mission, alice_changes, bob_changes):
    """Alice and Bob open the mission's form at once, and Alice saves first: Bob's client,
    and the answer to his save."""
    alice, bob = signed_in("Editors", "alice"), signed_in("Editors", "bob")
    url = change_url(mission)
    alice_form = admin_form_data(alice.get(url), **alice_changes)
    bob_form = admin_form_data(bob.get(url), **bob_changes)
    assert alice.post(url, alice_form).status_code == 302
    return bob, bob.post(url, bob_form)


def test_the_second_of_two_concurrent_edits_is_refused_and_the_first_is_kept(mission):
    _bob, response = edit_at_once(mission, {"name_en": "Alice's name"}, {"body_en": "Bob's body."})

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "alice saved mission" in errors[0]
    assert "Your changes were not saved, so nothing of theirs was overwritten." in errors[0]
    assert "Their change: Name [en] is now “Alice's name” (it was “Bilateral engagement”)." in (
        errors
    )
    mission.refresh_from_db()
    assert mission.name_en == "Alice's name"
    assert mission.body_en == "The first body."
    # Bob's own edit is still in the form, and Alice's change was brought in beside it.
    form = response.context["adminform"].form
    assert form["body_en"].value() == "Bob's body."
    assert form["name_en"].value() == "Alice's name"


def test_saving_again_after_a_conflict_keeps_both_edits(mission):
    bob, refused = edit_at_once(mission, {"name_en": "Alice's name"}, {"body_en": "Bob's body."})

    assert bob.post(change_url(mission), admin_form_data(refused)).status_code == 302
    mission.refresh_from_db()
    assert (mission.name_en, mission.body_en) == ("Alice's name", "Bob's body.")
    assert mission.history.count() == 3  # created, Alice's edit, Bob's edit


def test_when_both_change_the_same_field_the_form_keeps_the_refused_value_and_says_so(mission):
    _bob, response = edit_at_once(mission, {"name_en": "Alice's name"}, {"name_en": "Bob's name"})

    errors = response.context["adminform"].form.non_field_errors()
    assert any("You changed it too: your value is in the form." in error for error in errors)
    assert response.context["adminform"].form["name_en"].value() == "Bob's name"
    mission.refresh_from_db()
    assert mission.name_en == "Alice's name"


def test_a_concurrent_edit_of_a_figure_in_the_mission_page_is_refused(mission):
    alice, bob = signed_in("Editors", "alice"), signed_in("Editors", "bob")
    url = change_url(mission)
    alice_form = admin_form_data(alice.get(url), **{"snapshots-0-deployed": "6"})
    bob_form = admin_form_data(bob.get(url), **{"snapshots-0-deployed": "7"})

    assert alice.post(url, alice_form).status_code == 302
    response = bob.post(url, bob_form)

    assert response.status_code == 200
    inline_errors = response.context["inline_admin_formsets"][0].formset.forms[0].non_field_errors()
    assert "Their change: Deployed is now “6” (it was “5”). You changed it too" in inline_errors[1]
    assert DeploymentSnapshot.objects.get().deployed == 6


def test_a_figure_someone_else_changed_is_left_alone_when_the_editor_did_not_touch_it(mission):
    alice, bob = signed_in("Editors", "alice"), signed_in("Editors", "bob")
    url = change_url(mission)
    alice_form = admin_form_data(alice.get(url), **{"snapshots-0-deployed": "6"})
    bob_form = admin_form_data(bob.get(url), body_en="Bob's body.")
    alice.post(url, alice_form)

    assert bob.post(url, bob_form).status_code == 302
    mission.refresh_from_db()
    assert mission.body_en == "Bob's body."
    assert DeploymentSnapshot.objects.get().deployed == 6


def test_a_record_deleted_meanwhile_is_not_recreated(mission, publisher):
    snapshot = DeploymentSnapshot.objects.get()
    url = change_url(snapshot)
    form = admin_form_data(publisher.get(url), authorized="12")
    snapshot.delete()

    response = publisher.post(url, form)

    assert response.status_code == 302  # the admin says the record no longer exists
    assert not DeploymentSnapshot.objects.exists()


def test_a_save_that_slips_past_the_form_check_is_refused_by_the_database(mission, monkeypatch):
    from missions.staff.forms import VersionedForm

    alice, bob = signed_in("Editors", "alice"), signed_in("Editors", "bob")
    url = change_url(mission)
    alice_form = admin_form_data(alice.get(url), name_en="Alice's name")
    bob_form = admin_form_data(bob.get(url), body_en="Bob's body.")
    alice.post(url, alice_form)

    # The form's check reads the version as it was before Alice saved, as if Alice saved
    # between Bob's check and Bob's write; the conditional UPDATE must still refuse.
    current, raced = VersionedForm.current, []

    def current_before_alice_saved(form):
        record = current(form)
        if not raced:
            raced.append(record.version)
            record.version = int(form.data["base_version"])
        return record

    monkeypatch.setattr(VersionedForm, "current", current_before_alice_saved)
    response = bob.post(url, bob_form)

    assert raced, "the race was not simulated"
    assert response.status_code == 200
    assert "alice saved mission" in response.context["adminform"].form.non_field_errors()[0]
    mission.refresh_from_db()
    assert (mission.name_en, mission.body_en) == ("Alice's name", "The first body.")


def test_saving_a_region_page_unchanged_records_no_change(mission):
    alice = signed_in("Editors", "alice")
    url = change_url(mission.region)
    assert alice.post(url, admin_form_data(alice.get(url))).status_code == 302
    assert mission.region.history.count() == 1
    assert mission.history.count() == 1


def as_a_browser_posts(data):
    """Browsers send a textarea's line breaks as CRLF."""
    return {name: re.sub(r"\r\n|\r|\n", "\r\n", value) for name, value in data.items()}


def test_an_edit_of_another_field_keeps_the_paragraph_someone_else_just_added():
    region = make_region()
    mission = make_mission(region, body_en="One.\n\nTwo.", body_fr="Un.\n\nDeux.", acronym_en="")
    alice, bob = signed_in("Editors", "alice"), signed_in("Editors", "bob")
    url = change_url(mission)
    alice_form = admin_form_data(alice.get(url), body_en="One.\n\nTwo.\n\nThree.")
    bob_form = admin_form_data(bob.get(url), position="4")

    assert alice.post(url, as_a_browser_posts(alice_form)).status_code == 302
    refused = bob.post(url, as_a_browser_posts(bob_form))

    errors = refused.context["adminform"].form.non_field_errors()
    assert [error for error in errors if "Their change" in error] == [
        "Their change to Body [en]: One.\n\nTwo.<ins>\n\nThree.</ins>"
    ]
    again = bob.post(url, as_a_browser_posts(admin_form_data(refused)))
    assert again.status_code == 302
    mission.refresh_from_db()
    assert (mission.body_en, mission.position) == ("One.\n\nTwo.\n\nThree.", 4)
    assert mission.body_fr == "Un.\n\nDeux."


def test_a_conflict_message_shows_the_words_that_changed():
    region = make_region()
    body = "Canadian police officers serve with the mission. " * 4 + "They train local police."
    mission = make_mission(region, body_en=body, body_fr="Des policiers canadiens.")
    alice, bob = signed_in("Editors", "alice"), signed_in("Editors", "bob")
    url = change_url(mission)
    alice_form = admin_form_data(alice.get(url), body_en=body.replace("local", "Haitian"))
    bob_form = admin_form_data(bob.get(url), body_en=body + " More.")
    alice.post(url, as_a_browser_posts(alice_form))

    response = bob.post(url, as_a_browser_posts(bob_form))

    errors = response.context["adminform"].form.non_field_errors()
    change = next(error for error in errors if error.startswith("Their change to Body [en]:"))
    assert "They train <del>local</del><ins>Haitian</ins> police." in change
    assert "You changed it too" in change
