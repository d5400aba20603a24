"""manage.py import_un_contributions: the UN's monthly figures of Canada's police, from the
Data Hub's layout or the shared extract's, into UNContribution."""

import datetime
import io
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from missions.editions.un_import import (
    DATA_HUB_SOURCE,
    IPI_SOURCE,
    UN_REPORTS_SOURCE,
    UNImportError,
    import_un_contributions,
)
from missions.models import PublishedUNFigure, UNContribution
from tests.helpers.editions import publish_working_copy
from tests.helpers.records import make_mission, make_region

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data"
EXTRACT = DATA / "un_extract.csv"
DATA_HUB = DATA / "un_data_hub.csv"
REAL_EXTRACT = Path(settings.BASE_DIR) / "content/un-police-contributions/canada-police.csv"
EXTRACT_HEADER = "date,mission_acronym,personnel_type,male,female,total"


def run(path, *args):
    """The command on the file: what it wrote out, or the CommandError it raised."""
    out = io.StringIO()
    try:
        call_command("import_un_contributions", str(path), *args, stdout=out)
    except CommandError as error:
        return str(error)
    return out.getvalue()


def write(tmp_path, *rows, header=EXTRACT_HEADER):
    path = tmp_path / "un.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def stored():
    """Every UNContribution as (month, acronym, type, male, female, total, mission slug)."""
    return [
        (
            row.month.isoformat(),
            row.acronym,
            row.personnel_type,
            row.male,
            row.female,
            row.total,
            row.mission.slug if row.mission else None,
        )
        for row in UNContribution.objects.select_related("mission")
    ]


@pytest.fixture
def monusco():
    """Our MONUSCO, with its acronym in English and French."""
    region = make_region(slug="drc", name="Democratic Republic of the Congo")
    return make_mission(
        region, slug="monusco", name="MONUSCO", acronym_en="MONUSCO", acronym_fr="MONUSCO"
    )


def test_the_extract_is_imported_with_its_figures_as_given_and_an_empty_one_left_empty(monusco):
    run(EXTRACT)
    assert stored() == [
        ("2014-08-31", "MINUSTAH", "Individual Police", 67, 17, 84, None),
        ("2015-01-31", "MINUSTAH", "Individual Police", 63, 17, 80, None),
        ("2015-01-31", "UNMIK", "Individual Police", 1, 0, 1, None),
        ("2018-06-30", "", "Individual Police", 15, 7, 22, None),
        ("2019-10-31", "Monusco", "Individual Police", 8, 2, None, "monusco"),
        ("2023-09-30", "", "Individual Police", None, None, 20, None),
        ("2025-07-31", "UNMIK", "Individual Police", 1, 0, 1, None),
    ]


def test_an_extract_row_is_sourced_to_ipi_before_2015_and_to_the_un_reports_from_2015():
    run(EXTRACT)
    sources = dict(UNContribution.objects.values_list("month", "source").distinct())
    assert sources[datetime.date(2014, 8, 31)] == IPI_SOURCE
    assert set(sources.values()) - {IPI_SOURCE} == {UN_REPORTS_SOURCE}
    assert "GNU GPL v2" in IPI_SOURCE and "none is stated" in UN_REPORTS_SOURCE


def test_the_data_hub_file_gives_the_contributors_police_rows_with_no_total(monusco):
    output = run(DATA_HUB)
    assert stored() == [
        ("2023-01-31", "MONUSCO", "Individual Police", 11, 10, None, "monusco"),
        ("2023-01-31", "UNFICYP", "Formed Police Units", 0, None, None, None),
        ("2023-01-31", "UNMIK", "Individual Police", 1, 0, None, None),
    ]
    assert set(UNContribution.objects.values_list("source", flat=True)) == {DATA_HUB_SOURCE}
    assert "Left out: 3 row(s) of other countries or personnel types." in output


def test_the_data_hub_contributor_is_a_setting_and_only_its_rows_are_checked(settings):
    settings.UN_CONTRIBUTOR = "FRA"
    error = run(DATA_HUB)
    assert error.endswith('Line 7: "not given" is not a whole number.')
    assert not UNContribution.objects.exists()


def test_a_data_hub_date_at_midnight_is_read_as_its_day(tmp_path):
    header = (
        "isocode3,mission_acronym,personnel_type,male_personnel,female_personnel,"
        "last_reporting_date"
    )
    run(write(tmp_path, "CAN,UNMIK,Individual Police,1,0,2023-01-31T00:00:00", header=header))
    assert stored() == [("2023-01-31", "UNMIK", "Individual Police", 1, 0, None, None)]


def test_an_acronym_matches_our_missions_french_acronym_in_any_case(tmp_path):
    region = make_region(slug="mali", name="Mali")
    make_mission(region, slug="minusma", name="MINUSMA", acronym_en="", acronym_fr="MINUSMA")
    run(write(tmp_path, "2019-09-30,minusma,Individual Police,8,4,12"))
    assert UNContribution.objects.get().mission.slug == "minusma"


def test_unmatched_acronyms_are_stored_without_a_mission_and_listed(monusco):
    output = run(EXTRACT)
    assert list(UNContribution.objects.unmatched().values_list("acronym", flat=True)) == [
        "MINUSTAH",
        "MINUSTAH",
        "UNMIK",
        "UNMIK",
    ]
    assert "Not on the RCMP page: MINUSTAH (2 rows), UNMIK (2 rows)." in output


def test_rows_with_no_mission_are_canadas_national_series():
    output = run(EXTRACT)
    assert list(UNContribution.objects.national().values_list("month", "total")) == [
        (datetime.date(2018, 6, 30), 22),
        (datetime.date(2023, 9, 30), 20),
    ]
    assert "Canada's totals with no split by mission: 2 row(s)." in output


def test_importing_the_same_file_again_changes_nothing_and_says_so(monusco):
    assert "7 UN figure(s) created, 0 changed, 0 left as they are." in run(EXTRACT)
    before = list(UNContribution.objects.values_list("pk", "modified"))
    output = run(EXTRACT)
    assert output.startswith(
        "Nothing to change: the 7 rows of un_extract.csv are already imported."
    )
    assert list(UNContribution.objects.values_list("pk", "modified")) == before


def test_a_month_imported_again_with_other_figures_is_changed_and_listed(tmp_path):
    run(write(tmp_path, "2015-01-31,UNMIK,Individual Police,1,0,1"))
    output = run(write(tmp_path, "2015-01-31,UNMIK,Individual Police,2,0,2"))
    assert "0 UN figure(s) created, 1 changed, 0 left as they are." in output
    assert "Changed UNMIK, 2015-01-31 (Individual Police): male 1 → 2, total 1 → 2." in output
    assert stored() == [("2015-01-31", "UNMIK", "Individual Police", 2, 0, 2, None)]


def test_a_month_the_data_hub_gives_again_takes_its_source_and_its_empty_total(monusco, tmp_path):
    run(write(tmp_path, "2023-01-31,MONUSCO,Individual Police,11,10,21"))
    output = run(DATA_HUB)
    assert "Changed MONUSCO, 2023-01-31 (Individual Police): total 21 → —, source." in output
    record = UNContribution.objects.get(acronym="MONUSCO")
    assert (record.total, record.source) == (None, DATA_HUB_SOURCE)


def test_a_mission_given_its_acronym_later_is_matched_by_importing_again(tmp_path):
    path = write(tmp_path, "2023-01-31,MONUSCO,Individual Police,11,10,21")
    run(path)
    region = make_region(slug="drc", name="Democratic Republic of the Congo")
    make_mission(region, slug="monusco", name="MONUSCO", acronym_en="MONUSCO")
    assert "Changed MONUSCO, 2023-01-31 (Individual Police): mission — → monusco." in run(path)
    assert UNContribution.objects.get().mission.slug == "monusco"


def test_a_dry_run_says_what_would_be_created_and_writes_nothing():
    output = run(EXTRACT, "--dry-run")
    assert output.startswith(
        "Dry run, nothing was written. 7 UN figure(s) would be created, 0 changed, "
        "0 left as they are.\n"
        "Would create MINUSTAH, 2014-08-31 (Individual Police): male 67, female 17, total 84.\n"
    )
    assert "Would create Canada, all missions, 2023-09-30 (Individual Police): " in output
    assert "male —, female —, total 20." in output
    assert not UNContribution.objects.exists()


def test_a_dry_run_lists_what_would_change(tmp_path):
    run(write(tmp_path, "2015-01-31,UNMIK,Individual Police,1,0,1"))
    output = run(write(tmp_path, "2015-01-31,UNMIK,Individual Police,1,1,2"), "--dry-run")
    assert (
        "Would change UNMIK, 2015-01-31 (Individual Police): female 0 → 1, total 1 → 2." in output
    )
    assert stored() == [("2015-01-31", "UNMIK", "Individual Police", 1, 0, 1, None)]


@pytest.mark.parametrize(
    ("row", "refusal"),
    [
        (
            "2015-02-30,UNMIK,Individual Police,1,0,1",
            'Line 3: "2015-02-30" is not a date (YYYY-MM-DD).',
        ),
        (
            "2015-02-28,UNMIK,Individual Police,-1,0,1",
            "Line 3: -1 is negative: a figure is 0 or more.",
        ),
        ("2015-02-28,UNMIK,Individual Police,1,0,1.5", 'Line 3: "1.5" is not a whole number.'),
        ("2015-02-28,UNMIK,Individual Police,one,0,1", 'Line 3: "one" is not a whole number.'),
        (
            "2015-02-28,UNMIK,Police,1,0,1",
            'Line 3: "Police" is not a personnel type: use one of Individual Police, '
            "Formed Police Units, Experts on Mission, Staff Officer, Troops.",
        ),
        (
            "2015-02-28,UNMIK,Individual Police,,,",
            "Line 3: the row gives no figure: give the male, female or total.",
        ),
        ("2015-02-28,UNMIK,Individual Police,1,0", "Line 3 has 5 values; the header has 6."),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_line_and_reason(tmp_path, row, refusal):
    run(write(tmp_path, "2015-01-31,UNMIK,Individual Police,1,0,1"))
    error = run(write(tmp_path, "2015-01-31,UNMIK,Individual Police,5,5,10", row))
    assert error.splitlines() == [f"{tmp_path / 'un.csv'}: nothing was imported.", refusal]
    assert stored() == [("2015-01-31", "UNMIK", "Individual Police", 1, 0, 1, None)]


def test_every_bad_row_is_listed(tmp_path):
    error = run(
        write(tmp_path, "2015-13-31,UNMIK,Individual Police,1,0,1", "2015-01-31,X,Troops,1,0,1")
    )
    assert error.splitlines()[1:] == [
        'Line 2: "2015-13-31" is not a date (YYYY-MM-DD).',
        'Line 3: "Troops" is not a police personnel type: this file holds police only.',
    ]


def test_a_file_missing_columns_is_refused_naming_them(tmp_path):
    error = run(write(tmp_path, "2015-01-31,UNMIK,1", header="date,mission_acronym,total"))
    assert error.endswith("Line 1: the header lacks the column(s) personnel_type, male, female.")
    header = "contributing_country,isocode3,mission_acronym,personnel_type,last_reporting_date"
    error = run(write(tmp_path, "Canada,CAN,UNMIK,Individual Police,2023-01-31", header=header))
    assert error.endswith(
        "Line 1: the header lacks the column(s) male_personnel, female_personnel."
    )
    assert not UNContribution.objects.exists()


def test_the_same_month_twice_with_other_figures_is_refused_and_the_same_twice_is_one_row(
    tmp_path,
):
    row = "2014-03-31,MINUSTAH,Individual Police,70,15,85"
    run(write(tmp_path, row, row))
    assert len(stored()) == 1
    error = run(write(tmp_path, row, "2014-03-31,MINUSTAH,Individual Police,70,16,86"))
    assert error.endswith(
        "Line 3: the same month, mission and personnel type as line 2, with other figures."
    )


def test_a_row_of_zeros_beside_figures_for_the_same_month_is_left_out_and_said(tmp_path):
    # As the UN's report of 2015-05-31 prints MINUSTAH's Individual Police for Canada.
    output = run(
        write(
            tmp_path,
            "2015-05-31,MINUSTAH,Individual Police,0,0,0",
            "2015-05-31,MINUSTAH,Individual Police,68,18,86",
        )
    )
    assert stored() == [("2015-05-31", "MINUSTAH", "Individual Police", 68, 18, 86, None)]
    assert (
        "Left out line 2, MINUSTAH, 2015-05-31 (Individual Police): male 0, female 0, total 0: "
        "every figure is 0, and line 3 gives figures for the same month, mission and "
        "personnel type."
    ) in output


def test_an_acronym_two_of_our_missions_share_is_refused(tmp_path):
    region = make_region(slug="haiti", name="Haiti")
    make_mission(region, slug="minustah", name="MINUSTAH", acronym_en="MINUSTAH")
    make_mission(region, slug="minustah-2", name="MINUSTAH 2", acronym_fr="minustah")
    error = run(write(tmp_path, "2014-08-31,MINUSTAH,Individual Police,67,17,84"))
    assert error.endswith(
        "MINUSTAH is the acronym of several missions (minustah, minustah-2): give it to one only."
    )
    assert not UNContribution.objects.exists()


def test_a_missing_file_is_refused_with_its_name(tmp_path):
    assert run(tmp_path / "none.csv") == f"{tmp_path / 'none.csv'}: No such file or directory."


def test_the_report_and_the_refusals_are_in_french(monusco):
    # Fails until the lead adds this module's msgids to locale/fr/LC_MESSAGES/django.po.
    with translation.override("fr"), EXTRACT.open(encoding="utf-8") as lines:
        report = import_un_contributions(lines, dry_run=True)
        text = "\n".join(report.lines("un_extract.csv", dry_run=True))
        with pytest.raises(UNImportError) as refused:
            import_un_contributions([EXTRACT_HEADER, "2015-02-30,UNMIK,Individual Police,1,0,1"])
    assert (
        "Ne figurent pas sur la page de la GRC\u00a0: MINUSTAH (2 lignes), UNMIK (2 lignes)."
        in (text)
    )
    assert refused.value.problems == [
        "Ligne 2\u00a0: «\u00a02015-02-30\u00a0» n'est pas une date (AAAA-MM-JJ)."
    ]


def test_imported_figures_are_public_once_published(monusco):
    run(EXTRACT)
    assert not PublishedUNFigure.objects.exists()
    publish_working_copy()
    assert list(
        PublishedUNFigure.objects.filter(mission="monusco").values_list("month", "total")
    ) == [(datetime.date(2019, 10, 31), None)]
    assert PublishedUNFigure.objects.count() == 7


def test_the_real_extract_imports_its_421_rows_but_the_sources_own_row_of_zeros(
    monusco, django_assert_max_num_queries
):
    output = run(REAL_EXTRACT)
    rows = UNContribution.objects.all()
    assert rows.count() == 420  # of 421: the source's own MINUSTAH 0, 0, 0 of 2015-05-31
    assert "Left out line 192, MINUSTAH, 2015-05-31 (Individual Police): male 0" in output
    assert Counter(rows.values_list("source", flat=True)) == {
        IPI_SOURCE: 187,
        UN_REPORTS_SOURCE: 233,
    }
    assert rows.national().count() == 19
    assert rows.of_mission(monusco).count() == 79
    assert rows.filter(total__isnull=True).count() == 2
    assert "420 UN figure(s) created" in output
    assert "UNMIK (30 rows)" in output and "MONUSCO" not in output
    with django_assert_max_num_queries(5):  # not one for each row
        assert run(REAL_EXTRACT).startswith("Nothing to change: the 420 rows")
    publish_working_copy()
    assert PublishedUNFigure.objects.filter(mission="monusco").count() == 79
    assert PublishedUNFigure.objects.count() == 420
