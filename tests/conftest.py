import io

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The database with the content of both seed pages loaded."""
    call_command("seed_content", stdout=io.StringIO())
