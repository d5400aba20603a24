"""The Canada.ca frame every public page is served in (the browser tests check it drawn)."""

import html
import json
import re

import pytest

pytestmark = pytest.mark.django_db


def attributes(page, tag, name):
    """The values of one attribute on every `tag` element of the page, unescaped."""
    pattern = rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\""
    return [html.unescape(value) for value in re.findall(pattern, page)]


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
