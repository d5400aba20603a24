"""Every French address is French, and the ones that were not answer 301 for ever."""

import pytest
from django.urls import reverse
from django.utils import translation

from missions.pagecache.addresses import public_address

pytestmark = pytest.mark.django_db

# Each old French address, its French one, and the English one (unchanged).
MOVED = [
    (
        "/fr/missions-en-cours/changes/",
        "/fr/missions-en-cours/modifications/",
        "/en/current-peace-operations/changes/",
    ),
    (
        "/fr/missions-en-cours/changes/feed/",
        "/fr/missions-en-cours/modifications/fil/",
        "/en/current-peace-operations/changes/feed/",
    ),
    ("/fr/data/datapackage.json", "/fr/donnees/datapackage.json", "/en/data/datapackage.json"),
    ("/fr/data/snapshots.csv", "/fr/donnees/snapshots.csv", "/en/data/snapshots.csv"),
    ("/fr/data/snapshots.json", "/fr/donnees/snapshots.json", "/en/data/snapshots.json"),
    ("/fr/data/regions.csv", "/fr/donnees/regions.csv", "/en/data/regions.csv"),
    ("/fr/data/regions.json", "/fr/donnees/regions.json", "/en/data/regions.json"),
    ("/fr/data/missions.csv", "/fr/donnees/missions.csv", "/en/data/missions.csv"),
    ("/fr/data/missions.json", "/fr/donnees/missions.json", "/en/data/missions.json"),
    (
        "/fr/data/un-contributions.csv",
        "/fr/donnees/un-contributions.csv",
        "/en/data/un-contributions.csv",
    ),
    (
        "/fr/data/un-contributions.json",
        "/fr/donnees/un-contributions.json",
        "/en/data/un-contributions.json",
    ),
]


@pytest.mark.parametrize("old,new,english", MOVED)
def test_an_old_french_address_answers_301_to_its_french_one(client, old, new, english):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize("old,new,english", MOVED)
def test_the_redirect_keeps_the_query_string(client, old, new, english):
    assert client.get(old, {"page": "2"})["Location"] == f"{new}?page=2"


@pytest.mark.parametrize("old,new,english", MOVED)
def test_the_new_french_address_answers_and_the_english_one_is_unchanged(
    haiti, client, old, new, english
):
    for address in (new, english):
        response = client.get(address)
        assert response.status_code == 200, address
        if response.streaming:
            b"".join(response.streaming_content)


# The pages the page cache keeps, and the full downloads it serves from their built files.
KNOWN = [row for row in MOVED if "changes" in row[0] or "snapshots" in row[0] or "un-" in row[0]]


@pytest.mark.parametrize("old,new,english", KNOWN)
def test_the_page_cache_and_the_stored_downloads_know_the_new_addresses(old, new, english):
    language, match = public_address(new)
    assert language == "fr"
    assert public_address(old) is None
    with translation.override("fr"):
        assert reverse(match.view_name) == new


def test_the_french_pages_link_to_the_french_addresses(haiti, client):
    changes = client.get("/fr/missions-en-cours/modifications/").content.decode()
    assert 'href="/fr/missions-en-cours/modifications/fil/"' in changes
    data = client.get("/fr/donnees/").content.decode()
    for _old, new, _english in MOVED[2:]:
        assert f'href="{new}"' in data
    assert "/fr/data/" not in data
    assert 'href="/fr/missions-en-cours/changes/' not in changes
