"""Sending the purge jobs that publishing queued (missions/models/purging.py), for
`manage.py purge_frontend`. A job stays pending until its cache acknowledges it: a failed
attempt is tried again later, each time waiting twice as long."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from missions.frontend.backends import PurgeFailed
from missions.models.purging import PurgeJob

logger = logging.getLogger(__name__)

FIRST_RETRY = datetime.timedelta(seconds=5)
LAST_RETRY = datetime.timedelta(minutes=5)


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failed attempt: 5 s, 10 s, 20 s, ... 5 min."""
    return min(FIRST_RETRY * 2 ** min(attempts - 1, 16), LAST_RETRY)


def settle_time():
    """How long after a publish every worker serves the new pages: each reads the pages'
    version at most every PAGE_VERSION_SECONDS (missions/pagecache/store.py), plus a margin."""
    return datetime.timedelta(seconds=settings.PAGE_VERSION_SECONDS + 1)


def send_due(backend, now=None):
    """Send each job whose time has come, oldest first, and return them as they are now:
    sent, or pending with the error and the time of their next attempt."""
    now = now or timezone.now()
    due = PurgeJob.objects.due(now).order_by("next_attempt", "pk")
    done = []
    for pk in due.values_list("pk", flat=True):
        job = _send_one(backend, pk, now)
        if job is not None:
            done.append(job)
    return done


def _send_one(backend, pk, now):
    with transaction.atomic():
        # Another worker skips a job this one holds, rather than sending it twice. If this
        # one dies, the lock goes with its connection and the job is still pending.
        job = PurgeJob.objects.due(now).select_for_update(skip_locked=True).filter(pk=pk).first()
        if job is None:
            return None
        job.attempts += 1
        try:
            backend.purge(job)
        except PurgeFailed as error:
            job.last_error = str(error)
            job.next_attempt = now + retry_delay(job.attempts)
            logger.warning(
                "Purge %s (%s) failed, attempt %s; next at %s: %s",
                job.pk,
                job.tags,
                job.attempts,
                job.next_attempt.isoformat(),
                error,
            )
        else:
            job.last_error = ""
            settled = job.created + settle_time()
            if now < settled:
                # A worker that had not yet read the new version may have served an old page
                # for the cache to keep again: the purge is sent once more when none can.
                job.next_attempt = settled
                logger.info("Purge %s (%s) sent; again at %s.", job.pk, job.tags, settled)
            else:
                job.sent_at = now
                logger.info("Purge %s (%s) sent.", job.pk, job.tags)
        job.save()
    return job
