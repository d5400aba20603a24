"""An edition: numbered from one, dated no later than today, summarized in both languages,
and never changed or deleted once stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from missions.models.editions import Edition

from ..helpers.editions import make_edition, small_document
from ..helpers.records import DAY

pytestmark = pytest.mark.django_db


def test_an_edition_is_never_changed_or_deleted():
    edition = make_edition(1, DAY)
    edition.summary_en = "Rewritten"
    with pytest.raises(ValueError, match="never changed"):
        edition.save()
    with pytest.raises(ValueError, match="never deleted"):
        edition.delete()


@pytest.mark.parametrize(
    "numbers,accepted", [((1, 2), True), ((1, 1), False), ((0,), False)], ids=str
)
def test_edition_numbers_start_at_one_and_never_repeat(numbers, accepted):
    *earlier, last = numbers
    for number in earlier:
        make_edition(number, DAY)
    if accepted:
        assert make_edition(last, DAY).number == last
    else:
        with pytest.raises(IntegrityError):
            make_edition(last, DAY)


@pytest.mark.parametrize(("summary_fr", "valid"), [("", False), ("Résumé", True)])
def test_an_edition_needs_its_summary_in_both_languages(summary_fr, valid):
    edition = Edition(number=1, took_effect=DAY, summary_en="Summary", summary_fr=summary_fr)
    edition.document = small_document("Haiti")
    if valid:
        edition.full_clean(exclude=["content_hash"])
        edition.save()
    else:
        with pytest.raises(ValidationError, match="French"):
            edition.full_clean(exclude=["content_hash"])
        with pytest.raises(IntegrityError):
            edition.save()


def test_an_edition_cannot_take_effect_in_the_future():
    edition = Edition(number=1, took_effect=datetime.date.today() + datetime.timedelta(days=1))
    edition.summary_en = edition.summary_fr = "x"
    edition.document = small_document("Haiti")
    with pytest.raises(ValidationError, match="future"):
        edition.full_clean(exclude=["content_hash"])
