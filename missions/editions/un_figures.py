"""The UN's monthly figures between the working copy and the published copy: what the
review lists and what publishing writes, from the same comparison, as for our figures
(missions/editions/figures.py)."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Case, CharField, Exists, F, OuterRef, Value, When
from django.db.models.functions import Coalesce

from missions.models.published import BATCH, FigureChange, PublishedUNFigure
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


@dataclass(frozen=True)
class UNDiff:
    """One UN figure that publishing would add, correct or remove."""

    contribution_id: int
    before: UNValues | None
    after: UNValues | None

    @property
    def kind(self):
        if self.before is None:
            return FigureChange.Kind.ADDED
        if self.after is None:
            return FigureChange.Kind.REMOVED
        return FigureChange.Kind.CORRECTED

    @property
    def shown(self):
        return self.before or self.after

    def fingerprint(self):
        return f"un|{self.contribution_id}|{self.before}|{self.after}\n".encode()


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
    removed ones by id; each batch asked for afresh after the last one."""
    fields = ("month", "acronym", "mission_slug", "personnel_type", "male", "female")
    changed = _changed().values_list("pk", *fields, "total", "source")
    last = 0
    while rows := list(changed.filter(pk__gt=last)[:BATCH]):
        last = rows[-1][0]
        published = {
            pk: UNValues(*values)
            for pk, *values in PublishedUNFigure.objects.filter(
                contribution_id__in=[row[0] for row in rows]
            ).values_list("contribution_id", *UNValues._fields)
        }
        batch = [UNDiff(pk, published.get(pk), UNValues(*values)) for pk, *values in rows]
        del rows, published
        yield batch
        del batch
    removed = _removed().values_list("contribution_id", *UNValues._fields)
    last = -1
    while rows := list(removed.filter(contribution_id__gt=last)[:BATCH]):
        last = rows[-1][0]
        batch = [UNDiff(pk, UNValues(*values), None) for pk, *values in rows]
        del rows
        yield batch
        del batch


def sync_un_figures(edition, hasher=None):
    """Bring the published UN figures in line with the working copy, as `edition`
    publishes them; with `hasher`, each difference is hashed into it in the review's
    order. Returns how many changed."""
    count, removed = 0, []
    for batch in un_diff_batches():
        current = [diff for diff in batch if diff.after is not None]
        PublishedUNFigure.objects.bulk_create(
            [
                PublishedUNFigure(
                    contribution_id=diff.contribution_id, edition=edition, **diff.after._asdict()
                )
                for diff in current
            ],
            update_conflicts=True,
            unique_fields=["contribution_id"],
            update_fields=[*UNValues._fields, "edition"],
        )
        removed += [diff.contribution_id for diff in batch if diff.after is None]
        if hasher is not None:
            for diff in batch:
                hasher.update(diff.fingerprint())
        count += len(batch)
        del batch, current
    for start in range(0, len(removed), BATCH):
        PublishedUNFigure.objects.filter(
            contribution_id__in=removed[start : start + BATCH]
        ).delete()
    return count
