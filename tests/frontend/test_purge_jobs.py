"""Purge jobs: publishing queues one in the edition's transaction, and purge_frontend sends
it, trying a failed one again later, each time waiting twice as long."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction

from missions.editions.loading import load_edition
from missions.editions.publishing import PublishRefused
from missions.editions.scheduling import publish_due
from missions.frontend.backends import VarnishBackend
from missions.frontend.jobs import send_due
from missions.models import PurgeJob

from ..helpers.caches import PurgeServer
from ..helpers.edition_files import COLOMBIA, edition_file
from ..helpers.editions import publish_working_copy, schedule_working_copy

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
QUEUED = datetime.datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
# Long enough after QUEUED that every worker serves the new pages.
LATER = QUEUED + datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def purging(settings):
    """A Varnish to purge, at an address where nothing answers."""
    settings.FRONTEND_CACHE = "varnish"
    settings.VARNISH_URLS = ["http://127.0.0.1:9"]


def queued(tags="live changes"):
    return PurgeJob.objects.create(tags=tags, created=QUEUED, next_attempt=QUEUED)


def rename(region):
    region.name_en = "Republic of Haiti"
    region.save()


# Queued by publishing


def test_a_publish_queues_one_purge_job_naming_what_it_changed(haiti, purging):
    rename(haiti.region)

    edition = publish_working_copy()

    job = PurgeJob.objects.get()
    assert job.edition == edition
    assert job.tag_list == ["changes", "downloads", "live", "region-haiti"]
    assert (job.attempts, job.sent_at, job.last_error) == (0, None, "")


def test_a_refused_publish_queues_no_purge_job(haiti, purging):
    with pytest.raises(PublishRefused, match="nothing would change"):
        publish_working_copy()

    assert not PurgeJob.objects.exists()


def test_without_a_frontend_cache_a_publish_queues_nothing(haiti):
    rename(haiti.region)

    publish_working_copy()

    assert not PurgeJob.objects.exists()


def test_a_scheduled_publication_queues_the_purge_of_its_edition(haiti, purging):
    rename(haiti.region)
    schedule_working_copy(QUEUED)

    (published,) = publish_due(now=QUEUED)

    assert PurgeJob.objects.get().edition == published.edition


def test_loading_a_historical_edition_queues_the_purge_of_what_it_shows(purging):
    edition = load_edition(edition_file(COLOMBIA)).edition

    job = PurgeJob.objects.get()
    assert job.edition == edition
    assert {"live", "changes", "region-colombia", "mission-un-spm"} <= set(job.tag_list)


def test_a_dry_run_of_an_edition_file_queues_nothing(purging):
    load_edition(edition_file(COLOMBIA), dry_run=True)

    assert not PurgeJob.objects.exists()


# The model's rules, in the database and in clean()


def test_a_purge_job_names_at_least_one_tag():
    with pytest.raises(ValidationError, match="at least one tag"):
        PurgeJob(tags="").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PurgeJob.objects.create(tags="")
    queued(tags="live").full_clean()


def test_only_an_attempt_sends_a_purge():
    with pytest.raises(ValidationError, match="only sent by an attempt"):
        PurgeJob(tags="live", sent_at=QUEUED).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PurgeJob.objects.create(tags="live", sent_at=QUEUED)
    PurgeJob.objects.create(tags="live", attempts=1, sent_at=QUEUED).full_clean()


# Sent by purge_frontend


def test_purge_frontend_sends_a_due_job_to_each_varnish(settings):
    job = queued()
    with PurgeServer() as first, PurgeServer() as second:
        settings.FRONTEND_CACHE = "varnish"
        settings.VARNISH_URLS = [first.url, second.url]

        call_command("purge_frontend", "--once")

    for server in (first, second):
        (request,) = server.requests
        assert (request.method, request.path, request.headers["xkey-purge"]) == (
            "PURGE",
            "/",
            "live changes",
        )
    job.refresh_from_db()
    assert (job.attempts, job.last_error) == (1, "")
    assert job.sent_at is not None


def test_a_purge_sent_before_every_worker_has_the_new_pages_is_sent_again(settings):
    settings.PAGE_VERSION_SECONDS = 1.0
    job = queued()
    with PurgeServer() as varnish:
        backend = VarnishBackend([varnish.url])

        send_due(backend, now=QUEUED)
        job.refresh_from_db()
        assert (job.sent_at, job.next_attempt) == (None, QUEUED + 2 * SECOND)

        send_due(backend, now=QUEUED + 2 * SECOND)

    assert len(varnish.requests) == 2
    job.refresh_from_db()
    assert (job.attempts, job.sent_at) == (2, QUEUED + 2 * SECOND)


@pytest.mark.parametrize(("status", "error"), [(500, "answered 500"), (None, "Connection refused")])
def test_a_failed_purge_stays_pending_and_is_tried_again_later_and_later(status, error):
    job = queued()
    with PurgeServer(status=status or 200) as varnish:
        backend = VarnishBackend([varnish.url if status else "http://127.0.0.1:9"])

        send_due(backend, now=LATER)
        job.refresh_from_db()
        assert (job.attempts, job.sent_at, job.next_attempt) == (1, None, LATER + 5 * SECOND)
        assert error in job.last_error

        assert send_due(backend, now=LATER + 4 * SECOND) == []
        send_due(backend, now=LATER + 5 * SECOND)

    job.refresh_from_db()
    assert (job.attempts, job.sent_at, job.next_attempt) == (2, None, LATER + 15 * SECOND)


def test_a_purge_is_sent_once_the_cache_is_back():
    job = queued()
    send_due(VarnishBackend(["http://127.0.0.1:9"]), now=LATER)
    with PurgeServer() as varnish:
        send_due(VarnishBackend([varnish.url]), now=LATER + 5 * SECOND)

    job.refresh_from_db()
    assert (job.attempts, job.last_error, job.sent_at) == (2, "", LATER + 5 * SECOND)


def test_purge_frontend_refuses_to_run_without_a_frontend_cache():
    with pytest.raises(CommandError, match="FRONTEND_CACHE is none"):
        call_command("purge_frontend", "--once")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_a_worker_skips_the_job_another_worker_is_sending():
    job = queued()
    locked, release = threading.Event(), threading.Event()

    def other_worker_holds_it():
        try:
            with transaction.atomic():
                PurgeJob.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    other = threading.Thread(target=other_worker_holds_it)
    other.start()
    try:
        assert locked.wait(10)
        with PurgeServer() as varnish:
            assert send_due(VarnishBackend([varnish.url]), now=LATER) == []
        assert varnish.requests == []
    finally:
        release.set()
        other.join()
