"""The data package, the data dictionary, the licence and the citation of the downloads;
every download checked against the package with the frictionless library."""

import collections
import csv
import io
import json

import frictionless
import pytest
from django.utils import translation

from missions.models import DeploymentSnapshot, Mission, Precision, Region, Status
from missions.opendata import tables

from ..helpers.editions import publish_working_copy
from ..helpers.pages import DATA
from ..helpers.records import DAY, generate_load_data, make_mission, make_region, make_snapshot

pytestmark = pytest.mark.django_db

LICENCE_EN = "https://open.canada.ca/en/open-government-licence-canada"
LICENCE_FR = "https://ouvert.canada.ca/fr/licence-du-gouvernement-ouvert-canada"


def body(response):
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def save_package(client, language, folder):
    """datapackage.json and every file it names, saved side by side as an analyst would."""
    folder.mkdir()
    package = json.loads(body(client.get(f"{DATA[language]}datapackage.json")))
    (folder / "datapackage.json").write_text(json.dumps(package))
    for resource in package["resources"]:
        (folder / resource["path"]).write_bytes(
            body(client.get(f"{DATA[language]}{resource['path']}"))
        )
    # frictionless reads the columns of a JSON file from its first row: an empty one (the
    # UN's series before its first import) is checked through its CSV alone.
    package["resources"] = [
        r
        for r in package["resources"]
        if r["format"] != "json" or json.loads((folder / r["path"]).read_text())["data"]
    ]
    return package


def validate(folder, package):
    """frictionless's report on the package."""
    (folder / "check.json").write_text(json.dumps(package))
    report = frictionless.validate(str(folder / "check.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    return report


def validate_figures(folder, package, name):
    """frictionless's report on a region's or a mission's download, with the schema of all
    the figures (whose foreign keys the check of the package covers)."""
    [descriptor] = [
        r
        for r in package["resources"]
        if r["path"] == tables.file_name(tables.FIGURES, name.rsplit(".", 1)[1])
    ]
    descriptor = {**descriptor, "path": name, "schema": {**descriptor["schema"], "foreignKeys": []}}
    resource = frictionless.Resource.from_descriptor(descriptor, basepath=str(folder))
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def check_every_download(client, tmp_path, regions, missions):
    for language in ("en", "fr"):
        folder = tmp_path / language
        package = save_package(client, language, folder)
        report = validate(folder, package)
        # An empty file's task has no row count.
        rows = {task.name: task.stats.get("rows", 0) for task in report.tasks}
        assert rows["figures"] == rows["figures-json"] == DeploymentSnapshot.objects.count()
        assert rows["missions"] == rows["missions-json"] == Mission.objects.count()
        assert rows["regions"] == rows["regions-json"] == Region.objects.count()
        for scope, slugs in (("regions", regions), ("missions", missions)):
            for slug in slugs:
                for format in ("csv", "json"):
                    name = f"{scope}-{slug}.{format}"
                    url = f"/{language}/{scope}/{slug}/snapshots.{format}"
                    (folder / name).write_bytes(body(client.get(url)))
                    # frictionless reads the columns of a JSON file from its first row.
                    if format == "csv" or json.loads((folder / name).read_text())["data"]:
                        validate_figures(folder, package, name)


@pytest.mark.slow
def test_every_download_of_the_seed_content_matches_the_data_package(seeded, client, tmp_path):
    check_every_download(
        client,
        tmp_path,
        regions=Region.objects.values_list("slug", flat=True),
        missions=Mission.objects.values_list("slug", flat=True),
    )


@pytest.mark.slow
def test_every_download_of_generated_data_matches_the_data_package(seeded, client, tmp_path):
    generate_load_data(3, 3, 4)
    check_every_download(
        client,
        tmp_path,
        regions=["load-region-0001"],
        missions=list(
            Mission.objects.filter(slug__startswith="load-").values_list("slug", flat=True)[:2]
        ),
    )


def test_a_broken_file_fails_the_package_check(seeded, client, tmp_path):
    """The check above can fail: a row with an unknown level is caught."""
    folder = tmp_path / "en"
    package = save_package(client, "en", folder)
    header, first, *rest = (folder / "snapshots.csv").read_text().split("\n")
    first = first.replace(",region,", ",country,", 1)
    (folder / "broken.csv").write_text("\n".join([header, first, *rest]))
    (folder / "check.json").write_text(
        json.dumps(
            {
                **package,
                "resources": [
                    {**r, "path": "broken.csv"} if r["name"] == "figures" else r
                    for r in package["resources"]
                ],
            }
        )
    )
    report = frictionless.validate(str(folder / "check.json"))
    assert not report.valid
    assert "constraint-error" in {error.type for error in report.tasks[0].errors}


def test_summing_by_level_and_date_never_counts_a_figure_twice(client):
    """Ukraine's region-level cap (30) and its mission's own figure (30) on the same day:
    an analyst who sums by level and date gets 30 and 30, never 60."""
    ukraine = make_region()
    make_snapshot(ukraine, authorized=30)
    make_snapshot(ukraine, make_mission(ukraine), authorized=30)
    other = make_region(slug="haiti", name="Haiti", position=2)
    make_snapshot(other, make_mission(other, slug="binuh"), authorized=5)
    make_snapshot(other, make_mission(other, slug="police"), authorized=7)
    publish_working_copy()
    text = body(client.get("/en/data/snapshots.csv")).decode()
    totals = collections.Counter()
    for row in csv.DictReader(io.StringIO(text, newline="")):
        totals[(row["region_slug"], row["level"], row["as_of"])] += int(row["authorized"])
    day = DAY.isoformat()
    assert totals == {
        ("ukraine", "region", day): 30,
        ("ukraine", "mission", day): 30,
        ("haiti", "mission", day): 12,
    }


def test_the_package_is_built_from_the_models_in_both_languages(client):
    package = json.loads(body(client.get("/fr/donnees/datapackage.json")))
    assert package["name"] == "rcmp-current-peace-operations"
    assert package["profile"] == "tabular-data-package"
    assert package["language"] == "fr"
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == [
        "figures",
        "figures-json",
        "regions",
        "regions-json",
        "missions",
        "missions-json",
        "un-contributions",
        "un-contributions-json",
    ]
    figures = resources["figures"]["schema"]
    fields = {f["name"]: f for f in figures["fields"]}
    assert [f["name"] for f in figures["fields"]] == tables.FIGURES.column_names
    assert figures["primaryKey"] == ["figure_id"]
    assert figures["missingValues"] == [""]
    assert {
        "fields": ["mission_id"],
        "reference": {"resource": "missions", "fields": ["mission_id"]},
    } in figures["foreignKeys"]
    assert fields["as_of"]["type"] == "date"
    assert fields["as_of_precision"]["constraints"]["enum"] == Precision.values
    assert fields["status"]["constraints"] == {"enum": Status.values}
    assert fields["level"]["constraints"] == {"required": True, "enum": ["region", "mission"]}
    assert fields["authorized"]["constraints"] == {"minimum": 0}
    assert fields["authorized"]["type"] == "integer"
    assert (
        fields["region_slug"]["constraints"]["maxLength"]
        == Region._meta.get_field("slug").max_length
    )
    # Titles are the models' field names, in the language of the URL and in both.
    with translation.override("fr"):
        title = str(DeploymentSnapshot._meta.get_field("authorized").verbose_name)
    assert (
        fields["authorized"]["title"]
        == title
        == fields["authorized"]["translations"]["fr"]["title"]
    )
    assert fields["authorized"]["translations"]["en"]["title"] == "authorized"
    assert "Never add" in resources["figures"]["translations"]["en"]["description"]
    assert (
        resources["figures"]["description"]
        == resources["figures"]["translations"]["fr"]["description"]
    )
    assert fields["level"]["description"] != fields["level"]["translations"]["en"]["description"]


def test_every_file_and_the_package_name_the_licence(seeded, client):
    for language, path in (("en", LICENCE_EN), ("fr", LICENCE_FR)):
        package = json.loads(body(client.get(f"{DATA[language]}datapackage.json")))
        assert package["licenses"][0]["name"] == "OGL-Canada-2.0"
        assert package["licenses"][0]["path"] == path
        for resource in package["resources"]:
            if resource["name"].startswith("un-"):
                continue  # the UN's series keeps its sources' terms (test_un_downloads.py)
            assert resource["licenses"] == package["licenses"]
            response = client.get(f"{DATA[language]}{resource['path']}")
            content = body(response)  # read to the end, as a download is
            assert f'<{path}>; rel="license"' in response["Link"]
            assert f'{DATA[language]}datapackage.json>; rel="describedby"' in response["Link"]
            if resource["format"] == "json":
                document = json.loads(content)
                assert document["licence"] == package["licenses"][0]
                assert response.wsgi_request.build_absolute_uri() in document["citation"]
    for url in ("/en/missions/binuh/snapshots.csv", "/fr/regions/haiti/snapshots.json"):
        response = client.get(url)
        body(response)  # read to the end, as a download is
        assert 'rel="license"' in response["Link"]


def test_the_download_page_names_the_licence_gives_a_citation_and_the_dictionary(seeded, client):
    for url, words in (
        (
            "/en/data/",
            ("Open Government Licence – Canada", "Cite this", "Royal Canadian Mounted Police."),
        ),
        (
            "/fr/donnees/",
            ("Licence du gouvernement ouvert – Canada", "Citer", "Gendarmerie royale du Canada."),
        ),
    ):
        html = body(client.get(url)).decode()
        for word in words:
            assert word in html, (url, word)
        assert "/regions/&lt;<code>region_slug</code>&gt;/" in html  # in a description
        language = url[1:3]
        package = json.loads(body(client.get(f"{DATA[language]}datapackage.json")))
        for resource in package["resources"]:
            assert f'href="{DATA[language]}{resource["path"]}"' in html
            for field in resource["schema"]["fields"]:
                assert f"<code>{field['name']}</code>" in html
                # The page marks the column names in it as code.
                description = escape(field["description"])
                assert description in html.replace("<code>", "").replace("</code>", "")
        assert f'href="{DATA[language]}datapackage.json"' in html


def escape(text):
    from django.utils.html import escape as html_escape

    return html_escape(text)
