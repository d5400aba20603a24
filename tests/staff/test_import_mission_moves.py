"""A mission import may not do what the mission form forbids an Editor: move a published
mission into a draft region, which would take it off the public site."""

import pytest

from missions.models import Mission

from ..helpers.records import make_region
from ..helpers.spreadsheets import confirm, upload

pytestmark = pytest.mark.django_db

REFUSED = {
    "en": "“Haiti” is a draft region: moving this published mission there would take it off "
    "the public site.",
    "fr": "« Haiti FR » est une région à l'état d'ébauche\u00a0: y déplacer cette mission "
    "publiée la retirerait du site public. Seul un éditeur responsable de la publication "
    "peut le faire\u00a0; vous pouvez aussi lui demander de publier d'abord la région.",
}


@pytest.fixture
def haiti(ukraine_and_caribbean):
    """A draft region, not on the public site."""
    return make_region(slug="haiti", name="Haiti", position=3, published=False)


def move(client, mission, region, language="en"):
    """The preview of an import that moves `mission` into `region`."""
    content = f"slug,region,version\n{mission.slug},{region.slug},{mission.version}\n"
    return upload(client, content.encode(), model="mission", language=language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_editor_cannot_move_a_published_mission_into_a_draft_region_by_import(
    ukraine_and_caribbean, haiti, editor, language
):
    binuh = ukraine_and_caribbean[3]
    preview = move(editor, binuh, haiti, language)

    assert "confirm_form" not in preview.context
    [row] = preview.context["file_table"]["rows"]
    region = preview.context["result"].diff_headers.index("region")
    assert (row["where"], row["invalid"]) == ("2", True)
    assert REFUSED[language] in row["cells"][region][1][0]
    assert REFUSED[language] in preview.content.decode().replace("&#x27;", "'")
    binuh.refresh_from_db()
    assert (binuh.region.slug, binuh.published) == ("caribbean-region", True)


def test_a_publisher_can_move_a_published_mission_into_a_draft_region_by_import(
    ukraine_and_caribbean, haiti, publisher
):
    binuh = ukraine_and_caribbean[3]
    preview = move(publisher, binuh, haiti)
    assert preview.context["confirm_form"] is not None
    confirm(publisher, preview, model="mission")
    assert Mission.objects.get(slug="binuh").region == haiti


def test_an_editor_can_move_a_published_mission_into_a_published_region_by_import(
    ukraine_and_caribbean, editor
):
    ukraine, binuh = ukraine_and_caribbean[0], ukraine_and_caribbean[3]
    preview = move(editor, binuh, ukraine)
    assert preview.context["confirm_form"] is not None
    confirm(editor, preview, model="mission")
    assert Mission.objects.get(slug="binuh").region == ukraine


def test_an_editor_can_move_a_draft_mission_into_a_draft_region_by_import(
    ukraine_and_caribbean, haiti, editor
):
    binuh = ukraine_and_caribbean[3]
    Mission.objects.filter(pk=binuh.pk).update(published=False)
    binuh.refresh_from_db()
    preview = move(editor, binuh, haiti)
    assert preview.context["confirm_form"] is not None
    confirm(editor, preview, model="mission")
    assert Mission.objects.get(slug="binuh").region == haiti
