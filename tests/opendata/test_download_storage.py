"""The full figure downloads in an S3-compatible bucket behind a CDN (DOWNLOADS_BUCKET): each
file stored with the headers the CDN serves it with, and the site's address a short-lived
redirect to the live edition's file. The bucket is moto's, in memory."""

import gzip
import io

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from moto import mock_aws

from missions.opendata import tables
from missions.opendata.files import stored_name

from ..helpers.editions import publish_a_new_region

pytestmark = pytest.mark.django_db

BUCKET = "peaceops-downloads"
CDN = "downloads.peace.example.ca"
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def bucket(settings, monkeypatch):
    """An empty bucket, as settings.py configures it with DOWNLOADS_BUCKET and
    DOWNLOADS_CDN_DOMAIN set (tests/test_settings.py checks that)."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    settings.ALLOWED_HOSTS = ["testserver", "peace.example.ca"]  # build() cites the site
    with mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "downloads": {
                "BACKEND": "missions.opendata.storage.DownloadStorage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "custom_domain": CDN,
                    "querystring_auth": False,
                    "file_overwrite": True,
                    "object_parameters": {"CacheControl": IMMUTABLE},
                },
            },
        }
        yield client


def build(site_url="https://peace.example.ca"):
    call_command("build_downloads", site_url=site_url, stdout=io.StringIO())


def s3_calls():
    """The names of the calls the downloads storage makes to the bucket from now on."""
    calls = []
    events = storages["downloads"].connection.meta.client.meta.events
    events.register("before-call.s3", lambda model, **kwargs: calls.append(model.name))
    return calls


def test_building_puts_each_file_plain_and_gzipped_with_the_headers_the_cdn_sends(
    bucket, published_seed
):
    build()
    listed = bucket.list_objects_v2(Bucket=BUCKET)["Contents"]
    expected = {
        stored_name(published_seed.number, language, format, gzipped, table)
        for table in tables.BUILT
        for language in ("en", "fr")
        for format in ("csv", "json")
        for gzipped in (False, True)
    }
    assert {item["Key"] for item in listed} == expected
    for name in expected:
        head = bucket.head_object(Bucket=BUCKET, Key=name)
        filename = name.split("/")[1].removesuffix(".gz")
        assert head["ContentType"] == (
            "application/json" if filename.endswith(".json") else "text/csv; charset=utf-8"
        )
        assert head["ContentDisposition"] == f'attachment; filename="{filename}"'
        assert head["CacheControl"] == IMMUTABLE
        assert head.get("ContentEncoding") == ("gzip" if name.endswith(".gz") else None)
    plain = stored_name(published_seed.number, "en", "json", gzipped=False)
    body = bucket.get_object(Bucket=BUCKET, Key=plain)["Body"].read()
    packed = bucket.get_object(Bucket=BUCKET, Key=f"{plain}.gz")["Body"].read()
    assert gzip.decompress(packed) == body
    assert b"https://peace.example.ca/en/data/snapshots.json" in body


@pytest.mark.parametrize(
    "path,encoding,name",
    [
        ("/en/data/snapshots.csv", "gzip, deflate, br", "snapshots-en.csv.gz"),
        ("/en/data/snapshots.csv", "", "snapshots-en.csv"),
        ("/fr/donnees/snapshots.json", "gzip", "snapshots-fr.json.gz"),
        ("/fr/donnees/snapshots.json", "identity", "snapshots-fr.json"),
    ],
)
def test_the_live_download_redirects_to_its_file_on_the_cdn(
    bucket, published_seed, settings, path, encoding, name
):
    build()
    response = Client().get(path, HTTP_ACCEPT_ENCODING=encoding)
    assert response.status_code == 302
    assert response["Location"] == f"https://{CDN}/edition-{published_seed.number}/{name}"
    assert response["Cache-Control"] == (
        f"public, max-age={settings.PAGE_MAX_AGE}, "
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}, "
        f"s-maxage={settings.PAGE_SHARED_MAX_AGE}"
    )
    assert response["Vary"] == "Accept-Encoding"
    assert "Set-Cookie" not in response


def test_a_redirect_costs_no_query_and_no_call_to_the_bucket_once_found(
    bucket, published_seed, django_assert_num_queries
):
    build()
    calls = s3_calls()
    client = Client()
    client.get("/en/data/snapshots.csv", HTTP_ACCEPT_ENCODING="gzip")  # the editions' dates
    assert calls == ["HeadObject"]
    with django_assert_num_queries(0):
        response = client.get("/en/data/snapshots.csv", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 302
    assert calls == ["HeadObject"]


def test_a_file_not_built_yet_is_streamed_and_looked_for_again(bucket, published_seed):
    response = Client().get("/en/data/snapshots.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"figure_id,")
    build()  # the downloads service, a minute later
    response = Client().get("/en/data/snapshots.csv")
    assert response.status_code == 302


def test_an_address_with_a_query_string_is_streamed_from_the_site(bucket, published_seed):
    build()
    response = Client().get("/en/data/snapshots.csv?utm_source=feed")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_publishing_builds_the_files_in_the_bucket(bucket, published_seed, admin_client):
    publish_a_new_region(admin_client)
    names = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert len(names) == 16  # ours and the UN's, 2 languages, 2 formats, plain and gzipped
    assert {name.split("/")[0] for name in names} == {f"edition-{published_seed.number + 1}"}


def test_a_bucket_that_fails_is_logged_and_the_file_streamed_from_the_site(
    bucket, published_seed, monkeypatch, caplog
):
    from botocore.exceptions import ClientError

    build()

    def refused(name):
        raise ClientError({"Error": {"Code": "403", "Message": "Forbidden"}}, "HeadObject")

    monkeypatch.setattr(storages["downloads"], "exists", refused)
    response = Client().get("/en/data/snapshots.csv", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"figure_id,")
    assert "The downloads bucket failed" in caplog.text


def test_a_file_the_bucket_kept_short_is_deleted_and_the_download_streamed(
    bucket, published_seed, monkeypatch
):
    storage = storages["downloads"]
    save = storage._save

    def short(name, content):
        return save(name, ContentFile(content.read()[:-10]))

    monkeypatch.setattr(storage, "_save", short)
    with pytest.raises(OSError, match="did not keep all of"):
        build()
    assert "Contents" not in bucket.list_objects_v2(Bucket=BUCKET)
    response = Client().get("/en/data/snapshots.csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"figure_id,")
