"""The UN's own monthly figures in the downloads, the data package and the API: a resource
of their own, read from the published copy only, with each source's terms."""

import csv
import datetime
import io
import json
from html import unescape

import frictionless
import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missions.models import Mission
from missions.models.published import PublishedUNFigure
from missions.opendata import tables
from missions.opendata.files import build_files, stored_name

from ..helpers.pages import DATA

pytestmark = pytest.mark.django_db

IPI = "IPI Peacekeeping Database, gender file"
UN = "UN monthly report, contributions by mission, country and personnel type"
COLUMNS = [
    "contribution_id",
    "month",
    "acronym",
    "mission_id",
    "mission_slug",
    "personnel_type",
    "male",
    "female",
    "total",
    "source",
    "edition",
]


def publish_un_figure(edition, pk, month, acronym="", mission="", total=None, **values):
    """A UN figure as a publish leaves it in the published copy."""
    return PublishedUNFigure.objects.create(
        contribution_id=pk,
        month=month,
        acronym=acronym,
        mission=mission,
        personnel_type="Individual Police",
        total=total,
        source=values.pop("source", UN),
        edition=edition,
        **values,
    )


@pytest.fixture
def un_figures(published_seed):
    """MONUSCO (ours) in 2012 and 2023, UNMIK (not on the RCMP page), a month with only
    Canada's total, and one with no total printed."""
    edition = published_seed
    publish_un_figure(
        edition,
        1,
        datetime.date(2012, 6, 30),
        "MONUSCO",
        "monusco",
        3,
        male=2,
        female=1,
        source=IPI,
    )
    publish_un_figure(
        edition, 2, datetime.date(2023, 1, 31), "MONUSCO", "monusco", 21, male=11, female=10
    )
    publish_un_figure(edition, 3, datetime.date(2025, 7, 31), "UNMIK", "", 1, male=1, female=0)
    publish_un_figure(edition, 4, datetime.date(2018, 6, 30), "", "", 22, male=15, female=7)
    publish_un_figure(edition, 5, datetime.date(2019, 10, 31), "MINUSMA", "", male=8, female=4)
    return edition


def body(response):
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(client, url):
    return list(csv.DictReader(io.StringIO(body(client.get(url)).decode(), newline="")))


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content)
    return response.json()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_csv_lists_every_published_un_figure_by_month_with_our_mission(
    un_figures, client, language
):
    monusco = Mission.objects.get(slug="monusco")
    rows = csv_rows(client, f"{DATA[language]}un-contributions.csv")
    assert list(rows[0]) == COLUMNS
    assert [(r["month"], r["acronym"], r["mission_slug"]) for r in rows] == [
        ("2012-06-30", "MONUSCO", "monusco"),
        ("2018-06-30", "", ""),
        ("2019-10-31", "MINUSMA", ""),
        ("2023-01-31", "MONUSCO", "monusco"),
        ("2025-07-31", "UNMIK", ""),
    ]
    assert rows[0] == {
        "contribution_id": "1",
        "month": "2012-06-30",
        "acronym": "MONUSCO",
        "mission_id": str(monusco.pk),
        "mission_slug": "monusco",
        "personnel_type": "Individual Police",
        "male": "2",
        "female": "1",
        "total": "3",
        "source": IPI,
        "edition": str(un_figures.number),
    }
    assert rows[2]["total"] == "" and rows[4]["mission_id"] == ""


def test_the_json_has_the_same_rows_and_each_source_with_its_terms(un_figures, client):
    for language, no_licence in (("en", "No licence is stated."), ("fr", "Aucune licence")):
        document = json.loads(body(client.get(f"{DATA[language]}un-contributions.json")))
        assert "licence" not in document and "citation" not in document
        assert document["describedby"].endswith(f"{DATA[language]}datapackage.json")
        ipi, un = document["sources"]
        assert ipi["licenses"][0]["name"] == "GPL-2.0"
        assert "licenses" not in un and no_licence in un["description"]
        csv_text = csv_rows(client, f"{DATA[language]}un-contributions.csv")
        assert [str(r["contribution_id"]) for r in document["data"]] == [
            r["contribution_id"] for r in csv_text
        ]
        assert document["data"][1] == {
            "contribution_id": 4,
            "month": "2018-06-30",
            "acronym": "",
            "mission_id": None,
            "mission_slug": None,
            "personnel_type": "Individual Police",
            "male": 15,
            "female": 7,
            "total": 22,
            "source": UN,
            "edition": un_figures.number,
        }


def test_the_un_file_names_no_licence_of_ours(un_figures, client):
    response = client.get("/en/data/un-contributions.csv")
    body(response)
    assert 'rel="license"' not in response["Link"]
    assert '/en/data/datapackage.json>; rel="describedby"' in response["Link"]


def test_a_mission_not_published_gives_no_id_in_the_download(un_figures, client):
    PublishedUNFigure.objects.filter(pk=2).update(mission="not-on-the-page")
    row = csv_rows(client, "/en/data/un-contributions.csv")[3]
    assert (row["acronym"], row["mission_id"], row["mission_slug"]) == ("MONUSCO", "", "")


@pytest.mark.parametrize(
    "language,words",
    [
        ("en", ("United Nations, Department of Peace Operations", "No licence is stated.")),
        ("fr", ("Nations Unies, Département des opérations de paix", "Aucune licence")),
    ],
)
def test_the_package_lists_the_un_series_with_its_sources_and_their_terms(
    un_figures, client, language, words
):
    package = json.loads(body(client.get(f"{DATA[language]}datapackage.json")))
    resources = {r["name"]: r for r in package["resources"]}
    un = resources["un-contributions"]
    assert resources["un-contributions-json"]["path"] == "un-contributions.json"
    assert [f["name"] for f in un["schema"]["fields"]] == COLUMNS
    assert un["schema"]["primaryKey"] == ["contribution_id"]
    # Ours keep the OGL; the UN's series names its one licensed source's licence only.
    assert resources["figures"]["licenses"] == package["licenses"]
    assert package["licenses"][0]["name"] == "OGL-Canada-2.0"
    assert [licence["name"] for licence in un["licenses"]] == ["GPL-2.0"]
    assert "no separate data licence" in json.dumps(un["licenses"], ensure_ascii=False) or (
        "aucune licence" in json.dumps(un["licenses"], ensure_ascii=False).lower()
    )
    ipi, united_nations = un["sources"]
    assert "IPIDataLab/PPP_Loader" in ipi["path"] and ipi["licenses"][0]["name"] == "GPL-2.0"
    assert words[0] in united_nations["title"]
    assert words[1] in united_nations["description"] and "licenses" not in united_nations


def test_the_package_and_the_un_files_pass_frictionless(un_figures, client, tmp_path):
    for language in ("en", "fr"):
        folder = tmp_path / language
        folder.mkdir()
        package = json.loads(body(client.get(f"{DATA[language]}datapackage.json")))
        for resource in package["resources"]:
            (folder / resource["path"]).write_bytes(
                body(client.get(f"{DATA[language]}{resource['path']}"))
            )
        (folder / "datapackage.json").write_text(json.dumps(package))
        report = frictionless.validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
        rows = {task.name: task.stats["rows"] for task in report.tasks}
        assert rows["un-contributions"] == rows["un-contributions-json"] == 5


def test_a_row_with_an_unknown_personnel_type_fails_the_package_check(un_figures, client, tmp_path):
    """The check above can fail."""
    package = json.loads(body(client.get("/en/data/datapackage.json")))
    text = body(client.get("/en/data/un-contributions.csv")).decode()
    (tmp_path / "un.csv").write_text(text.replace("Individual Police", "Police", 1))
    [resource] = [r for r in package["resources"] if r["name"] == "un-contributions"]
    resource = {**resource, "path": "un.csv", "schema": {**resource["schema"], "foreignKeys": []}}
    report = frictionless.validate(
        frictionless.Resource.from_descriptor(resource, basepath=str(tmp_path))
    )
    assert not report.valid


def test_the_download_page_links_the_un_files_in_both_languages(un_figures, client):
    for url, words in (
        ("/en/data/", ("as reported by the UN (monthly)", "state no licence")),
        ("/fr/donnees/", ("selon l'ONU (mensuel)", "ne précisent aucune licence")),
    ):
        html = body(client.get(url)).decode()
        language = url[1:3]
        assert f'href="{DATA[language]}un-contributions.csv"' in html
        assert f'href="{DATA[language]}un-contributions.json"' in html
        for word in words:
            assert word in unescape(html), (url, word)


def test_the_built_files_include_the_un_series(un_figures, client):
    build_files(un_figures, "http://testserver")
    storage = storages["downloads"]
    for language in ("en", "fr"):
        for format in tables.FORMATS:
            name = stored_name(un_figures.number, language, format, False, tables.UN_CONTRIBUTIONS)
            with storage.open(name) as file:
                built = file.read()
            streamed = body(
                client.get(f"{DATA[language]}un-contributions.{format}", QUERY_STRING="stream")
            )
            if format == "csv":
                assert built == streamed
            else:  # the citation's day aside, the same document
                assert json.loads(built)["data"] == json.loads(streamed)["data"]


def test_the_api_lists_the_un_figures_with_our_mission(un_figures, client):
    monusco = Mission.objects.get(slug="monusco")
    answer = get(client, "/api/v1/un-contributions")
    assert answer["next"] is None
    assert [f["id"] for f in answer["data"]] == [1, 2, 3, 4, 5]
    assert answer["data"][0] == {
        "id": 1,
        "month": "2012-06-30",
        "acronym": "MONUSCO",
        "mission_id": monusco.pk,
        "mission": "monusco",
        "personnel_type": "Individual Police",
        "male": 2,
        "female": 1,
        "total": 3,
        "source": IPI,
        "edition": un_figures.number,
    }
    assert answer["data"][2]["mission"] is None and answer["data"][4]["total"] is None


@pytest.mark.parametrize(
    "query,expected",
    [
        ("mission=monusco", [1, 2]),
        ("acronym=UNMIK", [3]),
        ("acronym=monusco&date_from=2020-01-01", [2]),
        ("date_from=2018-06-30&date_to=2019-10-31", [4, 5]),
        ("date_to=2011-12-31", []),
    ],
)
def test_the_api_filters_un_figures(un_figures, client, query, expected):
    data = get(client, f"/api/v1/un-contributions?{query}")["data"]
    assert [f["id"] for f in data] == expected


def test_the_api_pages_un_figures_after_a_cursor(un_figures, client):
    seen, url = [], "/api/v1/un-contributions?limit=2"
    while url:
        answer = get(client, url)
        seen += [f["id"] for f in answer["data"]]
        url = answer["next"]
    assert seen == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "query,detail",
    [
        ("mission=unmik", "mission: there is no published mission “unmik”."),
        ("bogus=1", "Unknown parameter: bogus."),
        ("acronym=MON%20USCO", "acronym:"),
        ("date_from=2025-01-01&date_to=2024-01-01", "date_from: after date_to."),
        ("date_from=2025-13-01", "date_from:"),
        ("cursor=nope", "cursor: not a cursor"),
        ("mission=monusco&mission=binuh", "Give each parameter once: mission."),
    ],
)
def test_the_api_refuses_bad_un_parameters_with_a_clear_400(un_figures, client, query, detail):
    assert detail in get(client, f"/api/v1/un-contributions?{query}", status=400)["detail"]


def test_the_un_list_makes_the_same_few_queries_at_any_size(un_figures, client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            get(client, "/api/v1/un-contributions")
        return len(captured)

    few = queries()
    for pk in range(10, 60):
        publish_un_figure(un_figures, pk, datetime.date(2024, 1, 31), f"M{pk}", "monusco", 1)
    assert queries() == few <= 5


def test_the_api_document_names_the_un_operation(client):
    document = get(client, "/api/v1/openapi.json")
    operation = document["paths"]["/api/v1/un-contributions"]["get"]
    assert operation["operationId"] == "missions_api_un_contributions"
