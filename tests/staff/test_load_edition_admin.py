"""The admin page that loads a historical edition: Publishers only, a dry run first, every
error with its line, nothing written on error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missions.editions.loading import load_edition
from missions.models import Edition, Region
from missions.pagecache.store import pages_version

from ..helpers.edition_files import COLOMBIA, HEAD, edition_file

pytestmark = pytest.mark.django_db


def load_url():
    return reverse("admin:missions_edition_load")


def list_url():
    return reverse("admin:missions_edition_changelist")


def upload(client, text, dry_run):
    data = {"file": SimpleUploadedFile("edition.toml", text.encode())}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(load_url(), data, follow=True)


def test_the_edition_list_links_to_the_load_page_for_publishers(publisher):
    assert f'href="{load_url()}"' in publisher.get(list_url()).content.decode()


def test_an_editor_cannot_load_an_edition(editor):
    assert editor.get(load_url()).status_code == 403
    content = editor.get(list_url()).content.decode()
    assert load_url() not in content


def test_a_dry_run_says_what_would_be_created_and_writes_nothing(publisher):
    content = upload(publisher, edition_file(COLOMBIA), dry_run=True).content.decode()
    assert "Edition 1 of 2016-06-01 would be created." in content
    assert "Would create mission un-spm." in content
    assert (Edition.objects.count(), Region.objects.count()) == (0, 0)


def test_loading_creates_the_edition_signed_by_the_publisher(publisher):
    response = upload(publisher, edition_file(COLOMBIA), dry_run=False)
    assert response.redirect_chain == [(list_url(), 302)]
    assert "Edition 1 of 2016-06-01 was created." in response.content.decode()
    edition = Edition.objects.get()
    assert (edition.kind, edition.published_by.username) == ("historical", "pat")


def test_every_error_is_shown_with_its_line_and_nothing_is_written(publisher):
    text = edition_file(COLOMBIA.replace("value = 10", "value = -1").replace('"un"', '"nato"'))
    content = upload(publisher, text, dry_run=False).content.decode()
    assert "Nothing was loaded." in content
    assert content.count("<li>Line ") == 2
    assert (Edition.objects.count(), Region.objects.count()) == (0, 0)


def test_a_file_that_is_not_utf8_is_refused(publisher):
    data = {"file": SimpleUploadedFile("edition.toml", b"\xff\xfe")}
    content = publisher.post(load_url(), data).content.decode()
    assert "The file is not UTF-8 text." in content


def test_a_form_without_a_file_asks_for_one(publisher):
    content = publisher.post(load_url(), {"dry_run": "on"}).content.decode()
    assert "This field is required." in content
    assert Edition.objects.count() == 0


def test_loading_an_edition_clears_the_cached_public_pages(
    publisher, django_capture_on_commit_callbacks
):
    load_edition(edition_file(COLOMBIA))
    before = pages_version()
    # Every record exists already: only the new edition changes the pages.
    with django_capture_on_commit_callbacks(execute=True):
        upload(publisher, edition_file(COLOMBIA.replace("value = 4", "value = 3")), dry_run=False)
    assert Edition.objects.count() == 2
    assert pages_version() != before


TOO_DEEP = edition_file(
    COLOMBIA, head=HEAD.replace("\n\n[edition]", f"\nnotes = {'[' * 5000}{']' * 5000}\n\n[edition]")
)


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("en", "<li>Line 3: Arrays, tables and dotted keys are too deeply nested"),
        ("fr", "<li>Ligne 3\xa0: Les tableaux, les tables et les clés pointées sont imbriqués"),
    ],
)
def test_a_file_nested_too_deeply_is_refused_naming_its_line(publisher, language, error):
    data = {"file": SimpleUploadedFile("edition.toml", TOO_DEEP.encode()), "dry_run": "on"}
    response = publisher.post(f"/{language}{load_url()[3:]}", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Edition.objects.count() == 0
