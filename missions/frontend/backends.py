"""The shared caches in front of the site, and how each is told to forget pages by cache
tag (missions/editions/cachetags.py), in the manner of Wagtail's frontend_cache. One is
chosen by settings.FRONTEND_CACHE. A backend's purge() returns once the cache has
acknowledged the purge, and raises PurgeFailed otherwise."""

import boto3
import requests
from akamai.edgegrid import EdgeGridAuth
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from requests.exceptions import RequestException

#: Seconds to wait for a cache's answer: past this, the job is tried again later.
TIMEOUT = 10


class PurgeFailed(Exception):
    """The cache did not acknowledge the purge; the message says what it answered."""


class VarnishBackend:
    """A PURGE to each Varnish, naming the tags in the xkey-purge header that
    deploy/varnish/default.vcl hands to vmod xkey."""

    def __init__(self, urls):
        self.urls = urls

    def purge(self, job):
        for url in self.urls:
            try:
                response = requests.request(
                    "PURGE", url, headers={"xkey-purge": job.tags}, timeout=TIMEOUT
                )
            except RequestException as error:
                raise PurgeFailed(f"{url}: {error}") from error
            if not response.ok:
                raise PurgeFailed(f"{url} answered {response.status_code} {response.reason}")


class AkamaiBackend:
    """Akamai's Fast Purge (CCU v3): invalidate by cache tag, signed with the API client's
    EdgeGrid credentials. Invalidated pages are fetched again on the next request; until
    then Akamai may serve them stale, which a hard delete would not allow."""

    def __init__(self, base_url, client_token, client_secret, access_token, network):
        self.url = f"{base_url}/ccu/v3/invalidate/tag/{network}"
        self.auth = EdgeGridAuth(
            client_token=client_token, client_secret=client_secret, access_token=access_token
        )

    def purge(self, job):
        try:
            response = requests.post(
                self.url, json={"objects": job.tag_list}, auth=self.auth, timeout=TIMEOUT
            )
        except RequestException as error:
            raise PurgeFailed(f"Akamai: {error}") from error
        if response.status_code != 201:
            raise PurgeFailed(f"Akamai answered {response.status_code}: {response.text[:500]}")


class CloudFrontBackend:
    """A CloudFront invalidation of the paths the tags stand for (CloudFront has no tags).
    The job's id is the invalidation's caller reference, so a job sent again after a lost
    answer does not start a second invalidation."""

    def __init__(self, distribution_id, client=None):
        self.distribution_id = distribution_id
        # boto3 finds the credentials itself: the AWS_* variables, or the machine's role.
        self.client = client or boto3.client("cloudfront")

    def purge(self, job):
        paths = tag_paths(job.tag_list)
        try:
            self.client.create_invalidation(
                DistributionId=self.distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": paths},
                    "CallerReference": f"peaceops-purge-{job.pk}",
                },
            )
        except (BotoCoreError, ClientError) as error:
            raise PurgeFailed(f"CloudFront: {error}") from error


def tag_paths(tags):
    """The CloudFront path patterns that hold the pages of `tags`, in both languages; a
    pattern inside another one listed is left out (CloudFront bills each path)."""
    patterns = set()
    for tag in tags:
        patterns.update(_tag_patterns(tag))
    return sorted(
        pattern
        for pattern in patterns
        if not any(
            other != pattern and other.endswith("*") and pattern.startswith(other[:-1])
            for other in patterns
        )
    )


def _tag_patterns(tag):
    if tag == "live":
        return ["/en/*", "/fr/*", "/api/v1/*"]
    kind, _dash, name = tag.partition("-")
    if kind in ("mission", "region") and name:
        pages = [(f"missions:{kind}_detail", {"slug": name})]
    elif kind == "edition" and name.isdigit():
        pages = [("missions:edition", {"number": int(name)})]
    elif tag == "changes":
        pages = [("missions:changes", {})]
    elif tag == "downloads":
        return [*_in_both_languages("missions:data", {}), "/api/v1/*"]
    else:
        # "peaceops", or a tag this code does not know: everything, rather than too little.
        return ["/*"]
    return [pattern for name, kwargs in pages for pattern in _in_both_languages(name, kwargs)]


def _in_both_languages(name, kwargs):
    patterns = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            patterns.append(reverse(name, kwargs=kwargs) + "*")
    return patterns


def frontend_backend():
    """The backend settings.FRONTEND_CACHE names, or None for "none"."""
    name = settings.FRONTEND_CACHE
    if name == "none":
        return None
    needed = REQUIRED_SETTINGS.get(name)
    if needed is None:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE must be none, varnish, akamai or cloudfront, not {name!r}."
        )
    missing = [setting for setting in needed if not getattr(settings, setting)]
    if missing:
        raise ImproperlyConfigured(f"FRONTEND_CACHE={name} needs {', '.join(missing)}.")
    if name == "varnish":
        return VarnishBackend(settings.VARNISH_URLS)
    if name == "akamai":
        return AkamaiBackend(
            f"https://{settings.AKAMAI_HOST}",
            settings.AKAMAI_CLIENT_TOKEN,
            settings.AKAMAI_CLIENT_SECRET,
            settings.AKAMAI_ACCESS_TOKEN,
            settings.AKAMAI_NETWORK,
        )
    return CloudFrontBackend(settings.CLOUDFRONT_DISTRIBUTION_ID)


REQUIRED_SETTINGS = {
    "varnish": ["VARNISH_URLS"],
    "akamai": [
        "AKAMAI_HOST",
        "AKAMAI_CLIENT_TOKEN",
        "AKAMAI_CLIENT_SECRET",
        "AKAMAI_ACCESS_TOKEN",
        "AKAMAI_NETWORK",
    ],
    "cloudfront": ["CLOUDFRONT_DISTRIBUTION_ID"],
}
