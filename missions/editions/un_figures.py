"""The UN's monthly figures between the working copy and the published copy: what the
review lists and what publishing writes, from the same comparison, as for our figures
(missions/editions/figures.py)."""

from typing import NamedTuple

from django.db.models import Case, CharField, Exists, F, OuterRef, Value, When
from django.db.models.functions import Coalesce

from missions.editions.figures import Difference, difference_batches, publish_differences
from missions.models.published import PublishedUNFigure
from missions.models.un import UNContribution


class UNValues(NamedTuple):
    """A UN figure as one copy has it; mission is our mission's slug, or ""."""

    month: object
    acronym: str
    mission: str
    personnel_type: str
    male: int | None
    female: int | None
    total: int | None
    source: str


class UNDiff(Difference):
    """One UN figure that publishing would add, correct or remove."""

    values = UNValues
    series = "un|"


def _working_copy():
    """The UN rows with our mission's slug where the mission is on the site: a draft
    mission's slug is not public."""
    return UNContribution.objects.annotate(
        mission_slug=Case(
            When(mission__published=True, then=F("mission__slug")),
            default=Value(""),
            output_field=CharField(),
        )
    )


def _changed():
    same = PublishedUNFigure.objects.alias(
        male_or_none=Coalesce("male", -1),
        female_or_none=Coalesce("female", -1),
        total_or_none=Coalesce("total", -1),
    ).filter(
        contribution_id=OuterRef("pk"),
        month=OuterRef("month"),
        acronym=OuterRef("acronym"),
        mission=OuterRef("mission_slug"),
        personnel_type=OuterRef("personnel_type"),
        # An empty figure equals only an empty one.
        male_or_none=Coalesce(OuterRef("male"), -1),
        female_or_none=Coalesce(OuterRef("female"), -1),
        total_or_none=Coalesce(OuterRef("total"), -1),
        source=OuterRef("source"),
    )
    return _working_copy().filter(~Exists(same)).order_by("pk")


def _removed():
    kept = UNContribution.objects.filter(pk=OuterRef("contribution_id"))
    return PublishedUNFigure.objects.filter(~Exists(kept)).order_by("contribution_id")


def un_diff_batches():
    """Lists of UNDiff, at most BATCH long: added and corrected figures by id, then
    removed ones by id (difference_batches())."""
    fields = ("month", "acronym", "mission_slug", "personnel_type", "male", "female")
    return difference_batches(
        UNDiff,
        _changed().values_list("pk", *fields, "total", "source"),
        _removed().values_list("contribution_id", *UNValues._fields),
        "contribution_id",
    )


def sync_un_figures(edition, hasher=None):
    """Bring the published UN figures in line with the working copy, as `edition`
    publishes them; with `hasher`, each difference is hashed into it in the review's
    order. Returns how many changed."""
    return publish_differences(
        un_diff_batches(), PublishedUNFigure, "contribution_id", edition, hasher
    )
