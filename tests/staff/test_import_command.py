"""manage.py import_snapshots: figures from a CSV file or a workbook, all or nothing, every
bad row named with its line and reason."""

import datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from missions.management.commands.import_snapshots import Command
from missions.models import DeploymentSnapshot

from ..helpers.records import DAY
from ..helpers.spreadsheets import IMPORT_HEADER, run_import, write_csv

pytestmark = pytest.mark.django_db


def test_the_command_imports_every_row_matching_regions_and_missions_by_any_name(
    ukraine_and_caribbean, tmp_path
):
    ukraine, euam, caribbean, binuh = ukraine_and_caribbean
    path = write_csv(
        tmp_path,
        "Ukraine,euam ukraine,2021-01-01,45,30,UN report",  # acronym, any case
        "caribbean-region,BINUH,2021-01-01,20,,",  # region slug
        "caribbean region,Integrated office,2021-02-01,21,5,",  # English names
        "ukraine,euam-ukraine,2021-03-01,46,31,",  # slugs
        "Ukraine,,2021-01-01,50,,Region total",  # a region-level figure
    )
    out, err, error = run_import(path)
    assert error is None, err
    assert "Imported 5 snapshot(s)" in out
    assert list(euam.snapshots.values_list("as_of", "authorized", "deployed", "source")) == [
        (DAY, 40, None, ""),
        (datetime.date(2021, 1, 1), 45, 30, "UN report"),
        (datetime.date(2021, 3, 1), 46, 31, ""),
    ]
    assert binuh.snapshots.count() == 2
    region_figure = DeploymentSnapshot.objects.get(mission=None)
    assert (region_figure.region, region_figure.authorized) == (ukraine, 50)


def test_an_imported_figure_is_recorded_in_history_with_the_file_name(
    ukraine_and_caribbean, tmp_path
):
    out, err, error = run_import(write_csv(tmp_path, "ukraine,,2021-01-01,50,,"))
    assert error is None, err
    record = DeploymentSnapshot.objects.get(mission=None).history.get()
    assert record.history_change_reason == "Imported from figures.csv"


def test_a_dry_run_lists_what_would_be_created_and_writes_nothing(ukraine_and_caribbean, tmp_path):
    path = write_csv(tmp_path, "Ukraine,EUAM Ukraine,2021-01-01,45,30,", "Ukraine,,2021-01-01,50,,")
    out, err, error = run_import(path, "--dry-run")
    assert error is None, err
    assert "Dry run: 2 snapshot(s) would be created" in out
    assert (
        "line 2: EU Advisory Mission (EUAM Ukraine), 2021-01-01: authorized 45, deployed 30" in out
    )
    assert "line 3: Ukraine, 2021-01-01: authorized 50, deployed —" in out
    assert "Nothing was written." in out
    assert DeploymentSnapshot.objects.count() == 1


def test_a_dry_run_with_bad_rows_reports_them_too(ukraine_and_caribbean, tmp_path):
    out, err, error = run_import(write_csv(tmp_path, "Ukraine,,2021-01-01,5,6,"), "--dry-run")
    assert error is not None
    assert "line 2: deployed: Deployed cannot be more than authorized." in err


@pytest.mark.parametrize(
    "row,problem",
    [
        ("Narnia,,2021-01-01,5,,", "line 3: region: There is no region “Narnia”."),
        (",,2021-01-01,5,,", "line 3: region: This column cannot be empty."),
        (
            "Ukraine,MONUSCO,2021-01-01,5,,",
            "line 3: mission: There is no mission “MONUSCO” in the region “Ukraine”.",
        ),
        (
            "Ukraine,BINUH,2021-01-01,5,,",  # exists, but in another region
            "line 3: mission: There is no mission “BINUH” in the region “Ukraine”.",
        ),
        ("Ukraine,,2021-02-30,5,,", "line 3: as_of: Enter a valid date in the form YYYY-MM-DD."),
        ("Ukraine,,01/02/2021,5,,", "line 3: as_of: Enter a valid date in the form YYYY-MM-DD."),
        ("Ukraine,,,5,,", "line 3: as_of: This field cannot be null."),
        ("Ukraine,,2999-01-01,5,,", "line 3: as_of: The date cannot be in the future."),
        (
            "Ukraine,,2021-01-01,-1,,",
            "line 3: authorized: Ensure this value is greater than or equal to 0.",
        ),
        ("Ukraine,,2021-01-01,ten,,", "line 3: authorized: Enter a whole number."),
        ("Ukraine,,2021-01-01,1.5,,", "line 3: authorized: Enter a whole number."),
        ("Ukraine,,2021-01-01,5,-2,", "line 3: deployed: Ensure this value is greater than"),
        ("Ukraine,,2021-01-01,5,6,", "line 3: deployed: Deployed cannot be more than authorized."),
        ("Ukraine,,2021-01-01,,,", "line 3: Give the authorized figure, the deployed, or both."),
        (
            "Ukraine,EUAM Ukraine,2020-06-01,41,,",  # the fixture's snapshot
            "line 3: as_of: This mission already has figures for this date.",
        ),
        (
            "Ukraine,,2021-05-05,5,,",  # the same as line 2
            "line 3: as_of: This region already has figures for this date.",
        ),
    ],
)
def test_any_bad_row_stops_the_import_with_its_line_and_reason_and_writes_nothing(
    ukraine_and_caribbean, tmp_path, row, problem
):
    path = write_csv(tmp_path, "Ukraine,,2021-05-05,50,,good row", row)
    out, err, error = run_import(path)
    assert error is not None and "Nothing was imported" in str(error)
    assert problem in err
    assert DeploymentSnapshot.objects.count() == 1
    assert DeploymentSnapshot.history.count() == 1


def test_every_bad_row_is_reported_not_just_the_first(ukraine_and_caribbean, tmp_path):
    path = write_csv(
        tmp_path,
        "Narnia,,2021-01-01,5,,",
        "Ukraine,,2021-01-01,5,,",
        "Ukraine,,2021-01-02,5,9,",
    )
    out, err, error = run_import(path)
    assert "2 problem(s) found" in str(error)
    assert err.index("line 2: region") < err.index("line 4: deployed")


@pytest.mark.parametrize(
    "header,row,problem",
    [
        (
            "region,mission,as_of,authorized,source",
            "Ukraine,,2021-01-01,5,",
            "missing columns: deployed",
        ),
        (IMPORT_HEADER + ",notes", "Ukraine,,2021-01-01,5,1,,", "unknown columns: notes"),
    ],
)
def test_a_wrong_header_is_refused(ukraine_and_caribbean, tmp_path, header, row, problem):
    path = write_csv(tmp_path, row, header=header)
    out, err, error = run_import(path)
    assert error is not None
    assert problem in err
    assert DeploymentSnapshot.objects.count() == 1


def test_the_header_may_differ_in_case_and_spacing(ukraine_and_caribbean, tmp_path):
    path = write_csv(
        tmp_path,
        "Ukraine,,2021-01-01,5,,",
        header=" Region,Mission,AS_OF,authorized,deployed,source",
    )
    out, err, error = run_import(path)
    assert error is None, err


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_snapshots", str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="use a .csv or .xlsx file"):
        call_command("import_snapshots", str(tmp_path / "figures.txt"))


def test_a_long_import_shows_its_progress(ukraine_and_caribbean, tmp_path, monkeypatch):
    monkeypatch.setattr(Command, "progress_every", 2)
    rows = [f"Ukraine,,2021-01-{day:02d},{day},," for day in range(1, 6)]
    out, err, error = run_import(write_csv(tmp_path, *rows))
    assert error is None, err
    assert "Checked 2 of 5 rows…" in err and "Checked 4 of 5 rows…" in err


def test_the_command_reads_a_spreadsheet_too(ukraine_and_caribbean, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(IMPORT_HEADER.split(","))
    book.active.append(["Ukraine", "EUAM Ukraine", datetime.datetime(2021, 1, 1), 45, 30, None])
    path = tmp_path / "figures.xlsx"
    book.save(path)
    out, err, error = run_import(path)
    assert error is None, err
    assert DeploymentSnapshot.objects.filter(as_of="2021-01-01", authorized=45).exists()


def test_the_snapshot_date_rule_uses_the_local_date(ukraine_and_caribbean, tmp_path):
    today = timezone.localdate().isoformat()
    out, err, error = run_import(write_csv(tmp_path, f"Ukraine,,{today},5,,"))
    assert error is None, err
