import io

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture
def seeded(db):
    """The database with the content of both seed pages loaded."""
    call_command("seed_content", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request to a /fr/ page leaves French active in the test thread: reset it."""
    yield
    translation.deactivate()
