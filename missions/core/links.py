"""Absolute links: every address the site writes in full (canonical and language links, the
feed, the API, the data package and downloads) starts with SITE_URL."""

from django.conf import settings
from django.utils.encoding import iri_to_uri


def absolute_url(request, path):
    """`path` ("/en/…") at the site's address. Never at the Host header the visitor sent:
    Django's host validation drops a port and a trailing dot, so `127.0.0.1:9999` passes
    ALLOWED_HOSTS, and a page built from it would carry its links to every later visitor
    of the cached copy."""
    if settings.SITE_URL:
        return iri_to_uri(settings.SITE_URL.rstrip("/") + path)
    # Without SITE_URL, local development (check --deploy requires it with DEBUG off): the
    # request's own host, the developer's machine.
    return request.build_absolute_uri(path)
