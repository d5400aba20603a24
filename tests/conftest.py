import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from missions.pagecache import middleware, store


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request to a /fr/ page leaves French active in the
    test thread."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages, in the cache nor in this process's copies:
    the database is rolled back between tests without the signals that clear them; and the
    cache not skipped after a failure."""
    cache.clear()
    store.local.forget()
    store.breaker.closed_at = 0
    store.clear_pending = False
    middleware.visitors_handler.cache_clear()  # its middleware read the settings of its test


@pytest.fixture(autouse=True)
def axes_off(settings):
    """django-axes needs the request in authenticate(), which Client.login() does not pass.
    The tests of sign-in protection turn it back on."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def downloads_storage(settings, tmp_path):
    """The files built at publish time go to the test's own directory."""
    location = tmp_path / "downloads"
    settings.STORAGES = {
        **settings.STORAGES,
        "downloads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


@pytest.fixture
def seeded(db):
    """The database with the content of both seed pages loaded."""
    call_command("seed_content", stdout=io.StringIO())


@pytest.fixture
def published_seed(seeded):
    """The seed content, published as an edition."""
    from .helpers import publish_working_copy

    return publish_working_copy()


@pytest.fixture
def thousand_editions(db):
    """1,000 small editions, one a day from 2000, of a region "r" with a mission "m" whose
    authorized figure changes every tenth edition; stored quickly, as bulk_create does,
    with their index."""
    import copy
    import datetime

    from missions.editions.building import build_document
    from missions.models.editions import Edition, content_hash
    from missions.models.published import Appearance, appearances

    from .helpers import make_mission, make_region

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
