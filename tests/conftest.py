import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request to a /fr/ page leaves French active in the
    test thread."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages: the database is rolled back between tests
    without the signals that clear them."""
    cache.clear()


@pytest.fixture(autouse=True)
def axes_off(settings):
    """django-axes needs the request in authenticate(), which Client.login() does not pass.
    The tests of sign-in protection turn it back on."""
    settings.AXES_ENABLED = False


@pytest.fixture
def seeded(db):
    """The database with the content of both seed pages loaded."""
    call_command("seed_content", stdout=io.StringIO())


@pytest.fixture
def published_seed(seeded):
    """The seed content, published as an edition."""
    from .helpers import publish_working_copy

    return publish_working_copy()
