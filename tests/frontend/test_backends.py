"""The caches purge_frontend can purge, each as its API expects: Akamai's Fast Purge by tag,
signed with EdgeGrid, and a CloudFront invalidation of the tags' paths. (Varnish is in
test_purge_jobs.py, through the command.)"""

import datetime
import json

import boto3
import pytest
from botocore.stub import Stubber
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from missions.frontend.backends import (
    AkamaiBackend,
    CloudFrontBackend,
    PurgeFailed,
    frontend_backend,
    tag_paths,
)
from missions.models import PurgeJob

from ..helpers.caches import PurgeServer


def job(tags="live changes", pk=7):
    return PurgeJob(pk=pk, tags=tags)


def akamai(url):
    return AkamaiBackend(
        url, "akab-client-token", "client-secret-base64==", "akab-access-token", "production"
    )


def test_akamai_is_asked_to_invalidate_the_tags_in_a_signed_request():
    with PurgeServer(status=201) as fast_purge:
        akamai(fast_purge.url).purge(job())

    (request,) = fast_purge.requests
    assert (request.method, request.path) == ("POST", "/ccu/v3/invalidate/tag/production")
    assert json.loads(request.body) == {"objects": ["live", "changes"]}
    authorization = request.headers["Authorization"]
    assert authorization.startswith("EG1-HMAC-SHA256 client_token=akab-client-token;")
    assert "signature=" in authorization


def test_an_akamai_answer_other_than_201_is_a_failed_purge():
    with PurgeServer(status=403) as fast_purge, pytest.raises(PurgeFailed, match="403"):
        akamai(fast_purge.url).purge(job())


def cloudfront():
    """A CloudFront client and its Stubber, which answers in place of AWS."""
    client = boto3.client(
        "cloudfront",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return client, Stubber(client)


def stubbed_cloudfront(expected_paths):
    client, stubber = cloudfront()
    batch = {
        "Paths": {"Quantity": len(expected_paths), "Items": expected_paths},
        "CallerReference": "peaceops-purge-7",
    }
    stubber.add_response(
        "create_invalidation",
        {
            "Location": "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2EXAMPLE/invalidation/I1",
            "Invalidation": {
                "Id": "I1",
                "Status": "InProgress",
                "CreateTime": datetime.datetime(2025, 3, 3, 14, 0, tzinfo=datetime.UTC),
                "InvalidationBatch": batch,
            },
        },
        {"DistributionId": "E2EXAMPLE", "InvalidationBatch": batch},
    )
    return client, stubber


def test_cloudfront_invalidates_the_live_paths_in_both_languages_once_per_job():
    client, stubber = stubbed_cloudfront(["/api/v1/*", "/en/*", "/fr/*"])

    with stubber:
        CloudFrontBackend("E2EXAMPLE", client=client).purge(job("live changes region-haiti"))

    stubber.assert_no_pending_responses()


def test_a_cloudfront_error_is_a_failed_purge():
    client, stubber = cloudfront()
    stubber.add_client_error("create_invalidation", "TooManyInvalidationsInProgress")

    with stubber, pytest.raises(PurgeFailed, match="TooManyInvalidationsInProgress"):
        CloudFrontBackend("E2EXAMPLE", client=client).purge(job())


def test_each_tag_stands_for_its_pages_in_both_languages():
    pages = [
        ("missions:mission_detail", {"slug": "binuh"}),
        ("missions:edition", {"number": 3}),
        ("missions:changes", {}),
    ]
    expected = []
    for language in ("en", "fr"):
        with translation.override(language):
            expected += [reverse(name, kwargs=kwargs) + "*" for name, kwargs in pages]

    assert tag_paths(["mission-binuh", "edition-3", "changes"]) == sorted(expected)
    assert "/en/missions/binuh/*" in expected


def test_an_unknown_tag_purges_everything_rather_than_too_little():
    assert tag_paths(["region-haiti", "something-new"]) == ["/*"]


def test_a_chosen_cache_without_its_settings_is_refused_with_their_names(settings):
    settings.FRONTEND_CACHE = "akamai"
    settings.AKAMAI_HOST = "akab-host.purge.akamaiapis.net"
    settings.AKAMAI_CLIENT_TOKEN = settings.AKAMAI_CLIENT_SECRET = ""

    with pytest.raises(ImproperlyConfigured, match="AKAMAI_CLIENT_TOKEN, AKAMAI_CLIENT_SECRET"):
        frontend_backend()


def test_an_unknown_cache_is_refused(settings):
    settings.FRONTEND_CACHE = "fastly"

    with pytest.raises(ImproperlyConfigured, match="none, varnish, akamai or cloudfront"):
        frontend_backend()
