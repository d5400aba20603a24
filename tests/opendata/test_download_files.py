"""The full figure downloads, built once at publish time, plain and gzipped, stored whole
or not at all, and served from the downloads storage with their length, byte ranges and
validators."""

import errno
import gzip
import hashlib
import io
import os

import pytest
import redis
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.http import FileResponse
from django.test import Client
from django.utils.http import http_date

from missions.models import DeploymentSnapshot, Edition
from missions.opendata.files import build_files, byte_range, stored_name

from ..helpers.editions import publish_a_new_region, publish_working_copy
from ..helpers.environment import redis_url
from ..helpers.gunicorn import Gunicorn, fetch, manage, seeded_site

pytestmark = pytest.mark.django_db

FILES = {
    ("en", "csv"): "/en/data/snapshots.csv",
    ("en", "json"): "/en/data/snapshots.json",
    ("fr", "csv"): "/fr/donnees/snapshots.csv",
    ("fr", "json"): "/fr/donnees/snapshots.json",
}


@pytest.fixture
def built(published_seed):
    build_files(published_seed, "http://testserver")
    return published_seed


def stored(edition, language, format, gzipped=True):
    name = stored_name(edition.number, language, format, gzipped)
    with storages["downloads"].open(name) as file:
        return file.read()


def streamed(path, **headers):
    response = Client().get(path, **headers)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


@pytest.mark.parametrize("language,format", FILES)
def test_the_stored_file_is_what_the_live_code_streams(built, language, format):
    _response, live = streamed(FILES[language, format], QUERY_STRING="stream")
    assert gzip.decompress(stored(built, language, format)) == live
    assert stored(built, language, format, gzipped=False) == live
    assert len(live) > 100


@pytest.mark.parametrize("language,format", FILES)
def test_a_client_that_takes_gzip_gets_the_stored_file_with_its_length(built, language, format):
    response, body = streamed(FILES[language, format], HTTP_ACCEPT_ENCODING="gzip, br")
    assert body == stored(built, language, format)
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Length"] == str(len(body))
    assert response["Accept-Ranges"] == "bytes"
    assert "Accept-Encoding" in response["Vary"]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert 'rel="license"' in response["Link"]
    assert response["Content-Type"] != "application/gzip"
    # A file: gunicorn sends it with sendfile(), as it does static files.
    assert isinstance(response, FileResponse)


def test_a_built_file_is_served_before_the_session_with_no_query(built, django_assert_num_queries):
    streamed(FILES["fr", "csv"], HTTP_ACCEPT_ENCODING="gzip")  # reads the editions' dates
    with django_assert_num_queries(0):
        response, body = streamed(FILES["en", "json"], HTTP_ACCEPT_ENCODING="gzip")
    assert body == stored(built, "en", "json")
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("language,format", FILES)
def test_a_client_that_does_not_take_gzip_gets_the_plain_file_with_its_length(
    built, language, format
):
    response, body = streamed(FILES[language, format], HTTP_ACCEPT_ENCODING="identity")
    assert body == stored(built, language, format, gzipped=False)
    assert "Content-Encoding" not in response
    assert response["Content-Length"] == str(len(body))
    assert response["Accept-Ranges"] == "bytes"
    assert "Accept-Encoding" in response["Vary"]
    assert (
        response["Content-Disposition"] == f'attachment; filename="snapshots-{language}.{format}"'
    )


def test_an_address_with_a_query_string_is_streamed(built):
    response, body = streamed(FILES["en", "csv"], QUERY_STRING="utm_source=feed")
    assert "Content-Length" not in response
    assert body == stored(built, "en", "csv", gzipped=False)


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_without_a_built_file_the_download_is_streamed(published_seed, encoding):
    response, body = streamed(FILES["en", "csv"], HTTP_ACCEPT_ENCODING=encoding)
    assert "Content-Encoding" not in response
    assert "Content-Length" not in response
    assert body.startswith(b"figure_id,")


def test_a_download_is_streamed_while_the_editions_cannot_be_read(built, monkeypatch):
    """The view then gives the 503 page if the database is away (tests/test_production.py)."""

    def database_away(version):
        raise OperationalError("connection refused")

    monkeypatch.setattr("missions.public.past.edition_dates", database_away)
    for encoding in ("gzip", ""):
        response, body = streamed(FILES["en", "csv"], HTTP_ACCEPT_ENCODING=encoding)
        assert "Content-Length" not in response
        assert body == stored(built, "en", "csv", gzipped=False)


def test_a_build_adds_only_the_copies_missing(built):
    """A site whose files were built gzipped only gets the plain copies on the next build."""
    storage = storages["downloads"]
    gzipped = stored(built, "en", "csv")
    storage.delete(stored_name(built.number, "en", "csv", gzipped=False))
    assert build_files(built, "http://testserver") == [
        stored_name(built.number, "en", "csv", gzipped=False)
    ]
    assert stored(built, "en", "csv") == gzipped
    assert stored(built, "en", "csv", gzipped=False).startswith(b"figure_id,")
    assert build_files(built, "http://testserver") == []


def get_range(value, encoding="gzip", **headers):
    return Client().get(
        FILES["en", "csv"], HTTP_ACCEPT_ENCODING=encoding, HTTP_RANGE=value, **headers
    )


def test_a_single_range_gets_206_and_those_bytes(built):
    whole = stored(built, "en", "csv")
    response = get_range("bytes=0-9")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == whole[:10]
    assert response["Content-Range"] == f"bytes 0-9/{len(whole)}"
    assert response["Content-Length"] == "10"


def test_an_open_ended_range_gets_the_rest_of_the_file(built):
    whole = stored(built, "en", "csv")
    response = get_range("bytes=10-")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == whole[10:]
    assert response["Content-Range"] == f"bytes 10-{len(whole) - 1}/{len(whole)}"


def test_a_suffix_range_gets_the_last_bytes(built):
    whole = stored(built, "en", "csv")
    response = get_range("bytes=-5")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == whole[-5:]


def test_a_range_past_the_end_is_a_416_that_gives_the_length(built):
    size = len(stored(built, "en", "csv"))
    response = get_range(f"bytes={size}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_a_range_of_the_plain_file_gets_206_and_those_bytes(built):
    whole = stored(built, "en", "csv", gzipped=False)
    response = get_range("bytes=5-14", encoding="")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == whole[5:15]
    assert response["Content-Range"] == f"bytes 5-14/{len(whole)}"
    assert response["Content-Length"] == "10"
    assert "Content-Encoding" not in response


def test_a_range_past_the_end_of_the_plain_file_is_a_416(built):
    size = len(stored(built, "en", "csv", gzipped=False))
    assert size != len(stored(built, "en", "csv"))
    response = get_range(f"bytes={size}-", encoding="")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("value", ["bytes=abc", "bytes=9-2", "bytes=0-1,4-5", "lines=1-2"])
def test_a_range_this_does_not_handle_gets_the_whole_file(built, value):
    response = get_range(value)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored(built, "en", "csv")


@pytest.mark.parametrize(
    "header,expected",
    [
        (None, None),
        ("bytes=0-0", (0, 0)),
        ("bytes=5-500", (5, 99)),
        ("bytes=-500", (0, 99)),
        ("bytes=-", None),
        ("bytes=99-", (99, 99)),
    ],
)
def test_byte_ranges_are_read_as_rfc_9110_says(header, expected):
    assert byte_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=-0", "bytes=100-200"])
def test_a_range_that_cannot_be_satisfied_is_refused(header):
    with pytest.raises(ValueError):
        byte_range(header, 100)


def test_publishing_from_the_review_screen_builds_the_files(published_seed, admin_client):
    publish_a_new_region(admin_client)
    live = Edition.objects.live()
    assert live.number == published_seed.number + 1
    for language, format in FILES:
        for gzipped in (True, False):
            assert storages["downloads"].exists(stored_name(live.number, language, format, gzipped))


def test_a_site_that_builds_on_a_timer_publishes_without_building(
    published_seed, admin_client, settings
):
    settings.DOWNLOADS_BUILD_ON_PUBLISH = False
    settings.ALLOWED_HOSTS = ["testserver", "peace.example.ca"]
    publish_a_new_region(admin_client)
    live = Edition.objects.live()
    assert not storages["downloads"].exists(stored_name(live.number, "en", "csv"))

    out = io.StringIO()
    call_command("build_downloads", site_url="https://peace.example.ca", stdout=out)
    assert f"Edition {live.number}: built" in out.getvalue()
    assert b"https://peace.example.ca/en/data/snapshots.json" in gzip.decompress(
        stored(live, "en", "json")
    )
    assert b"https://peace.example.ca/en/data/snapshots.json" in stored(
        live, "en", "json", gzipped=False
    )
    call_command("build_downloads", site_url="https://peace.example.ca", stdout=out)
    assert "every file was built already" in out.getvalue()


@pytest.mark.parametrize("site_url", ["", "peace.example.ca", "ftp://peace.example.ca"])
def test_the_build_command_refuses_an_address_it_cannot_cite(published_seed, site_url):
    with pytest.raises(CommandError, match="Give the site's address as https://host"):
        call_command("build_downloads", site_url=site_url)
    assert not storages["downloads"].exists(stored_name(published_seed.number, "en", "csv"))


def test_the_build_command_has_nothing_to_do_before_the_first_edition(db):
    out = io.StringIO()
    call_command("build_downloads", site_url="https://peace.example.ca", stdout=out)
    assert out.getvalue() == "No edition is live yet: nothing to build.\n"


def test_a_publish_stands_when_its_files_cannot_be_built(
    published_seed, admin_client, monkeypatch, caplog
):
    def full_disk(edition, site_url):
        raise OSError("No space left on device")

    monkeypatch.setattr("missions.staff.editions.build_files", full_disk)
    response = publish_a_new_region(admin_client)
    assert response.status_code == 302
    live = Edition.objects.live()
    assert live.number == published_seed.number + 1
    assert "No space left on device" in caplog.text
    # Visitors get the stream instead.
    assert not storages["downloads"].exists(stored_name(live.number, "en", "csv"))


def modified(edition, language, format, gzipped=True):
    """The Last-Modified of a built file: when it was written."""
    name = stored_name(edition.number, language, format, gzipped)
    return http_date(os.stat(storages["downloads"].path(name)).st_mtime)


@pytest.mark.parametrize("encoding,gzipped", [("gzip", True), ("identity", False)])
def test_a_built_file_carries_its_hash_as_a_strong_etag_and_when_it_was_written(
    built, encoding, gzipped
):
    response, body = streamed(FILES["en", "csv"], HTTP_ACCEPT_ENCODING=encoding)
    assert body == stored(built, "en", "csv", gzipped)
    assert response["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert response["Last-Modified"] == modified(built, "en", "csv", gzipped)


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_a_client_that_has_the_file_gets_304_by_its_etag(built, encoding):
    first, _body = streamed(FILES["fr", "json"], HTTP_ACCEPT_ENCODING=encoding)
    again = Client().get(
        FILES["fr", "json"], HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert "Accept-Encoding" in again["Vary"]


def test_the_plain_and_gzipped_files_have_etags_of_their_own(built):
    gzipped, _body = streamed(FILES["en", "csv"], HTTP_ACCEPT_ENCODING="gzip")
    plain = Client().get(
        FILES["en", "csv"], HTTP_ACCEPT_ENCODING="identity", HTTP_IF_NONE_MATCH=gzipped["ETag"]
    )
    assert plain.status_code == 200
    assert plain["ETag"] != gzipped["ETag"]


def test_if_modified_since_gets_304_only_when_no_etag_is_given(built):
    first, _body = streamed(FILES["en", "csv"], HTTP_ACCEPT_ENCODING="gzip")
    since = first["Last-Modified"]

    def status(**headers):
        return Client().get(FILES["en", "csv"], HTTP_ACCEPT_ENCODING="gzip", **headers).status_code

    assert status(HTTP_IF_MODIFIED_SINCE=since) == 304
    assert status(HTTP_IF_MODIFIED_SINCE=since, HTTP_IF_NONE_MATCH='"another"') == 200
    assert status(HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2018 00:00:00 GMT") == 200


@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_a_range_whose_if_range_names_this_file_gets_206(built, validator):
    whole = stored(built, "en", "csv")
    first = get_range("bytes=0-99")
    response = get_range("bytes=100-", HTTP_IF_RANGE=first[validator])
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == whole[100:]
    assert response["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "if_range", ['"another-file"', "W/{etag}", "Mon, 01 Jan 2018 00:00:00 GMT", "not a date"]
)
def test_a_range_whose_if_range_names_another_file_gets_the_whole_file(built, if_range):
    """RFC 9110 §13.1.5: a weak tag never matches, nor a date but the file's own."""
    whole = stored(built, "en", "csv")
    etag = get_range("bytes=0-99")["ETag"]
    response = get_range("bytes=100-", HTTP_IF_RANGE=if_range.format(etag=etag))
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert response["Content-Length"] == str(len(whole))
    assert b"".join(response.streaming_content) == whole


def test_a_range_past_the_end_of_another_file_gets_the_whole_file_not_416(built):
    whole = stored(built, "en", "csv")
    response = get_range(f"bytes={len(whole)}-", HTTP_IF_RANGE='"another-file"')
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == whole


def test_a_download_resumed_after_a_publish_gets_the_new_file_whole(built, settings):
    """Not the start of one edition's file spliced onto the end of the next's."""
    settings.PAGE_VERSION_SECONDS = 0  # the new edition seen at once, not within a second
    first = get_range("bytes=0-99")
    assert first.status_code == 206
    snapshot = DeploymentSnapshot.objects.filter(authorized__isnull=False).first()
    snapshot.authorized += 1
    snapshot.save()
    live = publish_working_copy()
    build_files(live, "http://testserver")
    resumed = get_range("bytes=100-", HTTP_IF_RANGE=first["ETag"])
    assert resumed.status_code == 200
    assert b"".join(resumed.streaming_content) == stored(live, "en", "csv")
    assert resumed["ETag"] != first["ETag"]


def test_a_file_built_again_gets_the_etag_of_its_new_content(built, tmp_path):
    """The hash is kept by each process for the file it read, not for the name."""
    first, _body = streamed(FILES["en", "json"], HTTP_ACCEPT_ENCODING="identity")
    path = storages["downloads"].path(stored_name(built.number, "en", "json", gzipped=False))
    # The same size: a build the next day, whose citation gives another date.
    content = stored(built, "en", "json", gzipped=False).replace(b"figure_id", b"figure_ID")
    (tmp_path / "rebuilt").write_bytes(content)
    os.replace(tmp_path / "rebuilt", path)  # as a build renames its file into place
    again, body = streamed(FILES["en", "json"], HTTP_ACCEPT_ENCODING="identity")
    assert body == content
    assert again["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"' != first["ETag"]


class FullDisk:
    """A file on a disk that fills up after `room` bytes: the write that overflows it
    writes what fits, then fails with ENOSPC, as write(2) does."""

    def __init__(self, file, room, on_full):
        self.file, self.room, self.on_full = file, room, on_full

    def write(self, data):
        if len(data) > self.room:
            self.file.write(data[: self.room])
            self.file.flush()
            self.room = 0
            self.on_full()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)

    def __enter__(self):
        return self

    def __exit__(self, *error):
        self.file.close()


class ShortWrites(FullDisk):
    """A file system that loses the last byte of each write and says nothing."""

    def write(self, data):
        self.file.write(data[:-1])
        return len(data)


def writes_through(monkeypatch, wrapper, *args):
    """Each file the download builder opens for writing, wrapped."""
    real_open = open

    def opened(file, mode="r", *more, **options):
        handle = real_open(file, mode, *more, **options)
        return wrapper(handle, *args) if "w" in mode else handle

    monkeypatch.setattr("missions.opendata.files.open", opened, raising=False)


def files_in(location):
    return sorted(path.name for path in location.rglob("*") if path.is_file())


def test_a_disk_that_fills_up_midway_keeps_no_file_and_the_download_is_streamed(
    published_seed, downloads_storage, monkeypatch
):
    seen_when_full = []
    writes_through(
        monkeypatch, FullDisk, 1000, lambda: seen_when_full.extend(files_in(downloads_storage))
    )
    with pytest.raises(OSError) as raised:
        build_files(published_seed, "http://testserver")
    assert raised.value.errno == errno.ENOSPC
    # Half-written, the file was under a temporary name only; then it was removed.
    assert len(seen_when_full) == 1
    assert seen_when_full[0].startswith(".snapshots-en.csv.")
    assert seen_when_full[0].endswith(".part")
    assert files_in(downloads_storage) == []
    response, body = streamed(FILES["en", "csv"], HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Length" not in response
    assert body == streamed(FILES["en", "csv"], QUERY_STRING="stream")[1]


def test_a_file_written_short_is_not_kept(published_seed, downloads_storage, monkeypatch):
    writes_through(monkeypatch, ShortWrites, 0, None)
    with pytest.raises(OSError, match="reads back unlike the file built"):
        build_files(published_seed, "http://testserver")
    assert files_in(downloads_storage) == []


def test_a_disk_that_cannot_flush_the_file_keeps_nothing(
    published_seed, downloads_storage, monkeypatch
):
    def failing_fsync(descriptor):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError) as raised:
        build_files(published_seed, "http://testserver")
    assert raised.value.errno == errno.EIO
    assert files_in(downloads_storage) == []


@pytest.fixture
def deployed(tmp_path):
    """The seed content with its files built by `manage.py build_downloads`, served by
    gunicorn with two workers and the production settings, the page cache in Redis."""
    env = seeded_site(tmp_path)
    manage(env, "build_downloads")
    with Gunicorn(env, tmp_path, workers=2) as server:
        yield server.port, tmp_path / "downloads"
    redis.Redis.from_url(redis_url()).flushdb()


@pytest.mark.slow
def test_under_gunicorn_each_worker_sends_the_files_hash_and_honours_if_range(deployed):
    port, downloads = deployed
    (path,) = downloads.glob("edition-*/snapshots-en.csv.gz")
    whole = path.read_bytes()
    etag = f'"{hashlib.sha256(whole).hexdigest()}"'
    gzip_please = {"Accept-Encoding": "gzip"}
    # New connections, spread over both workers: each hashes the file once, the same way.
    answers = [fetch(port, FILES["en", "csv"], **gzip_please) for _request in range(20)]
    assert {(response.status, response.getheader("ETag")) for response, _body in answers} == {
        (200, etag)
    }
    assert all(body == whole for _response, body in answers)
    response, body = fetch(port, FILES["en", "csv"], **gzip_please, **{"If-None-Match": etag})
    assert (response.status, body) == (304, b"")
    response, body = fetch(
        port, FILES["en", "csv"], **gzip_please, Range="bytes=100-", **{"If-Range": etag}
    )
    assert (response.status, body) == (206, whole[100:])
    response, body = fetch(
        port, FILES["en", "csv"], **gzip_please, Range="bytes=100-", **{"If-Range": '"old"'}
    )
    assert (response.status, response.getheader("Content-Length")) == (200, str(len(whole)))
    assert body == whole
