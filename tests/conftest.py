import datetime
import gc
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import translation

from missions.pagecache import middleware, store

from .helpers.editions import publish_working_copy, store_working_copy
from .helpers.records import DAY, make_mission, make_posting, make_region, make_snapshot


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
def quick_password_hashing(settings):
    """Passwords (admin_client's, the sign-in tests') hashed in microseconds, not a quarter
    of a second: no test is about the hash's strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
def no_page_cache(settings):
    """A cache that keeps nothing: each request costs what a page not in the cache costs."""
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {alias: dummy for alias in settings.CACHES}


class Rollback(Exception):
    """Raised to undo a transaction on purpose."""


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """Every row `manage.py seed_content` writes, serialized: made once per test process in
    a transaction then undone, and loaded again by `seeded` far quicker than seeding."""
    models = list(apps.get_app_config("missions").get_models())
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("seed_content", stdout=io.StringIO())
                rows = serializers.serialize(
                    "python", [row for model in models for row in model._base_manager.all()]
                )
                raise Rollback
        except Rollback:
            pass
    return models, rows


@pytest.fixture
def seeded(db, seed_rows):
    """The database with the content of both seed pages loaded, as seed_content leaves it."""
    models, rows = seed_rows
    with transaction.atomic():  # foreign keys checked once every row is in
        for row in serializers.deserialize("python", rows):
            row.save()
    # As loaddata does: PostgreSQL's sequences move past the ids loaded.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture
def published_seed(seeded):
    """The seed content, stored as an edition published today."""
    return store_working_copy()


@pytest.fixture
def haiti(db):
    """Haiti and its mission BINUH (10 authorized, 5 deployed), a region-level figure of
    20 and a posting, published as edition 1."""
    region = make_region(slug="haiti", name="Haiti")
    mission = make_mission(region, slug="binuh", name="BINUH", started=DAY)
    figure = make_snapshot(region, mission, authorized=10, deployed=5)
    region_figure = make_snapshot(region, authorized=20)
    make_posting(slug="icc", title="International Criminal Court")
    publish_working_copy()
    return SimpleNamespace(
        region=region, mission=mission, figure=figure, region_figure=region_figure
    )


@pytest.fixture
def two_published_editions(db):
    """Edition 1: Ukraine with a bilateral engagement (20 authorized) and a posting.
    Edition 2: the mission renamed and at 25, the region's note changed, a new region,
    the posting gone."""
    ukraine = make_region(note_en="Old note", note_fr="Ancienne note")
    mission = make_mission(ukraine, slug="bilateral", name="Bilateral")
    make_snapshot(ukraine, mission, as_of=datetime.date(2020, 1, 1), authorized=20)
    posting = make_posting()
    publish_working_copy(datetime.date(2020, 2, 1), summary="First edition")
    mission.name_en, mission.name_fr = "Bilateral engagement", "Engagement bilatéral"
    mission.save()
    make_snapshot(ukraine, mission, as_of=datetime.date(2021, 1, 1), authorized=25)
    ukraine.note_en, ukraine.note_fr = "New note", "Nouvelle note"
    ukraine.save()
    mali = make_region(slug="mali", name="Mali", name_fr="Mali", position=2)
    make_mission(mali, slug="minusma", name="MINUSMA")
    posting.published = False
    posting.save()
    publish_working_copy(datetime.date(2021, 2, 1), summary="Second edition")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """A streamed download a test did not read to its end holds a PostgreSQL cursor: it is
    closed here, within the test's own transaction, rather than by the garbage collector
    in the middle of a later test's query (which left that connection waiting for ever)."""
    gc.collect()
