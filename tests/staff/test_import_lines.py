"""Import errors name the line of the file where the record starts, and its row in a
spreadsheet where the two differ (after a quoted value over several lines): in the command
and in the admin alike."""

import pytest

from missions.models import DeploymentSnapshot

from ..helpers.records import make_region
from ..helpers.spreadsheets import IMPORT_HEADER, run_import, upload

pytestmark = pytest.mark.django_db

# Line 1 is the header. The second row's source runs over lines 3 to 5, so the third row
# starts on line 6 (row 4 in a spreadsheet) and the fourth, with a bad date, on line 7
# (row 5).
CONTENT = (
    f"{IMPORT_HEADER}\n"
    "West Bank,,2021-01-01,5,,\n"
    'West Bank,,2021-02-01,5,,"Report,\nsecond line,\nthird line"\n'
    "West Bank,,2021-03-01,5,,\n"
    "West Bank,,2021-13-01,5,,\n"
)
VALID = CONTENT.replace("2021-13-01", "2021-04-01")


@pytest.fixture(autouse=True)
def west_bank(db):
    return make_region(slug="west-bank", name="West Bank")


def write(tmp_path, content):
    path = tmp_path / "figures.csv"
    path.write_text(content, encoding="utf-8")
    return path


def test_the_command_names_the_line_a_record_starts_on_and_its_spreadsheet_row(tmp_path):
    _out, err, error = run_import(write(tmp_path, CONTENT))
    assert error is not None
    assert err.splitlines() == [
        "line 7 (spreadsheet row 5): as_of: Enter a valid date in the form YYYY-MM-DD."
    ]
    assert DeploymentSnapshot.objects.count() == 0


def test_a_dry_run_lists_each_row_by_the_line_it_starts_on(tmp_path):
    out, _err, error = run_import(write(tmp_path, VALID), "--dry-run")
    assert error is None
    assert [line.split(":")[0] for line in out.splitlines() if line.startswith("  line")] == [
        "  line 2",
        "  line 3",
        "  line 6 (spreadsheet row 4)",
        "  line 7 (spreadsheet row 5)",
    ]


@pytest.mark.parametrize(
    ("language", "fourth"),
    [("en", "7 (spreadsheet row 5)"), ("fr", "7 (ligne 5 dans un tableur)")],
)
def test_the_admin_preview_names_the_line_a_record_starts_on_and_its_spreadsheet_row(
    editor, language, fourth
):
    response = upload(editor, CONTENT.encode(), language=language)
    rows = response.context["file_table"]["rows"]
    assert [(row["line"], row["invalid"]) for row in rows] == [
        (2, False),
        (3, False),
        (6, False),
        (7, True),
    ]
    assert rows[3]["where"] == fourth
    assert f'<th scope="row">{fourth}</th>' in response.content.decode()
    assert DeploymentSnapshot.objects.count() == 0


def test_rows_are_named_by_their_line_alone_where_it_is_their_spreadsheet_row(editor):
    content = f"{IMPORT_HEADER}\nWest Bank,,2021-01-01,5,,\nWest Bank,,2021-13-01,5,,\n"
    rows = upload(editor, content.encode()).context["file_table"]["rows"]
    assert [row["where"] for row in rows] == ["2", "3"]
