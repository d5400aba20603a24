import pytest

from ..helpers.records import DAY, make_mission, make_region, make_snapshot
from ..helpers.staff import signed_in


@pytest.fixture
def editor(db):
    """A client signed in as erin, an Editor."""
    return signed_in("Editors", "erin")


@pytest.fixture
def publisher(db):
    """A client signed in as pat, a Publisher."""
    return signed_in("Publishers", "pat")


@pytest.fixture
def mission(db):
    """A draft mission of Ukraine, with its text in both languages and one figure (10
    authorized, 5 deployed)."""
    region = make_region()
    mission = make_mission(
        region, published=False, body_en="The first body.", body_fr="Le premier texte."
    )
    make_snapshot(region, mission, authorized=10, deployed=5)
    return mission


@pytest.fixture
def ukraine_and_caribbean(db):
    """Ukraine with the EU Advisory Mission (one figure), and the Caribbean region with
    BINUH, to import into."""
    ukraine = make_region(slug="ukraine", name="Ukraine")
    euam = make_mission(
        ukraine,
        slug="euam-ukraine",
        name="EU Advisory Mission",
        acronym_en="EUAM Ukraine",
        acronym_fr="EUAM Ukraine",
    )
    caribbean = make_region(slug="caribbean-region", name="Caribbean region", position=2)
    binuh = make_mission(
        caribbean, slug="binuh", name="Integrated Office", acronym_en="BINUH", acronym_fr="BINUH"
    )
    make_snapshot(ukraine, euam, as_of=DAY, authorized=40)
    return ukraine, euam, caribbean, binuh
