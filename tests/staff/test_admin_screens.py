"""The admin as staff use it: figures they can trust, who may do what said on the screen,
a reason for each change, the regions' ordering screen, and saves that cannot break."""

import datetime

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from missions.models import DeploymentSnapshot, Mission, Region
from missions.staff import figures
from missions.staff.figures import SnapshotFormSet

from ..helpers.records import DAY, make_mission, make_region, make_snapshot
from ..helpers.staff import admin_form_data, change_url, signed_in

pytestmark = pytest.mark.django_db

LATER = DAY + datetime.timedelta(days=30)


@pytest.fixture
def ukraine():
    region = make_region()
    mission = make_mission(region)
    make_snapshot(region, as_of=DAY, authorized=45)
    return region, mission


def test_the_forms_say_which_figure_the_summary_table_shows(ukraine, editor):
    region, mission = ukraine
    expected = "The summary table shows “Up to 45”: the region-level figure of"
    assert expected in editor.get(change_url(region)).content.decode()
    assert expected in editor.get(change_url(mission)).content.decode()


def test_without_a_region_figure_the_table_shows_the_sum_of_the_missions(ukraine, editor):
    region, mission = ukraine
    DeploymentSnapshot.objects.filter(mission=None).delete()
    make_snapshot(region, mission, as_of=DAY, authorized=30)
    html = editor.get(change_url(region)).content.decode()
    assert "“Up to 30”: the sum of its active missions" in html


def test_a_mission_figure_that_disagrees_with_the_region_figure_is_warned_of(ukraine, editor):
    region, mission = ukraine
    data = admin_form_data(
        editor.get(change_url(mission)),
        **{"snapshots-0-as_of": LATER.isoformat(), "snapshots-0-authorized": "30"},
    )
    response = editor.post(change_url(mission), data, follow=True)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "(30 authorized) is newer than the region-level figure" in warnings[0]
    assert "figure-warning" in editor.get(change_url(region)).content.decode()


def test_a_figure_that_agrees_gives_no_warning(ukraine):
    region, mission = ukraine
    make_snapshot(region, mission, as_of=LATER, authorized=45)
    assert figures.disagreements(region) == []


def test_the_form_shows_the_latest_figures_and_links_to_all_of_them(ukraine, editor):
    region, mission = ukraine
    for day in range(140):
        make_snapshot(region, mission, as_of=DAY - datetime.timedelta(days=day), authorized=9)
    page = editor.get(change_url(mission))

    formset = page.context["inline_admin_formsets"][0].formset
    assert [form.instance.as_of for form in formset.initial_forms] == [
        DAY - datetime.timedelta(days=day) for day in range(figures.LATEST_FIGURES)
    ]
    assert "All 140 figures" in page.content.decode()
    data = admin_form_data(page, position="3")
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 5
    assert editor.post(change_url(mission), data).status_code == 302


def test_a_figure_date_taken_meanwhile_is_a_form_error_keeping_the_input(
    ukraine, monkeypatch, editor
):
    region, mission = ukraine
    data = admin_form_data(
        editor.get(change_url(mission)),
        position="4",
        **{"snapshots-0-as_of": LATER.isoformat(), "snapshots-0-authorized": "31"},
    )
    check = SnapshotFormSet.clean
    checks = []

    def other_editor_saves_after_the_check(formset):
        # The other editor's figure is committed between this editor's check and write.
        # Being in the same test transaction, it is undone with the failed write, so it
        # is made again before the second check, as it would still be there.
        if checks:
            make_snapshot(region, mission, as_of=LATER, authorized=32)
        check(formset)
        if not checks:
            make_snapshot(region, mission, as_of=LATER, authorized=32)
        checks.append(formset)

    monkeypatch.setattr(SnapshotFormSet, "clean", other_editor_saves_after_the_check)
    response = editor.post(change_url(mission), data)

    assert response.status_code == 200
    form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert form.errors["as_of"] == ["This mission already has figures for this date."]
    assert form["authorized"].value() == "31"
    assert response.context["adminform"].form["position"].value() == "4"
    assert len(checks) == 2  # the write failed, then the form was checked again
    assert list(mission.snapshots.values_list("authorized", flat=True)) == [32]


def test_a_mission_moved_to_another_region_takes_its_figures(ukraine, publisher):
    region, mission = ukraine
    make_snapshot(region, mission, as_of=DAY, authorized=20)
    other = make_region(slug="haiti", name="Haiti", position=2)
    response = publisher.post(
        change_url(mission), admin_form_data(publisher.get(change_url(mission)), region=other.pk)
    )
    assert response.status_code == 302
    assert list(mission.snapshots.values_list("region", flat=True)) == [other.pk]


def test_an_editor_cannot_move_a_published_mission_into_a_draft_region(ukraine, editor):
    region, mission = ukraine
    draft = make_region(slug="draft", name="Draft region", position=2, published=False)
    response = editor.post(
        change_url(mission), admin_form_data(editor.get(change_url(mission)), region=draft.pk)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["region"]
    assert errors[0].startswith("“Draft region” is a draft region")
    mission.refresh_from_db()
    assert mission.region == region


def test_a_publisher_may_move_a_published_mission_into_a_draft_region(ukraine, publisher):
    region, mission = ukraine
    draft = make_region(slug="draft", name="Draft region", position=2, published=False)
    data = admin_form_data(publisher.get(change_url(mission)), region=draft.pk)
    assert publisher.post(change_url(mission), data).status_code == 302


def test_an_editor_is_told_what_published_means_and_who_publishes(ukraine, editor):
    region, mission = ukraine
    html = editor.get(change_url(mission)).content.decode()
    assert "In the next edition: the public sees it, as saved, once a Publisher" in html
    assert "waits in the working copy" in html
    assert 'href="/en/admin/missions/edition/review/"' in html
    changelist = editor.get(reverse("admin:missions_region_changelist"))
    assert "Published" in changelist.content.decode()


def test_an_editor_is_told_why_a_published_record_cannot_be_reverted(ukraine, editor):
    region, mission = ukraine
    record = mission.history.get()
    for url in (
        reverse("admin:missions_mission_history", args=[mission.pk]),
        reverse("admin:missions_mission_simple_history", args=[mission.pk, record.pk]),
    ):
        assert "only a Publisher can revert it" in editor.get(url).content.decode()


def test_a_change_reason_is_kept_in_history_and_an_empty_one_is_not_shown(ukraine, editor):
    region, mission = ukraine
    data = admin_form_data(editor.get(change_url(mission)), position="2")
    editor.post(change_url(mission), {**data, "change_reason": "New order from HQ"})
    data = admin_form_data(editor.get(change_url(mission)), position="3")
    editor.post(change_url(mission), data)

    reasons = list(mission.history.values_list("history_change_reason", flat=True))
    assert reasons == [None, "New order from HQ", None]
    html = editor.get(reverse("admin:missions_mission_history", args=[mission.pk])).content
    assert b"New order from HQ" in html
    assert b"None" not in html


def test_a_revert_is_logged_as_reverted_to_the_version_of_its_date(ukraine, publisher):
    region, mission = ukraine
    original = mission.history.get()
    data = admin_form_data(publisher.get(change_url(mission)), name_en="Wrong name")
    publisher.post(change_url(mission), data)
    url = reverse("admin:missions_mission_simple_history", args=[mission.pk, original.pk])
    assert publisher.post(url, admin_form_data(publisher.get(url))).status_code == 302

    latest = mission.history.first()
    assert latest.history_change_reason.startswith("Reverted to the version of ")
    entry = LogEntry.objects.filter(object_id=str(mission.pk)).first()
    assert entry.get_change_message().startswith("Reverted to the version of ")


def test_history_shows_a_text_change_word_by_word(ukraine, editor):
    region, mission = ukraine
    body = "The police advise the national police on reform. " * 5
    data = admin_form_data(editor.get(change_url(mission)), body_en=body, body_fr="Texte.")
    editor.post(change_url(mission), data)
    changed = body.replace("on reform", "on community policing", 1)
    editor.post(
        change_url(mission), admin_form_data(editor.get(change_url(mission)), body_en=changed)
    )
    html = editor.get(reverse("admin:missions_mission_history", args=[mission.pk])).content
    assert b"<del>reform.</del><ins>community policing.</ins>" in html
    assert b"[179 chars]" not in html


def reversed_order(page):
    """The ordering screen's form data with the regions in the opposite order."""
    data = {f.html_name: f.value() for f in page.context["formset"].management_form}
    for index, form in enumerate(page.context["formset"]):
        data.update({f.html_name: f.value() for f in form})
        data[form["position"].html_name] = 20 - index * 10
    return data


def test_the_ordering_screen_saves_every_position_at_once(ukraine, editor):
    first = ukraine[0]
    second = make_region(slug="haiti", name="Haiti", position=2)
    url = reverse("admin:missions_region_order")
    data = reversed_order(editor.get(url))
    response = editor.post(url, data, follow=True)

    assert [r.slug for r in Region.objects.all()] == ["haiti", "ukraine"]
    assert "The new order is saved (2 regions moved)." in response.content.decode()
    assert first.history.first().history_change_reason == "New position on the ordering screen"
    assert second.history.count() == 2


def test_the_ordering_screen_refuses_a_save_if_a_region_changed_meanwhile(ukraine, editor):
    region = ukraine[0]
    make_region(slug="haiti", name="Haiti", position=2)
    url = reverse("admin:missions_region_order")
    data = reversed_order(editor.get(url))
    region.intro_en = "Changed by someone else."
    region.save()

    response = editor.post(url, data, follow=True)

    assert "Someone changed “Ukraine” after you opened this screen" in response.content.decode()
    assert [r.slug for r in Region.objects.all()] == ["ukraine", "haiti"]


def test_the_region_list_links_to_the_ordering_screen(ukraine, editor):
    html = editor.get(reverse("admin:missions_region_changelist")).content
    assert reverse("admin:missions_region_order").encode() in html


def test_the_ordering_screen_needs_the_change_permission(ukraine):
    viewer = signed_in(username="viewer")
    assert viewer.get(reverse("admin:missions_region_order")).status_code in (302, 403)


@pytest.mark.parametrize(
    ("language", "header"),
    [("en", "Peace operations — RCMP"), ("fr", "Opérations de paix — GRC")],
)
def test_the_admin_header_names_the_site_in_each_language(language, header):
    client = signed_in(username="admin", superuser=True)
    html = client.get(f"/{language}/admin/").content.decode()
    assert f">{header}</a>" in html
    assert "Django" not in html


def test_the_region_form_lists_its_missions_without_inline_forms(ukraine, editor):
    region, mission = ukraine
    page = editor.get(change_url(region))
    html = page.content.decode()
    assert change_url(mission) in html
    assert "Add a mission to this region" in html
    assert all(
        inline.formset.model is DeploymentSnapshot
        for inline in page.context["inline_admin_formsets"]
    )


def test_no_mission_of_a_region_is_left_out_of_the_region_form(ukraine, editor):
    region, mission = ukraine
    make_mission(region, slug="second", name="Second mission", published=False)
    html = editor.get(change_url(region)).content.decode()
    assert Mission.objects.filter(region=region).count() == 2
    assert "Second mission" in html and "draft" in html
