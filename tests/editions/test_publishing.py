"""Editions: nothing an Editor saves is public until a Publisher reviews and publishes it,
and every public page is rendered from an edition."""

import datetime
import importlib
import io
import threading

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, connections
from django.test import Client, TestCase, override_settings

from missions.editions.building import build_document
from missions.editions.document import schema_errors
from missions.editions.publishing import PublishRefused, publish
from missions.models.editions import Edition, content_hash
from missions.pagecache import middleware, signals
from missions.pagecache.middleware import render_current_pages

from .helpers import (
    DAY,
    make_edition,
    make_mission,
    make_posting,
    make_region,
    make_snapshot,
    make_user,
    publish_working_copy,
    small_document,
)

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"
REVIEW = "/en/admin/missions/edition/review/"


@pytest.fixture
def published():
    """One region with one mission and a figure, published as edition 1."""
    region = make_region()
    mission = make_mission(region, body_en="Police officers advise.", body_fr="Des policiers.")
    make_snapshot(region, mission, as_of=DAY - datetime.timedelta(days=1), authorized=30)
    make_posting()
    publish_working_copy()
    return region, mission


def signed_in(group):
    client = Client()
    client.force_login(make_user(group.lower(), group))
    return client


def public_text(client=None):
    return (client or Client()).get(URL).content.decode()


def edit_region(region, tmp_path=None):
    region.name_en = "Renamed region"
    region.save()


def edit_mission(region, tmp_path=None):
    mission = region.missions.get()
    mission.body_en = "A new paragraph nobody reviewed."
    mission.save()


def add_figure(region, tmp_path=None):
    make_snapshot(region, region.missions.get(), as_of=DAY, authorized=99)


def edit_posting(region, tmp_path=None):
    make_posting(slug="unitar", title="A posting nobody reviewed")


def import_figure(region, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(
        f"region,mission,as_of,authorized,deployed,source\nukraine,bilateral,{DAY},99,,\n"
    )
    call_command("import_snapshots", str(path), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("edit", "seen_after"),
    [
        (edit_region, "Renamed region"),
        (edit_mission, "A new paragraph nobody reviewed."),
        (add_figure, "99"),
        (edit_posting, "A posting nobody reviewed"),
        (import_figure, "99"),
    ],
    ids=["region", "mission", "figure", "posting", "import"],
)
def test_an_editors_change_stays_off_the_public_page_until_a_publisher_publishes(
    published, edit, seen_after, tmp_path
):
    region, _mission = published
    before = public_text()

    edit(region, tmp_path)

    assert public_text() == before
    assert seen_after not in before
    publish_working_copy(summary="Reviewed")
    assert seen_after in public_text()


def test_a_staff_preview_shows_the_working_copy_and_is_never_cached(published):
    region, _mission = published
    edit_region(region)
    editor = signed_in("Editors")

    response = editor.get(URL + "?preview=1")

    assert "Renamed region" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "Renamed region" not in public_text()


def test_the_public_cannot_see_a_preview():
    response = Client().get(URL + "?preview=1")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_publishing_writes_exactly_one_edition_with_who_and_when(published):
    region, _mission = published
    edit_region(region)
    publisher = make_user("pat", "Publishers")

    edition = publish_working_copy(user=publisher, summary="Renamed")

    assert Edition.objects.count() == 2
    assert (edition.number, edition.published_by, edition.summary_en) == (2, publisher, "Renamed")
    assert edition.document == build_document()
    assert schema_errors(edition.document) == []


def test_publishing_is_refused_while_a_text_is_missing_in_french(published):
    region, _mission = published
    region.note_en = "Operations are suspended."
    region.save()

    with pytest.raises(PublishRefused, match="missing in one language"):
        publish_working_copy()
    assert Edition.objects.count() == 1


def publish_as_reviewed(reviewed_hash):
    """Publish as a Publisher who reviewed the working copy while edition 1 was live."""
    return publish(
        user=None,
        summary_en="x",
        summary_fr="x",
        significant=True,
        reviewed_hash=reviewed_hash,
        base_number=1,
    )


def test_publishing_is_refused_when_the_records_changed_after_the_review(published):
    region, _mission = published
    edit_region(region)
    reviewed = content_hash(build_document())
    region.name_en = "Changed again after the review"
    region.save()

    with pytest.raises(PublishRefused, match="changed after you opened the review"):
        publish_as_reviewed(reviewed)
    assert Edition.objects.count() == 1


def test_publishing_is_refused_when_another_edition_went_live_meanwhile(published):
    region, _mission = published
    edit_region(region)
    reviewed = content_hash(build_document())
    publish_working_copy(summary="Someone else was faster")

    with pytest.raises(PublishRefused, match="went live after you opened the review"):
        publish_as_reviewed(reviewed)
    assert Edition.objects.count() == 2


def test_publishing_an_unchanged_working_copy_is_refused(published):
    with pytest.raises(PublishRefused, match="would not change"):
        publish_working_copy()
    assert Edition.objects.count() == 1


def test_an_edition_is_never_changed_or_deleted(published):
    edition = Edition.objects.get()
    edition.summary_en = "Rewritten"
    with pytest.raises(ValueError, match="never changed"):
        edition.save()
    with pytest.raises(ValueError, match="never deleted"):
        edition.delete()


def test_edition_numbers_are_unique():
    make_edition(1, DAY)
    with pytest.raises(IntegrityError):
        make_edition(1, DAY)


def test_a_second_edition_number_is_accepted():
    make_edition(1, DAY)
    make_edition(2, DAY)
    assert Edition.objects.count() == 2


@pytest.mark.parametrize("number", [0, 1])
def test_an_edition_number_starts_at_one(number):
    if number == 0:
        with pytest.raises(IntegrityError):
            make_edition(0, DAY)
    else:
        assert make_edition(1, DAY).number == 1


@pytest.mark.parametrize(("summary_fr", "valid"), [("", False), ("Résumé", True)])
def test_an_edition_needs_its_summary_in_both_languages(summary_fr, valid):
    edition = Edition(number=1, took_effect=DAY, summary_en="Summary", summary_fr=summary_fr)
    edition.document = small_document("Haiti")
    if valid:
        edition.full_clean(exclude=["content_hash"])
        edition.save()
    else:
        with pytest.raises(ValidationError, match="French"):
            edition.full_clean(exclude=["content_hash"])
        with pytest.raises(IntegrityError):
            edition.save()


def test_an_edition_cannot_take_effect_in_the_future():
    edition = Edition(number=1, took_effect=datetime.date.today() + datetime.timedelta(days=1))
    edition.summary_en = edition.summary_fr = "x"
    edition.document = small_document("Haiti")
    with pytest.raises(ValidationError, match="future"):
        edition.full_clean(exclude=["content_hash"])


# The review screen


def test_the_review_screen_shows_each_kind_of_change_in_english_and_french(published):
    region, mission = published
    region.name_en, region.name_fr = "Ukraine and region", "Ukraine et région"
    region.save()
    mission.body_en = "Police officers advise and train."
    mission.save()
    make_snapshot(region, mission, as_of=DAY + datetime.timedelta(days=1), authorized=35)
    other = make_region(slug="haiti", name="Haiti", position=2)
    make_mission(other, slug="binuh", name="BINUH")

    response = signed_in("Publishers").get(REVIEW)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Region: name" in html
    assert "Ukraine<ins> and region</ins>" in html
    assert "Ukraine <del>FR</del><ins>et région</ins>" in html
    assert "Police officers <del>advise.</del><ins>advise and train.</ins>" in html
    assert "Up to <del>30</del><ins>35</ins>" in html
    assert "<del>30</del><ins>35</ins> tout au plus" in html
    assert '<td lang="en"><span class="review-text"><ins>Haiti</ins>' in html
    assert '<td lang="fr"><span class="review-text"><ins>Haiti FR</ins>' in html
    assert 'value="Publish this edition"' in html


def test_a_publisher_publishes_from_the_review_screen(published):
    region, _mission = published
    edit_region(region)
    publisher = signed_in("Publishers")
    form = publisher.get(REVIEW).context["form"]

    response = publisher.post(
        REVIEW,
        {
            **{name: form.initial[name] for name in ("reviewed_hash", "base_number")},
            "summary_en": "Region renamed",
            "summary_fr": "Région renommée",
            "significant": "on",
        },
    )

    assert response.status_code == 302
    edition = Edition.objects.live()
    assert (edition.number, edition.summary_fr) == (2, "Région renommée")
    assert "Renamed region" in public_text()


def publish_from_the_review_screen(publisher):
    """Publish, and run what waits for the commit, as outside a test's transaction."""
    form = publisher.get(REVIEW).context["form"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        return publisher.post(
            REVIEW,
            {
                **{name: form.initial[name] for name in ("reviewed_hash", "base_number")},
                "summary_en": "Region renamed",
                "summary_fr": "Région renommée",
                "significant": "on",
            },
        )


@pytest.mark.parametrize("path", [URL, "/fr/missions-en-cours/"])
@pytest.mark.parametrize("encoding", ["", "gzip", "br"])
def test_the_first_visitor_after_a_publish_gets_the_new_page_from_the_cache(
    published, path, encoding, django_assert_num_queries, settings
):
    settings.SITE_URL = "http://testserver"
    region, _mission = published
    edit_region(region)
    publisher = signed_in("Publishers")

    assert publish_from_the_review_screen(publisher).status_code == 302

    with django_assert_num_queries(0):
        first = Client().get(path, HTTP_ACCEPT_ENCODING=encoding)
    assert first.status_code == 200
    assert first["ETag"].startswith(f'"{Edition.objects.live().content_hash}-2-')
    assert first.get("Content-Encoding", "") == encoding
    assert "Renamed region" in public_text()


def test_visitors_keep_the_last_page_until_the_new_one_is_rendered_ahead(
    published, settings, monkeypatch
):
    settings.SITE_URL = "http://testserver"
    region, _mission = published
    assert "Renamed region" not in public_text()  # the live page, cached
    edit_region(region)
    seen_meanwhile = []

    def render_ahead(version):
        seen_meanwhile.append(public_text())
        render_current_pages(version)

    monkeypatch.setattr(signals, "render_current_pages", render_ahead)
    publish_from_the_review_screen(signed_in("Publishers"))

    assert "Renamed region" not in seen_meanwhile[0]
    assert "Renamed region" in public_text()


def test_a_failed_render_ahead_still_puts_the_new_edition_live(
    published, settings, monkeypatch, caplog
):
    settings.SITE_URL = "http://testserver"
    region, _mission = published
    public_text()
    edit_region(region)
    monkeypatch.setattr(middleware, "visitors_handler", lambda: 1 / 0)

    publish_from_the_review_screen(signed_in("Publishers"))

    assert "The current pages were not rendered ahead." in caplog.messages
    assert "Renamed region" in public_text()


def test_without_the_sites_address_the_first_visitor_renders_the_new_page(
    published, settings, django_assert_max_num_queries
):
    settings.SITE_URL = ""
    region, _mission = published
    public_text()
    edit_region(region)
    publish_from_the_review_screen(signed_in("Publishers"))

    with django_assert_max_num_queries(50) as queries:
        assert "Renamed region" in public_text()
    assert len(queries) > 0


def test_the_pages_rendered_at_publish_time_have_the_sites_address(published, settings):
    settings.SITE_URL = "https://peace.example.ca"
    region, _mission = published
    edit_region(region)
    publisher = signed_in("Publishers")
    publisher.defaults.update(HTTP_HOST="admin.example.ca", HTTP_X_FORWARDED_PROTO="https")

    hosts = ["peace.example.ca", "admin.example.ca", "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=True):
        publish_from_the_review_screen(publisher)
        # Another visitor's host: the page was rendered for the site's address.
        html = Client(HTTP_X_FORWARDED_PROTO="https").get(URL)

    assert (
        '<link rel="canonical" href="https://peace.example.ca/en/current-peace-operations/">'
        in html.content.decode()
    )


def test_the_publisher_keeps_the_language_of_the_admin_after_the_pages_are_rendered(published):
    region, _mission = published
    edit_region(region)
    publisher = signed_in("Publishers")

    response = publish_from_the_review_screen(publisher)

    assert response["Content-Language"] == "en"
    assert "Edition 2 is published" in publisher.get(response["Location"]).content.decode()


def test_an_editor_sees_the_review_but_cannot_publish(published):
    region, _mission = published
    edit_region(region)
    editor = signed_in("Editors")

    review = editor.get(REVIEW)
    refused = editor.post(REVIEW, {"summary_en": "x", "summary_fr": "x"})

    assert "Only a Publisher can publish" in review.content.decode()
    assert 'value="Publish this edition"' not in review.content.decode()
    assert refused.status_code == 403
    assert Edition.objects.count() == 1


def test_the_review_screen_lists_missing_texts_and_offers_no_publish_button(published):
    region, _mission = published
    region.note_en = "Operations are suspended."
    region.save()

    html = signed_in("Publishers").get(REVIEW).content.decode()

    assert "cannot be published" in html
    assert "ukraine: note (fr)" in html
    assert 'value="Publish this edition"' not in html


# Publishing twice at once


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_publishers_at_once_create_one_edition():
    region = make_region()
    make_mission(region)
    publish_working_copy()
    edit_region(region)
    reviewed = content_hash(build_document())
    barrier, outcomes = threading.Barrier(2), []

    def publish_concurrently():
        try:
            barrier.wait()
            publish_as_reviewed(reviewed)
            outcomes.append("published")
        except PublishRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish_concurrently) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["published", "refused"]
    assert Edition.objects.count() == 2


# Existing databases


def first_edition_migration():
    return importlib.import_module("missions.migrations.0007_first_edition").first_edition


def test_the_migration_makes_edition_1_from_the_records_published_before_editions():
    region = make_region()
    make_mission(region, body_en="Advice.", body_fr="Conseils.")
    make_region(slug="draft", name="Draft region", published=False)

    first_edition_migration()(apps, None)

    edition = Edition.objects.get()
    assert edition.number == 1
    assert edition.document == build_document()
    assert "Draft region" not in str(edition.document)
    assert "Bilateral engagement" in Client().get(URL).content.decode()


def test_the_migration_makes_no_edition_for_an_empty_database():
    first_edition_migration()(apps, None)
    assert not Edition.objects.exists()
