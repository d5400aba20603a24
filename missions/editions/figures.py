"""The figures between the working copy and the published copy: what the review lists and
what publishing writes, from the same comparison.

The working copy's ready figures (DeploymentSnapshot.objects.published()) are compared with
the published copy (PublishedFigure), by the figure's id: a figure the public lacks is added,
one it has with other values is corrected, one no longer ready is removed. The database
does the comparison and returns only the differences, a batch at a time, so memory stays
flat however many figures a site has.
"""

import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce

from missions.models.published import BATCH, FigureChange, PublishedFigure
from missions.models.snapshots import DeploymentSnapshot


class Values(NamedTuple):
    """A figure as one copy has it; mission is "" for a region-level figure."""

    region: str
    mission: str
    as_of: object
    authorized: int | None
    deployed: int | None
    source: str


@dataclass(frozen=True)
class FigureDiff:
    """One figure that publishing would add, correct or remove."""

    snapshot_id: int
    before: Values | None  # as the public has it
    after: Values | None  # as publishing would make it

    @property
    def kind(self):
        if self.before is None:
            return FigureChange.Kind.ADDED
        if self.after is None:
            return FigureChange.Kind.REMOVED
        return FigureChange.Kind.CORRECTED

    @property
    def shown(self):
        """The values a reader knows the figure by: as published, else as it will be."""
        return self.before or self.after

    def fingerprint(self):
        return f"{self.snapshot_id}|{self.before}|{self.after}\n".encode()


def _changed_figures():
    """The working copy's ready figures that the published copy lacks or holds with other
    values, in id order."""
    same = PublishedFigure.objects.alias(
        authorized_or_none=Coalesce("authorized", -1),
        deployed_or_none=Coalesce("deployed", -1),
    ).filter(
        snapshot_id=OuterRef("pk"),
        region=OuterRef("region__slug"),
        mission=Coalesce(OuterRef("mission__slug"), Value("")),
        as_of=OuterRef("as_of"),
        # The figures may be empty: an empty one equals only an empty one.
        authorized_or_none=Coalesce(OuterRef("authorized"), -1),
        deployed_or_none=Coalesce(OuterRef("deployed"), -1),
        source=OuterRef("source"),
    )
    return DeploymentSnapshot.objects.published().filter(~Exists(same)).order_by("pk")


def _removed_figures():
    """The published figures whose record is no longer ready (deleted, or taken off)."""
    ready = DeploymentSnapshot.objects.published().filter(pk=OuterRef("snapshot_id"))
    return PublishedFigure.objects.filter(~Exists(ready)).order_by("snapshot_id")


def _published_values(ids):
    fields = ("snapshot_id", *Values._fields)
    rows = PublishedFigure.objects.filter(snapshot_id__in=ids).values_list(*fields)
    return {pk: Values(*values) for pk, *values in rows}


def figure_diff_batches():
    """Lists of FigureDiff, at most BATCH long: added and corrected figures by id, then
    removed ones by id. Each batch is asked for afresh after the last one, so publishing
    may write a batch before the next is read."""
    changed = _changed_figures().values_list(
        "pk", "region__slug", "mission__slug", "as_of", "authorized", "deployed", "source"
    )
    last = 0
    while rows := list(changed.filter(pk__gt=last)[:BATCH]):
        last = rows[-1][0]
        published = _published_values([row[0] for row in rows])
        batch = [
            FigureDiff(pk, published.get(pk), Values(region, mission or "", *rest))
            for pk, region, mission, *rest in rows
        ]
        # Memory holds one batch at a time: none is kept while the next is read.
        del rows, published
        yield batch
        del batch
    removed = _removed_figures().values_list("snapshot_id", *Values._fields)
    last = -1
    while rows := list(removed.filter(snapshot_id__gt=last)[:BATCH]):
        last = rows[-1][0]
        batch = [FigureDiff(pk, Values(*values), None) for pk, *values in rows]
        del rows
        yield batch
        del batch


def figures_fingerprint(hasher=None):
    """(hasher, count): the figure differences hashed in order, and how many there are."""
    hasher = hasher or hashlib.sha256()
    count = 0
    for batch in figure_diff_batches():
        for diff in batch:
            hasher.update(diff.fingerprint())
        count += len(batch)
    return hasher, count


def sync_published_figures(edition, hasher=None):
    """Bring the published copy in line with the working copy's ready figures, as `edition`
    publishes them, and record each difference as a FigureChange of `edition`. Unchanged
    figures keep the edition that first published them. Returns how many figures changed;
    with `hasher`, each difference is also hashed into it, in the order the review hashed
    them."""
    if connection.vendor == "postgresql":
        # Left to itself, PostgreSQL compares a large site's figures in three processes,
        # taking every CPU from the visitors for as long; one is enough for a publish.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    count = 0
    removed = []
    for batch in figure_diff_batches():
        FigureChange.objects.bulk_create(_change(diff, edition) for diff in batch)
        current = [diff for diff in batch if diff.after is not None]
        PublishedFigure.objects.bulk_create(
            [_figure(diff.snapshot_id, diff.after, edition) for diff in current],
            update_conflicts=True,
            unique_fields=["snapshot_id"],
            update_fields=[*Values._fields, "edition"],
        )
        removed += [diff.snapshot_id for diff in batch if diff.after is None]
        if hasher is not None:
            for diff in batch:
                hasher.update(diff.fingerprint())
        count += len(batch)
        del batch, current  # before the next batch is read: memory holds one at a time
    # Removed last: the batches of removed figures are read from the published copy.
    for start in range(0, len(removed), BATCH):
        PublishedFigure.objects.filter(snapshot_id__in=removed[start : start + BATCH]).delete()
    return count


def publish_figures(snapshot_ids, edition):
    """Add figures a historical edition created to the published copy: they are what
    that archived page said. Figures already published are left alone."""
    known = set(
        PublishedFigure.objects.filter(snapshot_id__in=snapshot_ids).values_list(
            "snapshot_id", flat=True
        )
    )
    rows = (
        DeploymentSnapshot.objects.published()
        .filter(pk__in=set(snapshot_ids) - known)
        .values_list(
            "pk", "region__slug", "mission__slug", "as_of", "authorized", "deployed", "source"
        )
    )
    PublishedFigure.objects.bulk_create(
        _figure(pk, Values(region, mission or "", *rest), edition)
        for pk, region, mission, *rest in rows
    )


def _figure(pk, values, edition):
    return PublishedFigure(snapshot_id=pk, edition=edition, **values._asdict())


def _change(diff, edition):
    shown = diff.shown
    before, after = diff.before, diff.after
    return FigureChange(
        edition=edition,
        snapshot_id=diff.snapshot_id,
        kind=diff.kind,
        region=shown.region,
        mission=shown.mission,
        as_of=shown.as_of,
        authorized_before=before.authorized if before else None,
        deployed_before=before.deployed if before else None,
        authorized_after=after.authorized if after else None,
        deployed_after=after.deployed if after else None,
    )
