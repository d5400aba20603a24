"""The Canada.ca frame every public page is served in (the browser tests check it drawn)."""

import html
import json
import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import translation

from ..helpers.pages import start_tags

pytestmark = pytest.mark.django_db


def attributes(page, tag, name):
    """The values of one attribute on every `tag` element of the page, unescaped."""
    pattern = rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\""
    return [html.unescape(value) for value in re.findall(pattern, page)]


# Every kind of page the frame is drawn on, including addresses built to make the
# toggle point at another site (a backslash or a double slash right after the host).
TOGGLE_PATHS = {
    # The 400 page is rendered for the current page's address, without the mistake.
    "/en/current-peace-operations/?as_of=junk": "/fr/missions-en-cours/",
    "/en/missions/no-such-mission/": "/fr/missions/no-such-mission/",
    "/fr/no-such-page/": "/en/current-peace-operations/",
    "/\\evil.example/": "/fr/missions-en-cours/",
    "//evil.example/": "/fr/missions-en-cours/",
    "/en/\\evil.example/": "/fr/missions-en-cours/",
    "/en//evil.example/": "/fr/missions-en-cours/",
    "/fr/missions/\\evil.example/": "/en/current-peace-operations/",
    "/en/missions//evil.example/?x=//evil.example/": "/fr/missions-en-cours/",
}


@pytest.mark.parametrize("path", TOGGLE_PATHS)
def test_the_language_toggle_always_leads_to_a_page_of_this_site(seeded, client, path):
    path_info, _, query = path.partition("?")
    response = client.get("/", QUERY_STRING=query, PATH_INFO=path_info)
    [href] = [a["href"] for tag, a in start_tags(response.content.decode()) if "hreflang" in a]
    assert href == TOGGLE_PATHS[path]
    assert not urlsplit(href).netloc and href[1:2] not in ("/", "\\")
    with translation.override(href.split("/")[1]):
        resolve(urlsplit(href).path)


def test_the_footer_gives_the_design_system_its_links_as_json(seeded, client):
    page = client.get("/fr/missions-en-cours/").content.decode()
    [links] = attributes(page, "gcds-footer", "contextual-links")
    assert "/fr/missions-en-cours/" in json.loads(links).values()


def test_the_current_page_breadcrumbs_end_above_it_and_other_pages_lead_back_to_it(seeded, client):
    current = client.get("/en/current-peace-operations/").content.decode()
    mission = client.get("/en/missions/binuh/").content.decode()
    crumb = '<gcds-breadcrumbs-item href="/en/current-peace-operations/">'
    assert crumb not in current
    assert crumb in mission
    assert '<li><a href="/en/current-peace-operations/">' in mission  # the no-JavaScript trail


@pytest.mark.parametrize(
    "path,trail",
    [
        (
            "/en/current-peace-operations/",
            [
                ("https://rcmp.ca/en", "Royal Canadian Mounted Police"),
                ("https://rcmp.ca/en/federal-policing", "Federal policing"),
                (
                    "https://rcmp.ca/en/federal-policing/international-policing",
                    "International policing",
                ),
            ],
        ),
        (
            "/fr/missions/binuh/",
            [
                ("https://grc.ca/fr", "Gendarmerie royale du Canada"),
                ("https://grc.ca/fr/police-federale", "Police fédérale"),
                (
                    "https://grc.ca/fr/police-federale/police-internationale",
                    "Police internationale",
                ),
                ("/fr/missions-en-cours/", "Missions en cours"),
            ],
        ),
    ],
)
def test_the_breadcrumb_trail_leads_through_the_rcmp_site_with_and_without_javascript(
    seeded, client, path, trail
):
    page = client.get(path).content.decode()
    items = re.findall(r'<gcds-breadcrumbs-item href="([^"]+)">([^<]+)<', page)
    fallback = re.search(r'<nav class="gcds-fallback nojs-breadcrumbs".*?</nav>', page, re.S)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', fallback.group())
    assert [(url, html.unescape(text)) for url, text in items] == trail
    assert [(url, html.unescape(text)) for url, text in links] == [
        (links[0][0], "Canada.ca"),
        *trail,
    ]
    assert "rcmp-grc.gc.ca" not in page
