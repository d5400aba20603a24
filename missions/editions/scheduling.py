"""Scheduled publishing: a Publisher reviews the working copy now and has it published at a
set time, by `manage.py publish_scheduled` on a timer. It is published exactly as reviewed:
publish() refuses if the working copy or the live edition changed since, and the refusal is
kept, in both languages, for the review screen."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from missions.editions.publishing import PublishRefused, publish
from missions.models.editions import Edition
from missions.models.scheduling import ONE_PENDING, ScheduledPublication

logger = logging.getLogger(__name__)

Status = ScheduledPublication.Status


def schedule(*, user, go_live_at, summary_en, summary_fr, significant, reviewed_hash, base_number):
    """Keep what `user` reviewed, to be published at `go_live_at`. ValidationError if it is
    incomplete or another publication is already scheduled."""
    scheduled = ScheduledPublication(
        go_live_at=go_live_at,
        summary_en=summary_en,
        summary_fr=summary_fr,
        significant=significant,
        reviewed_hash=reviewed_hash,
        base_number=base_number,
        scheduled_by=user,
    )
    scheduled.full_clean()
    try:
        with transaction.atomic():
            scheduled.save()
    except IntegrityError as error:
        # Another Publisher scheduled one between the check and the save.
        raise ValidationError(ONE_PENDING) from error
    return scheduled


def cancel(scheduled, user):
    """Cancel a pending publication. ValidationError, changing nothing, if it is no longer
    pending (published, refused or cancelled meanwhile)."""
    with transaction.atomic():
        # Waits for a run of publish_due that holds it, then sees what that run did.
        current = ScheduledPublication.objects.select_for_update().get(pk=scheduled.pk)
        if current.status != Status.PENDING:
            raise ValidationError(
                _("Nothing was cancelled: that publication is no longer waiting (%(status)s).")
                % {"status": current.get_status_display()}
            )
        current.status = Status.CANCELLED
        current.cancelled_by = user
        current.finished_at = timezone.now()
        current.full_clean()
        current.save()
    return current


def pending():
    """The publication waiting for its time, or None."""
    return ScheduledPublication.objects.pending().select_related("scheduled_by").first()


def last_refusal():
    """The newest refused publication, while it is news: nothing finished and no edition
    was published after it."""
    finished = ScheduledPublication.objects.exclude(status=Status.PENDING)
    last = finished.order_by("-finished_at", "-pk").first()
    if last is None or last.status != Status.REFUSED:
        return None
    if Edition.objects.filter(published_at__gt=last.finished_at).exists():
        return None
    return last


def publish_due(now=None):
    """Publish each pending publication whose time has come, as its Publisher reviewed it,
    and return them, each marked published (with its edition) or refused (with why)."""
    now = now or timezone.now()
    done = []
    due = ScheduledPublication.objects.due(now).order_by("go_live_at", "pk")
    for pk in due.values_list("pk", flat=True):
        scheduled = _publish_one(pk, now)
        if scheduled is not None:
            done.append(scheduled)
    return done


def _publish_one(pk, now):
    with transaction.atomic():
        # Another run at the same time skips it rather than publishing it twice; once that
        # run has committed, it is no longer pending. (SQLite has no row locks but writes
        # one transaction at a time: a second run fails with "database is locked".)
        scheduled = (
            ScheduledPublication.objects.due(now)
            .select_for_update(skip_locked=True)
            .filter(pk=pk)
            .first()
        )
        if scheduled is None:
            return None
        try:
            # Its own savepoint: a refused publish leaves nothing behind but the refusal.
            with transaction.atomic():
                scheduled.edition = publish(
                    user=scheduled.scheduled_by,
                    summary_en=scheduled.summary_en,
                    summary_fr=scheduled.summary_fr,
                    significant=scheduled.significant,
                    reviewed_hash=scheduled.reviewed_hash,
                    base_number=scheduled.base_number,
                )
        except (PublishRefused, ValidationError) as refusal:
            scheduled.status = Status.REFUSED
            scheduled.outcome_en, scheduled.outcome_fr = _in_both_languages(refusal)
            logger.warning(
                "Scheduled publication %s (due %s) refused: %s",
                scheduled.pk,
                scheduled.go_live_at.isoformat(),
                scheduled.outcome_en,
            )
        else:
            scheduled.status = Status.PUBLISHED
            logger.info(
                "Scheduled publication %s published as edition %s.",
                scheduled.pk,
                scheduled.edition.number,
            )
        scheduled.finished_at = timezone.now()
        scheduled.full_clean()
        scheduled.save()
    return scheduled


def _in_both_languages(refusal):
    """Why publishing was refused, in English and in French, for the review screen."""
    texts = []
    for language in ("en", "fr"):
        with translation.override(language):
            # Both kinds of refusal are put in words as they are read.
            messages = refusal.messages if isinstance(refusal, ValidationError) else [refusal]
            texts.append(" ".join(str(message) for message in messages))
    return texts
