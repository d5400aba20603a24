"""The figures between the working copy and the published copy: what the review lists and
what publishing writes, from the same comparison.

The working copy's ready figures (DeploymentSnapshot.objects.published()) are compared with
the published copy (PublishedFigure), by the figure's id: a figure the public lacks is added,
one it has with other values is corrected, one no longer ready is removed. The database
does the comparison and returns only the differences, a batch at a time, so memory stays
flat however many figures a site has.
"""

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
class Difference:
    """One figure that publishing would add (no `before`), correct, or remove (no `after`),
    by the id of its record. A series of figures subclasses it with its own `values`."""

    id: int
    before: tuple | None  # as the public has it (a NamedTuple of `values`)
    after: tuple | None  # as publishing would make it

    values = None  # the NamedTuple of a figure's values in this series
    series = ""  # starts its fingerprint, so two series' differences never read alike

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
        return f"{self.series}{self.id}|{self.before}|{self.after}\n".encode()


class FigureDiff(Difference):
    values = Values


def difference_batches(diff_type, changed, removed, key):
    """Lists of `diff_type`, at most BATCH long: the `changed` rows (the working copy's,
    values_list of the pk then diff_type.values, by pk) with their published values, then
    the `removed` ones (the published copy's, values_list of `key` then the values, by
    `key`). Each batch is asked for afresh after the last one, so publishing may write a
    batch before the next is read; memory holds one batch at a time."""
    values = diff_type.values
    published = removed.model.objects
    last = 0
    while rows := list(changed.filter(pk__gt=last)[:BATCH]):
        last = rows[-1][0]
        before = {
            pk: values(*found)
            for pk, *found in published.filter(
                **{f"{key}__in": [row[0] for row in rows]}
            ).values_list(key, *values._fields)
        }
        batch = [diff_type(pk, before.get(pk), values(*found)) for pk, *found in rows]
        del rows, before
        yield batch
        del batch
    last = -1
    while rows := list(removed.filter(**{f"{key}__gt": last})[:BATCH]):
        last = rows[-1][0]
        batch = [diff_type(pk, values(*found), None) for pk, *found in rows]
        del rows
        yield batch
        del batch


def publish_differences(batches, model, key, edition, hasher=None, record=None):
    """Write each difference of `batches` to its published copy `model`, as `edition`
    publishes it
    (an upsert, then the removed ones last: their batches are read from that copy), with
    `record(batch)` first if given; with `hasher`, each is also hashed into it, in the
    order the review hashed them. Returns how many there were."""
    count, removed = 0, []
    for batch in batches:
        if record is not None:
            record(batch)
        current = [diff for diff in batch if diff.after is not None]
        model.objects.bulk_create(
            [model(**{key: diff.id}, edition=edition, **diff.after._asdict()) for diff in current],
            update_conflicts=True,
            unique_fields=[key],
            update_fields=[*type(batch[0]).values._fields, "edition"],
        )
        removed += [diff.id for diff in batch if diff.after is None]
        if hasher is not None:
            for diff in batch:
                hasher.update(diff.fingerprint())
        count += len(batch)
        del batch, current
    for start in range(0, len(removed), BATCH):
        model.objects.filter(**{f"{key}__in": removed[start : start + BATCH]}).delete()
    return count


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
    return (
        DeploymentSnapshot.objects.published()
        .filter(~Exists(same))
        .annotate(mission_slug=Coalesce("mission__slug", Value("")))
        .order_by("pk")
    )


def _removed_figures():
    """The published figures whose record is no longer ready (deleted, or taken off)."""
    ready = DeploymentSnapshot.objects.published().filter(pk=OuterRef("snapshot_id"))
    return PublishedFigure.objects.filter(~Exists(ready)).order_by("snapshot_id")


def figure_diff_batches():
    """Lists of FigureDiff, at most BATCH long: added and corrected figures by id, then
    removed ones by id (difference_batches())."""
    return difference_batches(
        FigureDiff,
        _changed_figures().values_list(
            "pk", "region__slug", "mission_slug", "as_of", "authorized", "deployed", "source"
        ),
        _removed_figures().values_list("snapshot_id", *Values._fields),
        "snapshot_id",
    )


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
    return publish_differences(
        figure_diff_batches(),
        PublishedFigure,
        "snapshot_id",
        edition,
        hasher,
        record=lambda batch: FigureChange.objects.bulk_create(
            _change(diff, edition) for diff in batch
        ),
    )


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
        snapshot_id=diff.id,
        kind=diff.kind,
        region=shown.region,
        mission=shown.mission,
        as_of=shown.as_of,
        authorized_before=before.authorized if before else None,
        deployed_before=before.deployed if before else None,
        authorized_after=after.authorized if after else None,
        deployed_after=after.deployed if after else None,
    )
