"""Files an import refuses before checking any row: too large, empty, or not readable
exactly as written. The admin and the command line give the same reason and line."""

import pytest

from missions.models import DeploymentSnapshot
from missions.staff.importing import BoundedUploadHandler

from ..helpers.records import make_region
from ..helpers.spreadsheets import IMPORT_HEADER, run_import, upload, workbook

pytestmark = pytest.mark.django_db

ROW = "Ukraine,,2021-01-01,5,,\n"
XLSX = {"name": "figures.xlsx", "file_format": "1"}


@pytest.fixture(autouse=True)
def ukraine(db):
    return make_region(slug="ukraine", name="Ukraine")


def refusal_by_the_command(tmp_path, content):
    """Why manage.py import_snapshots refuses the CSV file."""
    path = tmp_path / "figures.csv"
    path.write_text(content)
    _out, _err, error = run_import(path)
    assert error is not None
    return str(error)


def refusal_by_the_admin(client, content, **upload_options):
    """Why the admin's import page refuses the file, before any preview."""
    response = upload(client, content, **upload_options)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    return " ".join(response.context["form"].errors["import_file"])


def assert_both_refuse(tmp_path, editor, content, expected):
    assert expected in refusal_by_the_command(tmp_path, content)
    assert expected in refusal_by_the_admin(editor, content.encode())
    assert not DeploymentSnapshot.objects.exists()


UNREADABLE = [
    (
        f'{IMPORT_HEADER}\nUkraine,,2021-01-01,5,,"Report of\nUkraine,,2021-02-01,6,,\n{ROW}',
        "A quote opened on line 2 is never closed",
    ),
    ("\n\n", "The file is empty: its first line must be the header row."),
    (
        f"{IMPORT_HEADER}\n{ROW}Ukraine,,2021-02-01,5,,,\n",
        "Line 3 has 7 values, but the header has 6 columns (an extra comma",
    ),
    (
        f"{IMPORT_HEADER}\nUkraine,,2021-01-01,5\n",
        "Line 2 has 4 values, but the header has 6 columns (a missing value?)",
    ),
]


@pytest.mark.parametrize(
    "content,expected", UNREADABLE, ids=["open quote", "empty", "extra comma", "missing value"]
)
def test_a_file_not_readable_as_written_is_refused_naming_its_line(
    tmp_path, editor, content, expected
):
    assert_both_refuse(tmp_path, editor, content, expected)


def test_a_quoted_value_over_several_lines_is_still_read(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(f'{IMPORT_HEADER}\nUkraine,,2021-01-01,5,,"Report,\nsecond line"\n')
    _out, err, error = run_import(path)
    assert error is None, err
    assert DeploymentSnapshot.objects.get().source == "Report,\nsecond line"


LIMITS = [
    (
        "IMPORT_MAX_BYTES",
        100,
        IMPORT_HEADER + "\n" + ROW * 10,
        "The file is larger than 100\xa0bytes, the most an import can take.",
    ),
    (
        "IMPORT_MAX_ROWS",
        3,
        IMPORT_HEADER + "\n" + ROW * 4,
        "The file has more than 3 rows, the most an import can take.",
    ),
    ("IMPORT_MAX_CELLS", 12, IMPORT_HEADER + "\n" + ROW * 2, "The file has more than 12 cells"),
    ("IMPORT_MAX_COLUMNS", 6, IMPORT_HEADER + ",x\n", "the most an import can take"),
]


@pytest.mark.parametrize(
    "setting,limit,content,expected", LIMITS, ids=["bytes", "rows", "cells", "columns"]
)
def test_a_file_over_a_limit_is_refused_naming_the_limit(
    tmp_path, editor, settings, setting, limit, content, expected
):
    setattr(settings, setting, limit)
    assert_both_refuse(tmp_path, editor, content, expected)


def test_a_workbook_over_the_row_limit_is_refused_too(editor, settings):
    settings.IMPORT_MAX_ROWS = 3
    content = workbook(IMPORT_HEADER.split(","), *[["Ukraine", "", "2021-01-01", 5]] * 4)
    message = refusal_by_the_admin(editor, content, **XLSX)
    assert "The file has more than 3 rows, the most an import can take." in message


def test_an_upload_keeps_no_more_than_one_byte_over_the_limit(settings):
    settings.IMPORT_MAX_BYTES = 10
    handler = BoundedUploadHandler()
    assert handler.receive_data_chunk(b"12345678", 0) == b"12345678"
    assert handler.receive_data_chunk(b"12345678", 8) == b"123"
    assert handler.receive_data_chunk(b"12345678", 16) is None


def test_a_workbook_that_unzips_too_large_is_refused_before_it_is_read(editor, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1_000_000
    # Shared strings far larger than the file (a cell holds at most 32,767 characters).
    rows = [["Ukraine", "", "2021-01-01", 5, None, f"{n}" + "x" * 32_000] for n in range(40)]
    content = workbook(IMPORT_HEADER.split(","), *rows)
    assert len(content) < 100_000
    message = refusal_by_the_admin(editor, content, **XLSX)
    assert "The workbook unzips to more than 976.6\xa0KB" in message


def test_a_workbook_row_with_a_value_beyond_the_header_is_refused(editor):
    row = ["Ukraine", "", "2021-01-01", 5, None, "", "extra"]
    content = workbook(IMPORT_HEADER.split(","), row)
    message = refusal_by_the_admin(editor, content, **XLSX)
    assert "Line 2 has 7 values, but the header has 6 columns" in message


def test_a_file_that_is_not_a_workbook_is_refused_as_such(editor):
    message = refusal_by_the_admin(editor, b"region,mission", name="f.xlsx", file_format="1")
    assert "not an Excel (XLSX) workbook" in message
