"""A feedback report says something: the database refuses an empty one."""

import pytest
from django.db import IntegrityError

from missions.models.feedback import Feedback

from ..helpers.pages import CURRENT as URL

pytestmark = pytest.mark.django_db


def test_a_report_must_say_something_in_the_database_too():
    with pytest.raises(IntegrityError):
        Feedback.objects.create(path=URL, language="en")


def test_a_report_with_only_details_is_allowed_by_the_database():
    Feedback.objects.create(path=URL, language="en", details="Typo in the title")
    assert Feedback.objects.count() == 1
