"""The Canada.ca frame every public page is served in (the browser tests check it drawn)."""

import html
import json
import re

import pytest

from .helpers import PUBLIC_PAGES, inline_styles

pytestmark = pytest.mark.django_db


def attributes(page, tag, name):
    """The values of one attribute on every `tag` element of the page, unescaped."""
    pattern = rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\""
    return [html.unescape(value) for value in re.findall(pattern, page)]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_loads_only_its_own_scripts_and_styles(seeded, client, path):
    page = client.get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\ssrc=)", page), "inline script"
    assert inline_styles(page) == []
    links = re.findall(r'<link rel="(?:stylesheet|icon)"[^>]*\shref="([^"]*)"', page)
    assets = attributes(page, "script", "src") + links
    assert "/static/vendor/gcds/gcds.esm.js" in assets
    assert "/static/vendor/gcds/gcds.css" in assets
    assert all(url.startswith("/static/") for url in assets), assets


def test_the_language_toggle_links_the_same_page_and_date_in_the_other_language(seeded, client):
    page = client.get("/en/current-peace-operations/", {"as_of": "2018-01-01"}).content.decode()
    toggle = re.search(r'<section class="lang-toggle" slot="toggle">.*?</section>', page, re.S)
    assert (
        '<a href="/fr/missions-en-cours/?as_of=2018-01-01" lang="fr" hreflang="fr">'
        in toggle.group()
    )
    page = client.get("/fr/missions/binuh/").content.decode()
    assert '<a href="/en/missions/binuh/" lang="en" hreflang="en">' in page


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
