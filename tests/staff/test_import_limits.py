"""Files an import refuses before checking any row: too large, empty, or not readable
exactly as written. The admin and the command line give the same reason and line."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from missions.models import DeploymentSnapshot
from missions.staff.importing import BoundedUploadHandler

from .helpers import make_region, make_user

pytestmark = pytest.mark.django_db

HEADER = "region,mission,as_of,authorized,deployed,source"


@pytest.fixture
def ukraine():
    return make_region(slug="ukraine", name="Ukraine")


def command(tmp_path, content, name="figures.csv"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError) as error:
        call_command("import_snapshots", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return str(error.value)


def admin(content, name="figures.csv", file_format="0"):
    client = Client()
    client.force_login(
        User.objects.filter(username="editor").first() or make_user("editor", "Editors")
    )
    response = client.post(
        reverse("admin:missions_deploymentsnapshot_import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    return " ".join(response.context["form"].errors["import_file"])


def workbook(*rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


UNTERMINATED = (
    f'{HEADER}\nUkraine,,2021-01-01,5,,"Report of\nUkraine,,2021-02-01,6,,\n'
    "Ukraine,,2021-03-01,7,,\n"
)


def test_a_quote_that_never_closes_is_refused_naming_its_line(ukraine, tmp_path):
    expected = "A quote opened on line 2 is never closed"
    assert expected in command(tmp_path, UNTERMINATED)
    assert expected in admin(UNTERMINATED.encode())
    assert not DeploymentSnapshot.objects.exists()


def test_a_quoted_value_over_several_lines_is_still_read(ukraine, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(f'{HEADER}\nUkraine,,2021-01-01,5,,"Report,\nsecond line"\n')
    call_command("import_snapshots", str(path), stdout=io.StringIO())
    assert DeploymentSnapshot.objects.get().source == "Report,\nsecond line"


def test_an_empty_file_is_refused_with_a_reason(ukraine, tmp_path):
    expected = "The file is empty: its first line must be the header row."
    assert expected in command(tmp_path, "")
    assert expected in admin(b"\n\n")


def test_a_row_with_an_extra_comma_is_refused_with_its_line(ukraine, tmp_path):
    content = f"{HEADER}\nUkraine,,2021-01-01,5,,\nUkraine,,2021-02-01,5,,,\n"
    expected = "Line 3 has 7 values, but the header has 6 columns (an extra comma"
    assert expected in command(tmp_path, content)
    assert expected in admin(content.encode())


def test_a_row_with_a_missing_value_is_refused_with_its_line(ukraine, tmp_path):
    content = f"{HEADER}\nUkraine,,2021-01-01,5\n"
    assert "Line 2 has 4 values, but the header has 6 columns (a missing value?)" in command(
        tmp_path, content
    )


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(ukraine, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    content = f"{HEADER}\n" + "Ukraine,,2021-01-01,5,,\n" * 10
    expected = "The file is larger than 100\xa0bytes, the most an import can take."
    assert expected in command(tmp_path, content)
    assert expected in admin(content.encode())


def test_an_upload_keeps_no_more_than_one_byte_over_the_limit(settings):
    settings.IMPORT_MAX_BYTES = 10
    handler = BoundedUploadHandler()
    assert handler.receive_data_chunk(b"12345678", 0) == b"12345678"
    assert handler.receive_data_chunk(b"12345678", 8) == b"123"
    assert handler.receive_data_chunk(b"12345678", 16) is None


def test_a_file_over_the_row_limit_is_refused_naming_the_limit(ukraine, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    content = f"{HEADER}\n" + "Ukraine,,2021-01-01,5,,\n" * 4
    expected = "The file has more than 3 rows, the most an import can take."
    assert expected in command(tmp_path, content)
    assert expected in admin(content.encode())
    assert expected in admin(
        workbook(HEADER.split(","), *[["Ukraine", "", "2021-01-01", 5]] * 4),
        name="figures.xlsx",
        file_format="1",
    )


def test_a_file_over_the_cell_limit_is_refused(ukraine, tmp_path, settings):
    settings.IMPORT_MAX_CELLS = 12
    content = f"{HEADER}\n" + "Ukraine,,2021-01-01,5,,\n" * 2
    assert "The file has more than 12 cells" in command(tmp_path, content)


def test_a_header_wider_than_the_column_limit_is_refused(ukraine, tmp_path, settings):
    settings.IMPORT_MAX_COLUMNS = 6
    assert "more than" in command(tmp_path, HEADER + ",x\n")


def test_a_workbook_that_unzips_too_large_is_refused_before_it_is_read(ukraine, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1_000_000
    # Shared strings far larger than the file (a cell holds at most 32,767 characters).
    rows = [["Ukraine", "", "2021-01-01", 5, None, f"{n}" + "x" * 32_000] for n in range(40)]
    content = workbook(HEADER.split(","), *rows)
    assert len(content) < 100_000
    message = admin(content, name="figures.xlsx", file_format="1")
    assert "The workbook unzips to more than 976.6\xa0KB" in message


def test_a_workbook_row_with_a_value_beyond_the_header_is_refused(ukraine):
    content = workbook(HEADER.split(","), ["Ukraine", "", "2021-01-01", 5, None, "", "extra"])
    message = admin(content, name="figures.xlsx", file_format="1")
    assert "Line 2 has 7 values, but the header has 6 columns" in message


def test_a_file_that_is_not_a_workbook_is_refused_as_such(ukraine):
    assert "not an Excel (XLSX) workbook" in admin(b"region,mission", "f.xlsx", "1")
