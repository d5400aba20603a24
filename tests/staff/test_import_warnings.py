"""The import preview warns of the contradictions a file of figures would bring (the rules
are tested in tests/editions/test_warnings.py); a warning does not stop the import."""

import datetime
from html import unescape

import pytest

from missions.models import DeploymentSnapshot

from ..helpers.records import make_mission, make_region, make_snapshot
from ..helpers.spreadsheets import IMPORT_HEADER, confirm, upload

pytestmark = pytest.mark.django_db

ABOVE_THE_CAP = (
    "Democratic Republic of the Congo: the region's cap (25, as of 2024-03-31) is below "
    "MONUSCO's authorized figure (30, as of 2024-04-30)."
)


@pytest.fixture(autouse=True)
def congo(db):
    """The Congo with MONUSCO (since July 2010) and a cap of 25 from March 31, 2024."""
    region = make_region(
        slug="drc",
        name="Democratic Republic of the Congo",
        name_fr="République démocratique du Congo",
    )
    make_mission(
        region,
        slug="monusco",
        name="UN Organization Stabilization Mission",
        acronym_en="MONUSCO",
        acronym_fr="MONUSCO",
        started=datetime.date(2010, 7, 1),
    )
    make_snapshot(region, as_of=datetime.date(2024, 3, 31), authorized=25)


def preview(client, *rows, language="en"):
    content = "\n".join([IMPORT_HEADER, *rows]) + "\n"
    return upload(client, content.encode(), language=language)


def shown_warnings(response):
    return [str(caution) for caution in response.context["result"].warnings]


def test_the_preview_warns_of_a_figure_above_the_regions_cap(editor):
    response = preview(editor, "drc,MONUSCO,2024-04-30,30,,")

    assert shown_warnings(response) == [ABOVE_THE_CAP]
    html = response.content.decode()
    assert (
        '<section class="publish-warnings" id="warnings" aria-labelledby="warnings-heading">'
        in (html)
    )
    assert '<h2 id="warnings-heading">Warnings</h2>' in html
    assert ABOVE_THE_CAP.replace("'", "&#x27;") in html  # escaped as any text


def test_a_warning_does_not_stop_the_import(editor):
    response = preview(editor, "drc,MONUSCO,2024-04-30,30,,")

    assert response.context["confirm_form"] is not None
    confirm(editor, response)
    assert DeploymentSnapshot.objects.filter(mission__slug="monusco").count() == 1


def test_the_preview_warns_of_figures_of_the_same_file_that_contradict_each_other(editor):
    # The preview checks them once written in its transaction, then undone: each is one figure.
    response = preview(editor, "drc,,2024-05-31,10,,", "drc,MONUSCO,2024-05-31,20,,")

    assert shown_warnings(response) == [
        "Democratic Republic of the Congo: the region's cap (10, as of 2024-05-31) is below "
        "MONUSCO's authorized figure (20, as of 2024-05-31)."
    ]


def test_a_file_that_contradicts_nothing_shows_no_warnings(editor):
    response = preview(editor, "drc,MONUSCO,2024-04-30,25,20,")

    assert shown_warnings(response) == []
    assert 'id="warnings"' not in response.content.decode()


def test_a_file_with_errors_shows_its_errors_and_no_warnings(editor):
    response = preview(editor, "drc,MONUSCO,2024-04-30,30,,", "drc,,2024-05-31,5,6,")

    assert response.context["result"].has_validation_errors()
    assert shown_warnings(response) == []
    assert 'id="warnings"' not in response.content.decode()


def test_the_warnings_are_in_the_editors_language(editor):
    # Fails until the lead adds the French messages of warnings.py and warnings.html.
    html = unescape(preview(editor, "drc,MONUSCO,2024-04-30,30,,", language="fr").content.decode())

    assert '<h2 id="warnings-heading">Avertissements</h2>' in html
    assert (
        "République démocratique du Congo\u00a0: le plafond de la région (25, en date du "
        "2024-03-31) est inférieur à l'effectif autorisé de MONUSCO (30, en date du "
        "2024-04-30)."
    ) in html
