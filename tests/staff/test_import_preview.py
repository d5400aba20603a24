"""An import preview staff can read: every row, each error under its value, the columns
named in the editor's language, and a suggestion for a name that matches nothing."""

import pytest

from ..helpers.records import make_region
from ..helpers.spreadsheets import IMPORT_HEADER, upload

pytestmark = pytest.mark.django_db

HEADER = IMPORT_HEADER


@pytest.fixture(autouse=True)
def west_bank(db):
    return make_region(slug="west-bank", name="West Bank")


def preview(client, content, language="en"):
    return upload(client, content, name="f.csv", language=language)


def test_every_row_is_shown_with_each_error_under_its_value(editor):
    content = (
        f"{HEADER}\nWest Bank,,2021-01-01,5,,\nWest Bank,,2021-02-01,5,6,\n"
        "Westbank,,2021-03-01,5,,\n"
    ).encode()
    table = preview(editor, content).context["file_table"]

    assert [row["line"] for row in table["rows"]] == [2, 3, 4]
    assert [row["invalid"] for row in table["rows"]] == [False, True, True]
    deployed = table["headers"].index("Deployed")
    assert table["rows"][1]["cells"][deployed] == (
        "6",
        ["Deployed cannot be more than authorized."],
    )
    region = table["headers"].index("Region")
    assert table["rows"][2]["cells"][region][1] == [
        "There is no region “Westbank”. Did you mean “West Bank”?"
    ]


def test_the_errors_are_written_out_on_the_page(editor):
    html = preview(editor, f"{HEADER}\nWestbank,,2021-03-01,5,,\n".encode()).content.decode()
    assert '<span class="cell-error">There is no region “Westbank”. Did you mean “West Bank”?' in (
        html
    )
    assert "validation-error-count" not in html


def test_a_valid_file_lists_every_row_before_confirmation(editor):
    response = preview(editor, f"{HEADER}\nWest Bank,,2021-01-01,5,,\n".encode())
    assert response.context["confirm_form"] is not None
    assert response.context["file_table"]["rows"][0]["status"] == "New"


def test_the_columns_and_errors_are_in_the_editors_language(editor):
    response = preview(editor, f"{HEADER}\nWest Bank,,2021-01-01,5,6,\n".encode(), "fr")
    table = response.context["file_table"]
    assert "Autorisés" in table["headers"] or "Autorisé" in table["headers"]
    assert "As of" not in table["headers"]
    errors = [e for row in table["rows"] for _value, errors in row["cells"] for e in errors]
    assert errors and all("authorized" not in error for error in errors)
