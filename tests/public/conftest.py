import copy
import datetime

import pytest

from missions.editions.building import build_document
from missions.models.editions import Edition, content_hash
from missions.models.published import Appearance, appearances

from ..helpers.records import make_mission, make_region


@pytest.fixture
def thousand_editions(db):
    """1,000 small editions, one a day from 2000, of a region "r" with a mission "m" whose
    authorized figure changes every tenth edition; stored quickly, as bulk_create does,
    with their index."""
    region = make_region(slug="r", name="Region")
    make_mission(region, slug="m", name="Mission")
    base = build_document()
    editions = []
    for number in range(1, 1001):
        document = copy.deepcopy(base)
        figure = {
            "value": number // 10,
            "wording": {"en": str(number // 10), "fr": str(number // 10)},
            "as_of": "2000-01-01",
            "level": "mission",
        }
        document["regions"][0]["missions"][0]["figures"] = {"authorized": figure}
        editions.append(
            Edition(
                number=number,
                took_effect=datetime.date(2000, 1, 1) + datetime.timedelta(days=number),
                summary_en=f"Edition {number}.",
                summary_fr=f"Édition {number}.",
                document=document,
                content_hash=content_hash(document),
            )
        )
    editions = Edition.objects.bulk_create(editions)
    Appearance.objects.bulk_create(
        Appearance(edition=edition, **row)
        for edition in editions
        for row in appearances(edition.document)
    )
    return editions
