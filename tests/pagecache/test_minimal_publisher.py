"""A process of the site given only DATABASE_URL and CACHE_URL (a cron job, a shell: no
SITE_URL, no CACHE_KEY_PREFIX) changes the pages every worker serves, as a worker would."""

import sqlite3
import time

import pytest
from django.core.cache import caches

from missions.pagecache import store

from ..helpers.environment import clean_env
from ..helpers.gunicorn import Gunicorn, get, manage, seeded_site

NEW_NAME = "Ukraine, renamed by a cron job"
RESTORED_NAME = "Ukraine, as restored"

PUBLISH = f"""
from missions.editions.publishing import publish_working_copy
from missions.models import Region

region = Region.objects.get(slug="ukraine")
region.name_en = {NEW_NAME!r}
region.save()
publish_working_copy(summary_en="Renamed", summary_fr="Renommée", significant=True)
"""

CLEAR = "from missions.pagecache.store import clear_public_pages; clear_public_pages()"

# Each worker reads the pages' version this often; the issue's bound is 5 s.
PAGE_VERSION_SECONDS = 1
WITHIN_SECONDS = 5


def use_cache(settings, key_prefix):
    """This process as one given that key prefix, with no copy of its own yet."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": key_prefix,
        }
    }
    store.local.forget()
    return caches["default"]


@pytest.mark.django_db
def test_a_clear_from_a_process_with_another_key_prefix_gives_every_process_the_new_version(
    haiti, settings
):
    use_cache(settings, "peace.example.ca")
    before = store.read_pages_version()
    use_cache(settings, "")  # a shell without SITE_URL
    store.clear_public_pages()
    cleared = store.read_pages_version()
    use_cache(settings, "peace.example.ca")
    assert store.read_pages_version() == cleared != before


def minimal_env(site, tmp_path):
    """The database and the cache of the site, and nothing else of its settings (where
    publishing writes the download files too, so as not to write into the checkout)."""
    return clean_env(
        DATABASE_URL=site["DATABASE_URL"],
        CACHE_URL=site["CACHE_URL"],
        DOWNLOADS_ROOT=str(tmp_path / "minimal-downloads"),
    )


@pytest.fixture
def workers(tmp_path):
    """The seed content served by two worker processes (a gunicorn each, so that each can
    be asked), with the production settings and SITE_URL; and the site's environment."""
    site = seeded_site(tmp_path, PAGE_VERSION_SECONDS=str(PAGE_VERSION_SECONDS))
    running = [Gunicorn(site, tmp_path) for _worker in range(2)]
    try:
        for worker in running:
            worker.wait_until_up()
        yield running, site
    finally:
        for worker in running:
            worker.stop()


def showing(worker, text):
    """Whether the worker's current page shows the text; never an error, nor another page."""
    status, body = get(worker.port)
    assert status == 200
    assert "Ukraine" in body
    return text in body


def seconds_until_every_worker_shows(workers, text):
    """How long, from now, until each worker shows the text for good; fails past
    WITHIN_SECONDS."""
    start = time.monotonic()
    for worker in workers:
        while not showing(worker, text):
            assert time.monotonic() - start < WITHIN_SECONDS, f"not within {WITHIN_SECONDS} s"
            time.sleep(0.05)
    elapsed = time.monotonic() - start
    assert all(showing(worker, text) for worker in workers)
    return elapsed


@pytest.mark.slow
def test_a_publish_from_a_minimal_environment_shows_on_both_workers_within_5_seconds(
    workers, tmp_path
):
    running, site = workers
    for worker in running:
        # Rendered, then served from the worker's own copy (and from Redis to the other).
        assert not showing(worker, NEW_NAME)
        assert not showing(worker, NEW_NAME)
    manage(minimal_env(site, tmp_path), "shell", "-c", PUBLISH)
    seconds_until_every_worker_shows(running, NEW_NAME)


@pytest.mark.slow
def test_pages_cleared_from_a_minimal_environment_are_rendered_afresh_on_both_workers(
    workers, tmp_path
):
    running, site = workers
    for worker in running:
        assert not showing(worker, RESTORED_NAME)
        assert not showing(worker, RESTORED_NAME)
    # A backup restored over the live edition: the same edition, other content.
    with sqlite3.connect(site["DATABASE_URL"].removeprefix("sqlite:///")) as database:
        database.execute(
            "UPDATE missions_edition SET document = replace(document, 'Ukraine', ?)",
            (RESTORED_NAME,),
        )
    manage(minimal_env(site, tmp_path), "shell", "-c", CLEAR)
    seconds_until_every_worker_shows(running, RESTORED_NAME)
