"""Every absolute address the site writes starts with SITE_URL, never with the Host header a
visitor sends: Django's host validation drops a port and a trailing dot, so
`127.0.0.1:9999`, `127.0.0.1.` and `localhost.` all pass ALLOWED_HOSTS."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core import checks
from django.test import Client

from ..helpers.pages import DATA, start_tags

pytestmark = pytest.mark.django_db

SITE = "https://peace.example.ca"
BAD_HOSTS = ["127.0.0.1:9999", "127.0.0.1.", "localhost."]
ATOM = "{http://www.w3.org/2005/Atom}"
PAGES = {
    "en": ("/en/current-peace-operations/", "/fr/missions-en-cours/"),
    "fr": ("/fr/missions-en-cours/", "/en/current-peace-operations/"),
}


@pytest.fixture
def site(settings):
    """The site at its own address, reachable under hosts that Django lets through."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["peace.example.ca", "127.0.0.1", "localhost"]


def visitor(host):
    return Client(HTTP_HOST=host)


def get(host, path, status=200):
    response = visitor(host).get(path)
    assert response.status_code == status, path
    return response


def head_links(html):
    """{(rel, hreflang): href} of the page's canonical and alternate links."""
    return {
        (attrs["rel"], attrs.get("hreflang")): attrs["href"]
        for tag, attrs in start_tags(html)
        if tag == "link" and attrs.get("rel") in ("canonical", "alternate")
    }


def feed_addresses(content):
    """Every address in an Atom feed: its links' and its ids'."""
    feed = ET.fromstring(content)
    return [link.get("href") for link in feed.iter(f"{ATOM}link")] + [
        element.text for element in feed.iter(f"{ATOM}id")
    ]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_bad_host_never_changes_the_canonical_and_language_links(haiti, site, host, language):
    path, other = PAGES[language]

    links = head_links(get(host, path).content.decode())

    assert links == {
        ("canonical", None): SITE + path,
        ("alternate", language): SITE + path,
        ("alternate", "fr" if language == "en" else "en"): SITE + other,
    }


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_bad_host_never_changes_the_language_choice_pages_canonical_link(site, host):
    links = head_links(get(host, "/?utm_source=x").content.decode())
    assert links == {("canonical", None): f"{SITE}/"}


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_bad_host_never_changes_the_feeds_links_and_ids(haiti, site, host, language):
    feed = PAGES[language][0] + ("changes/feed/" if language == "en" else "modifications/fil/")

    addresses = feed_addresses(get(host, feed).content)

    assert f"{SITE}{feed}" in addresses  # rel="self"
    assert f"{SITE}{PAGES[language][0]}editions/1/" in addresses
    assert [address for address in addresses if not address.startswith(f"{SITE}/")] == []


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_bad_host_never_changes_the_apis_addresses(haiti, site, host):
    regions = get(host, "/api/v1/regions").json()
    assert regions["data"][0]["url"] == {
        "en": f"{SITE}/en/regions/haiti/",
        "fr": f"{SITE}/fr/regions/haiti/",
    }
    editions = get(host, "/api/v1/editions").json()
    assert editions["data"][0]["url"]["fr"] == f"{SITE}/fr/missions-en-cours/editions/1/"
    figures = get(host, "/api/v1/figures?limit=1").json()
    assert figures["next"].startswith(f"{SITE}/api/v1/figures?limit=1&cursor=")


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("language,data", [("en", "/en/data/"), ("fr", "/fr/donnees/")])
def test_a_bad_host_never_changes_the_data_packages_and_downloads_addresses(
    haiti, site, host, language, data
):
    package = get(host, f"{DATA[language]}datapackage.json").json()
    assert package["homepage"] == SITE + data
    assert package["sources"][0]["path"].startswith(f"{SITE}/{language}/")
    assert host.rstrip(".") not in json.dumps(package)  # the resources' paths are relative

    csv = get(host, f"{DATA[language]}missions.csv")
    assert f'<{SITE}{DATA[language]}datapackage.json>; rel="describedby"' in csv["Link"]
    download = json.loads(b"".join(get(host, f"{DATA[language]}missions.json").streaming_content))
    assert download["describedby"] == f"{SITE}{DATA[language]}datapackage.json"
    assert f"{SITE}{DATA[language]}missions.json" in download["citation"]

    page = get(host, data).content.decode()
    assert SITE + data in page  # its "cite this" line
    assert host.rstrip(".") not in page


def test_without_a_sites_address_local_development_links_follow_the_request(haiti, settings):
    settings.DEBUG, settings.SITE_URL = True, ""
    settings.ALLOWED_HOSTS = ["localhost"]

    links = head_links(get("localhost:8000", PAGES["en"][0]).content.decode())

    assert links[("canonical", None)] == f"http://localhost:8000{PAGES['en'][0]}"


def site_url_errors():
    return [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id == "peaceops.E001"
    ]


@pytest.mark.parametrize("site_url", ["https://peace.example.ca", "http://peace.example.ca:8000/"])
def test_the_deployment_check_takes_an_address_of_scheme_and_host(settings, site_url):
    settings.DEBUG, settings.SITE_URL = False, site_url
    assert site_url_errors() == []


def test_the_deployment_check_requires_the_sites_address_when_debug_is_off(settings):
    settings.DEBUG, settings.SITE_URL = False, ""

    [error] = site_url_errors()

    assert error.level == checks.ERROR
    assert error.msg.startswith("SITE_URL is not set.")


@pytest.mark.parametrize(
    "site_url",
    [
        "peace.example.ca",
        "//peace.example.ca",
        "ftp://peace.example.ca",
        "https://peace.example.ca/en/",
        "https://peace.example.ca?x=1",
        "https://user@peace.example.ca",
        "https://peace.example.ca:port",
        "https://[peace.example.ca",
    ],
)
def test_the_deployment_check_refuses_an_address_that_is_not_scheme_and_host(settings, site_url):
    settings.DEBUG, settings.SITE_URL = False, site_url

    [error] = site_url_errors()

    assert error.msg.startswith("SITE_URL must be an http or https address without a path")
    assert repr(site_url) in error.msg


def test_local_development_needs_no_sites_address(settings):
    settings.DEBUG, settings.SITE_URL = True, ""
    assert site_url_errors() == []


def test_the_sites_address_is_checked_only_by_the_deployment_checklist(settings):
    settings.DEBUG, settings.SITE_URL = False, ""
    assert [m for m in checks.run_checks() if m.id == "peaceops.E001"] == []
