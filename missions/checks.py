"""System checks: run by manage.py (runserver, migrate, check) before it does anything."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register()
def local_development_mode(app_configs, **kwargs):
    """Say so when the site runs without a SECRET_KEY (peaceops/settings.py)."""
    if not settings.LOCAL_MODE:
        return []
    return [
        checks.Info(
            "No SECRET_KEY set: running in local development mode "
            "(DEBUG on, a new random key at each start).",
            hint="Set SECRET_KEY (docs/deploying.md) for anything but local development.",
            id="peaceops.I001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def trusted_proxy_count(app_configs, **kwargs):
    """Behind the TLS proxy, a count of 0 gives every visitor the proxy's address: one
    visitor's failed sign-ins would lock out every one, and all would share one feedback
    rate limit (peaceops/signin.py)."""
    if not settings.SECURE_PROXY_SSL_HEADER or settings.TRUSTED_PROXY_COUNT:
        return []
    return [
        checks.Error(
            "TRUSTED_PROXY_COUNT is 0 behind the TLS proxy that SECURE_PROXY_SSL_HEADER "
            "trusts: every visitor would have the proxy's address.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn that "
            "append to X-Forwarded-For: 1 for the TLS proxy alone (docs/deploying.md).",
            id="peaceops.E002",
        )
    ]


def site_address_problem(site_url):
    """Why SITE_URL is not the site's address (an http or https scheme and a host, nothing
    more), or None if it is."""
    if not site_url:
        return "SITE_URL is not set."
    try:
        parts = urlsplit(site_url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        return (
            "SITE_URL must be an http or https address without a path, such as "
            f"https://peace.example.ca, not {site_url!r}."
        )
    return None


@checks.register(checks.Tags.security, deploy=True)
def site_url_set(app_configs, **kwargs):
    """Every absolute link the site writes starts with SITE_URL (missions/core/links.py),
    never with the Host header a visitor sends. Only local development, with DEBUG on,
    may go without it (its links then follow the request)."""
    problem = site_address_problem(settings.SITE_URL)
    if problem is None or (settings.DEBUG and not settings.SITE_URL):
        return []
    return [
        checks.Error(
            f"{problem} The canonical, language and feed links, the API's addresses and the "
            "data package's start with it, never with the Host header a visitor sends.",
            hint="Set SITE_URL to the site's own address (docs/deploying.md).",
            id="peaceops.E001",
        )
    ]
