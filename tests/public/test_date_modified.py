"""The "Date modified", shown and as dcterms.modified, on the pages built from the whole
published copy, on an edition's corrections page and on the feedback pages."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from missions.models import DeploymentSnapshot, Region
from missions.public.feedback import PAGES_MODIFIED

from ..helpers.editions import publish_working_copy

pytestmark = pytest.mark.django_db

WHOLE_COPY = [
    "/en/missions/",
    "/fr/missions/",
    "/en/regions/",
    "/fr/regions/",
    "/en/data/",
    "/fr/donnees/",
    "/en/api/",
    "/fr/api/",
    "/en/current-peace-operations/changes/",
    "/fr/missions-en-cours/modifications/",
]


def date_modified(url):
    """The date the page shows as "Date modified", checked against its dcterms.modified."""
    response = Client().get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    [shown] = re.findall(r'<gcds-date-modified>.*?<time datetime="([^"]+)">', html, re.S)
    [meta] = re.findall(r'<meta name="dcterms.modified" title="W3CDTF" content="([^"]+)">', html)
    assert meta == shown, url
    return shown


@pytest.mark.parametrize("url", WHOLE_COPY)
def test_a_page_of_the_whole_published_copy_has_the_newest_significant_editions_date(
    two_published_editions, url
):
    ukraine = Region.objects.get(slug="ukraine")
    ukraine.note_en = "New note, with its typo fixed"
    ukraine.save()
    publish_working_copy(datetime.date(2021, 3, 1), summary="Typo", significant=False)
    # The typo fix of March does not move it.
    assert date_modified(url) == "2021-02-01"


def test_an_editions_corrections_page_is_modified_when_its_newest_correction_was_published(
    two_published_editions,
):
    figure = DeploymentSnapshot.objects.get(as_of=datetime.date(2020, 1, 1))
    figure.authorized = 22
    figure.save()
    publish_working_copy(summary="Corrected figure")
    today = timezone.localdate().isoformat()
    # Edition 1 showed the corrected figure; edition 2 did not.
    assert date_modified("/en/current-peace-operations/editions/1/corrections/") == today
    assert date_modified("/fr/missions-en-cours/editions/1/corrections/") == today
    assert date_modified("/en/current-peace-operations/editions/2/corrections/") == "2021-02-01"


@pytest.mark.parametrize(
    "page,endpoint,thanks",
    [
        ("/en/current-peace-operations/", "/en/feedback/", "/en/feedback/thanks/"),
        ("/fr/missions-en-cours/", "/fr/retroaction/", "/fr/retroaction/merci/"),
    ],
)
def test_the_feedback_pages_are_modified_when_their_text_last_changed(
    haiti, page, endpoint, thanks
):
    answer = Client().post(
        endpoint, {"path": page, "helpful": "false"}, headers={"Origin": "http://testserver"}
    )
    assert date_modified(answer["Location"]) == PAGES_MODIFIED.isoformat()
    assert date_modified(f"{thanks}?page={page}") == PAGES_MODIFIED.isoformat()
