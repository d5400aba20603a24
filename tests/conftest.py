import io

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English, whatever language an earlier request switched to."""
    translation.activate("en")


@pytest.fixture
def seeded(db):
    """The database with the content of both seed pages loaded."""
    call_command("seed_content", stdout=io.StringIO())
