"""The one comparison of two edition documents, for the review screen and the change log."""

import pytest

from missions.editions.diff import DocumentChange, diff_documents
from missions.editions.review import review_changes
from missions.models import Edition

pytestmark = pytest.mark.django_db


def test_diff_documents_names_each_kind_of_change(two_published_editions):
    first, second = Edition.objects.order_by("number")
    changes = diff_documents(first.document, second.document, "en")
    assert DocumentChange("added", "table", "mali", "Mali") in changes
    assert DocumentChange("added", "region", "mali", "Mali") in changes
    assert DocumentChange("added", "mission", "minusma", "MINUSMA") in changes
    assert DocumentChange("removed", "posting", "icc", "International Criminal Court") in changes
    assert (
        DocumentChange(
            "renamed",
            "mission",
            "bilateral",
            "Bilateral engagement",
            "name",
            "Bilateral",
            "Bilateral engagement",
        )
        in changes
    )
    assert (
        DocumentChange(
            "figure",
            "mission",
            "bilateral",
            "Bilateral engagement",
            "authorized",
            "20 (2020-01-01)",
            "25 (2021-01-01)",
        )
        in changes
    )
    assert (
        DocumentChange("text", "region", "ukraine", "Ukraine", "note", "Old note", "New note")
        in changes
    )
    french = diff_documents(first.document, second.document, "fr")
    assert (
        DocumentChange(
            "text", "region", "ukraine", "Ukraine FR", "note", "Ancienne note", "Nouvelle note"
        )
        in french
    )
    assert diff_documents(second.document, second.document, "en") == []
    assert all(c.kind == "added" for c in diff_documents(None, first.document, "en"))


def document(*regions, title="Current peace operations"):
    return {
        "title": {"en": title, "fr": "Missions en cours"},
        "table": [],
        "regions": [
            {"slug": slug, "name": {"en": name, "fr": f"{name} FR"}, "note": note}
            for slug, name, note in regions
        ],
        "postings": [],
    }


def test_an_empty_text_and_a_missing_one_compare_equal():
    empty = document(("ukraine", "Ukraine", {"en": "", "fr": ""}))
    missing = document(("ukraine", "Ukraine", None))
    assert diff_documents(empty, missing, "en") == []
    assert review_changes(empty, missing) == []


def test_items_that_change_places_and_a_new_title_are_changes_too():
    old = document(
        ("haiti", "Haiti", None), ("ukraine", "Ukraine", None), title="Current operations"
    )
    new = document(("ukraine", "Ukraine", None), ("haiti", "Haiti", None))
    changes = diff_documents(old, new, "en")
    assert DocumentChange("moved", "region", "ukraine", "Ukraine", "position") in changes
    assert (
        DocumentChange(
            "text",
            "page",
            "",
            "Current peace operations",
            "title",
            "Current operations",
            "Current peace operations",
        )
        in changes
    )


def test_the_review_pairs_each_change_in_english_and_french_from_the_same_comparison():
    old = document(("ukraine", "Ukraine", {"en": "Old note", "fr": "Même note"}))
    new = document(("ukraine", "Ukraine", {"en": "New note", "fr": "Même note"}))
    [change] = review_changes(old, new)
    assert (change.kind, change.section, change.field) == ("text", "region", "note")
    assert change.sides() == [
        ("en", "Ukraine", "Old note", "New note", True),
        ("fr", "Ukraine", "", "", False),  # unchanged on the French page
    ]
    assert [change.languages["en"]] == diff_documents(old, new, "en")


def with_catalog(doc, *missions):
    """`doc` with a catalog of its regions and of `missions` (slug, ended date or None)."""
    return {
        **doc,
        "catalog": {
            "regions": [{"slug": r["slug"], "name": r["name"]} for r in doc["regions"]],
            "missions": [
                {
                    "slug": slug,
                    "region": "ukraine",
                    "name": {"en": slug.upper(), "fr": slug.upper()},
                    "kind": "un",
                    "status": "ended",
                    **({"ended": {"date": ended, "precision": "day"}} if ended else {}),
                }
                for slug, ended in missions
            ],
        },
    }


def test_a_fact_only_history_pages_and_downloads_show_is_a_change_of_the_record():
    page = document(("ukraine", "Ukraine", None))
    old = with_catalog(page, ("unmiss", None))
    new = with_catalog(page, ("unmiss", "2017-10-15"))
    assert diff_documents(old, new, "en") == [
        DocumentChange("record", "mission", "unmiss", "UNMISS", "ended", "", "October 15, 2017")
    ]
    assert diff_documents(old, new, "fr")[0].after == "15 octobre 2017"


def test_a_mission_added_to_the_history_alone_is_listed_as_added():
    page = document(("ukraine", "Ukraine", None))
    old = with_catalog(page)
    new = with_catalog(page, ("unmiss", "2017-10-15"))
    assert diff_documents(old, new, "en") == [
        DocumentChange("added", "mission", "unmiss", "UNMISS")
    ]
    assert diff_documents(new, old, "en") == [
        DocumentChange("removed", "mission", "unmiss", "UNMISS")
    ]
