"""The one comparison of two edition documents, for the review screen and the change log."""

import pytest

from missions.editions.diff import DocumentChange, diff_documents
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
