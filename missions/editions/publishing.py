"""Publishing: the working copy frozen into the next edition, and the published copy of
the figures brought in line with it in the same transaction."""

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from missions.editions.building import build_document
from missions.editions.document import missing_texts
from missions.models.editions import Edition, content_hash, next_number
from missions.models.published import BATCH, FIELDS, PublishedFigure
from missions.models.snapshots import DeploymentSnapshot


class PublishRefused(Exception):
    """Publishing was refused; the message says why and what to do."""


def publish(*, user, summary_en, summary_fr, significant, reviewed_hash, base_number):
    """Freeze the working copy into the next edition, exactly as the Publisher reviewed
    it against edition `base_number` (0 for none). Refused with PublishRefused if the working
    copy or the live edition changed since the review, or if a text is missing."""
    with transaction.atomic():
        # Publishing is one at a time: the next publisher waits here, then sees the new
        # live edition and is refused. (The first edition relies on the unique number.)
        Edition.objects.select_for_update().order_by("-number").values_list("pk").first()
        document = build_document()
        missing = missing_texts(document)
        if missing:
            raise PublishRefused(
                _("Nothing was published: %(count)s texts are missing in one language.")
                % {"count": len(missing)}
            )
        live = Edition.objects.live()
        if (live.number if live else 0) != base_number:
            raise PublishRefused(
                _(
                    "Nothing was published: edition %(number)s went live after you opened the "
                    "review. Review the changes again."
                )
                % {"number": live.number if live else 0}
            )
        if content_hash(document) != reviewed_hash:
            raise PublishRefused(
                _(
                    "Nothing was published: the records changed after you opened the review. "
                    "Review the changes again."
                )
            )
        if live and live.content_hash == reviewed_hash and not figures_pending(live.published_at):
            raise PublishRefused(_("Nothing was published: the page would not change."))
        edition = Edition(
            number=next_number(),
            took_effect=timezone.localdate(),
            published_by=user,
            summary_en=summary_en,
            summary_fr=summary_fr,
            significant=significant,
            document=document,
        )
        edition.full_clean(exclude=["content_hash"])
        try:
            with transaction.atomic():
                edition.save()
        except IntegrityError as error:
            # Another publish took the number first: that edition went live meanwhile.
            raise PublishRefused(
                _("Nothing was published: another edition went live meanwhile. Review again.")
            ) from error
        sync_published_figures(edition)
    return edition


def publish_working_copy(*, summary_en, summary_fr, significant):
    """Publish the working copy as it stands, for a command or a script that reviews it by
    its own means (generated load data, the bench): no person, no review screen."""
    live = Edition.objects.live()
    return publish(
        user=None,
        summary_en=summary_en,
        summary_fr=summary_fr,
        significant=significant,
        reviewed_hash=content_hash(build_document()),
        base_number=live.number if live else 0,
    )


def _changed_figures():
    """The working copy's ready figures that the published copy lacks or holds with other
    values, in id order. The database compares them and returns only those."""
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


def sync_published_figures(edition):
    """Bring the published copy in line with the working copy's ready figures, as
    `edition` publishes them: unchanged figures keep the edition that first published
    them, changed and new ones take `edition`, removed ones go. The changed ones are
    written a batch at a time, so memory stays flat however many there are."""
    if connection.vendor == "postgresql":
        # Left to itself, PostgreSQL compares a large site's figures in three processes,
        # taking every CPU from the visitors for as long; one is enough for a publish.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    ready = DeploymentSnapshot.objects.published().filter(pk=OuterRef("snapshot_id"))
    PublishedFigure.objects.filter(~Exists(ready)).delete()
    changed = _changed_figures().values_list("pk", "region__slug", "mission__slug", *FIELDS[3:-1])
    last = 0
    # Each batch is asked for afresh, after the last one written, rather than read from one
    # cursor while writing the table it compares with.
    while batch := list(changed.filter(pk__gt=last)[:BATCH]):
        PublishedFigure.objects.bulk_create(
            [
                _figure(pk, (region, mission or "", *rest), edition)
                for pk, region, mission, *rest in batch
            ],
            update_conflicts=True,
            unique_fields=["snapshot_id"],
            update_fields=FIELDS[1:],
        )
        last = batch[-1][0]


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
        .values_list("pk", "region__slug", "mission__slug", *FIELDS[3:-1])
    )
    PublishedFigure.objects.bulk_create(
        _figure(pk, (region, mission or "", *rest), edition) for pk, region, mission, *rest in rows
    )


def figures_pending(since):
    """Whether the working copy's ready figures differ from the published copy: one was
    saved after `since` (the live edition's publishing), or one was removed or taken off
    the site. Two cheap queries, without reading the figures; an old figure corrected
    changes no document, yet must be publishable."""
    ready = DeploymentSnapshot.objects.published()
    return (
        ready.filter(modified__gt=since).exists()
        or ready.count() != PublishedFigure.objects.count()
    )


def _figure(pk, values, edition):
    region, mission, as_of, authorized, deployed, source = values
    return PublishedFigure(
        snapshot_id=pk,
        region=region,
        mission=mission,
        as_of=as_of,
        authorized=authorized,
        deployed=deployed,
        source=source,
        edition=edition,
    )
