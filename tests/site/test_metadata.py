"""The metadata Canada.ca requires of every page, from each page's own title, language and
dates."""

import html
import re

import pytest

from ..helpers.pages import start_tags

pytestmark = pytest.mark.django_db

# (path, the same page in the other language, the page's title)
PAGES = [
    ("/en/current-peace-operations/", "/fr/missions-en-cours/", "Current peace operations"),
    ("/fr/missions-en-cours/", "/en/current-peace-operations/", "Missions en cours"),
    (
        "/en/current-peace-operations/editions/1/",
        "/fr/missions-en-cours/editions/1/",
        "Current operations – Edition 1",
    ),
    (
        "/fr/missions-en-cours/editions/1/",
        "/en/current-peace-operations/editions/1/",
        # The French title of 2017 is not known: the page's French name, not the English.
        "Missions en cours – Édition 1",
    ),
    ("/en/missions/binuh/", "/fr/missions/binuh/", None),
    ("/fr/missions/binuh/", "/en/missions/binuh/", None),
    ("/en/regions/caribbean-region/", "/fr/regions/caribbean-region/", None),
    ("/fr/regions/caribbean-region/", "/en/regions/caribbean-region/", None),
    ("/en/missions/", "/fr/missions/", "Every mission, past and present"),
    ("/fr/missions/", "/en/missions/", "Toutes les missions, passées et actuelles"),
    ("/en/regions/", "/fr/regions/", "Every region, past and present"),
    ("/fr/regions/", "/en/regions/", None),
    ("/en/data/", "/fr/donnees/", "Open data"),
    ("/fr/donnees/", "/en/data/", None),
    ("/en/api/", "/fr/api/", "Read API"),
    ("/fr/api/", "/en/api/", None),
    (
        "/en/current-peace-operations/editions/1/corrections/",
        "/fr/missions-en-cours/editions/1/corrections/",
        "Corrections to edition 1",
    ),
    (
        "/fr/missions-en-cours/editions/1/corrections/",
        "/en/current-peace-operations/editions/1/corrections/",
        None,
    ),
    (
        "/en/current-peace-operations/changes/",
        "/fr/missions-en-cours/modifications/",
        "Changes to this page",
    ),
    (
        "/fr/missions-en-cours/modifications/",
        "/en/current-peace-operations/changes/",
        None,
    ),
    ("/en/feedback/thanks/", "/fr/retroaction/merci/", "Thank you for your feedback"),
    ("/fr/retroaction/merci/", "/en/feedback/thanks/", None),
]


def head(page):
    """{meta name: (content, title attribute)} and {(rel, hreflang): href} of a page."""
    metas, links = {}, {}
    for tag, attrs in start_tags(page):
        if tag == "meta" and "name" in attrs:
            assert attrs["name"] not in metas, f"two {attrs['name']}"
            metas[attrs["name"]] = (attrs["content"], attrs.get("title"))
        if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
            links[(attrs["rel"], attrs.get("hreflang"))] = attrs["href"]
    return metas, links


def title_of(page):
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    return html.unescape(title).rsplit(" - ", 1)[0]


@pytest.mark.parametrize("path,other,expected_title", PAGES)
def test_every_public_page_has_the_mandatory_metadata_from_its_own_data(
    seeded, client, path, other, expected_title
):
    page = client.get(path).content.decode()
    metas, links = head(page)
    french = path.startswith("/fr/")

    title = title_of(page)
    if expected_title:
        assert title == expected_title
    assert metas["dcterms.title"] == (title, None)
    assert metas["dcterms.language"] == ("fra" if french else "eng", "ISO639-2/T")
    assert metas["dcterms.creator"][0] == (
        "Gouvernement du Canada, Gendarmerie royale du Canada"
        if french
        else "Government of Canada, Royal Canadian Mounted Police"
    )
    assert metas["dcterms.subject"] == (
        "Police;Maintien de la paix;Relations internationales"
        if french
        else "Police;Peacekeeping;International relations",
        "gccore",
    )
    description = metas["description"][0]
    assert len(description) > 50
    assert metas["dcterms.description"] == (description, None)

    # The dates are the page's own: the one shown as "Date modified".
    [shown] = re.findall(r'<gcds-date-modified>.*?<time datetime="([^"]+)">', page, re.S)
    assert metas["dcterms.modified"] == (shown, "W3CDTF")
    assert metas["dcterms.issued"][1] == "W3CDTF"
    assert metas["dcterms.issued"][0] <= shown

    assert links[("canonical", None)] == f"http://testserver{path}"
    assert links[("alternate", "fr" if french else "en")] == f"http://testserver{path}"
    assert links[("alternate", "en" if french else "fr")] == f"http://testserver{other}"


def test_the_description_names_the_mission(seeded, client):
    metas, _links = head(client.get("/fr/missions/binuh/").content.decode())
    # French typography: a no-break space before the colon, in the metadata too.
    assert metas["description"][0].startswith("Bureau intégré des Nations Unies en Haïti\u00a0:")


def test_the_language_choice_page_has_its_metadata_in_both_languages(client):
    metas, links = head(client.get("/").content.decode())
    assert metas["dcterms.title"][0] == "Current peace operations / Missions en cours"
    assert metas["dcterms.language"] == ("eng", "ISO639-2/T")
    assert "missions de paix en cours" in metas["description"][0]
    assert links[("canonical", None)] == "http://testserver/"
