"""The API described in French at the French API address, and in English at the English
one and at /api/v1/openapi.json; the API's page in the reader's language."""

from html import unescape

import pytest

from ..helpers.pages import plain_text

pytestmark = pytest.mark.django_db


def described(document):
    """Every description and summary of an OpenAPI document, by where it is."""
    found = {}

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("description", "summary") and isinstance(value, str):
                    found[f"{where}/{key}"] = value
                else:
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(document, "")
    return found


def test_the_french_api_address_serves_the_document_described_in_french(client):
    french = client.get("/fr/api/openapi.json").json()
    english = client.get("/en/api/openapi.json").json()
    limit = "/paths/~1api~1v1~1editions/get/parameters/0/description"
    assert described(english)[limit.replace("~1", "/")] == "Records per page, 1 to 1000."
    assert described(french)[limit.replace("~1", "/")] == "Enregistrements par page, de 1 à 1000."
    # The same document otherwise: paths, parameters and operation ids.
    assert french["paths"].keys() == english["paths"].keys()
    assert described(french).keys() == described(english).keys()


def test_every_description_of_the_french_document_is_translated(client):
    french = described(client.get("/fr/api/openapi.json").json())
    english = described(client.get("/en/api/openapi.json").json())
    untranslated = {where: text for where, text in french.items() if text == english[where]}
    assert set(untranslated.values()) <= {"OK"}


def test_the_tools_address_stays_english_whatever_the_browser_prefers(client):
    document = client.get("/api/v1/openapi.json", headers={"Accept-Language": "fr"}).json()
    assert document == client.get("/en/api/openapi.json").json()


ENGLISH_PHRASES = [
    "Records per page, 1 to 1000",
    "Took effect on this date or later",
    "Every edition",
    "one of:",
    "integer",
    "matching",
]


def test_the_french_api_page_is_in_french(client):
    html = unescape(client.get("/fr/api/").content.decode())
    text = plain_text(html)
    for phrase in ENGLISH_PHRASES:
        assert phrase not in text, phrase
    assert "Entrée en vigueur à cette date ou après." in text
    assert "nombre entier, de 1 à 1000" in text
    assert "Toutes les éditions" in text
    assert 'href="/fr/api/openapi.json"' in html


def test_the_english_api_page_links_to_the_english_document(client):
    html = unescape(client.get("/en/api/").content.decode())
    assert "Took effect on this date or later." in html
    assert "whole number, 1 to 1000" in html
    assert 'href="/en/api/openapi.json"' in html


@pytest.mark.parametrize(
    "url,keys",
    [
        ("/fr/donnees/", ["data", "as_of_precision", "level", "region", "mission", "suspended"]),
        # The types' codes and patterns too.
        (
            "/fr/api/",
            [
                "id",
                "next",
                "null",
                "ETag",
                "If-None-Match",
                "level",
                "suspended",
                "^[-a-zA-Z0-9_]+$",
            ],
        ),
    ],
)
def test_keys_and_field_names_in_the_prose_are_marked_as_code(client, url, keys):
    html = unescape(client.get(url).content.decode())
    for key in keys:
        assert f"<code>{key}</code>" in html, key
    assert "sous data" not in html
    assert "(level region)" not in plain_text(html)
    assert "`" not in plain_text(html)  # the descriptions' `code` spans are marked
