"""A publisher killed right after its commit, before any hook ran: every worker still
serves the new edition within PAGE_VERSION_SECONDS, and the last page until then."""

import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import redis

from ..helpers.environment import ROOT, redis_url
from ..helpers.gunicorn import Gunicorn, get, seeded_site

# Starts gunicorn twice and Django in three more processes, on a real Redis database.
pytestmark = pytest.mark.slow

PAGE_VERSION_SECONDS = 1
# What the request that first sees the new edition takes beyond that: its render, or the
# wait for another worker's (the render claims), on a busy two-CPU machine.
ALLOWANCE_SECONDS = 1.5
NEW_NAME = "Ukraine, renamed by a publisher that then died"

# Publishes the renamed region, and is killed by the first hook of its commit: registered
# before the edition is stored, it runs before the page cache's own (signals.py).
PUBLISH_THEN_DIE = f"""
import os, signal
from django.db import transaction
from missions.editions.publishing import publish_working_copy
from missions.models import Region

region = Region.objects.get(slug="ukraine")
region.name_en = {NEW_NAME!r}
region.save()
with transaction.atomic():
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    publish_working_copy(summary_en="Renamed", summary_fr="Renommée", significant=True)
"""


@pytest.fixture
def site(tmp_path):
    """The seed content in a SQLite file, the page cache in the tests' Redis database,
    and the environment every process of the site gets."""
    env = seeded_site(tmp_path, PAGE_VERSION_SECONDS=str(PAGE_VERSION_SECONDS))
    yield env, tmp_path / "db.sqlite3", tmp_path
    redis.Redis.from_url(redis_url()).flushdb()


def editions(database):
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM missions_edition").fetchone()[0]


def served(worker):
    """Whether the worker serves the new edition; never an error, nor another page."""
    status, body = get(worker.port)
    assert status == 200
    assert "Ukraine" in body
    return NEW_NAME in body


def test_a_publisher_killed_after_its_commit_still_puts_the_edition_live_on_every_worker(site):
    env, database, logs = site
    workers = [Gunicorn(env, logs) for _worker in range(2)]
    try:
        seen = {}
        for worker in workers:
            worker.wait_until_up()
            # Rendered, then served from the worker's own copy (and from Redis to others).
            seen[worker] = [served(worker), served(worker)]
            assert seen[worker] == [False, False]
        before = editions(database)
        output = logs / "publisher.log"
        with output.open("w") as log:
            publisher = subprocess.Popen(
                [sys.executable, "manage.py", "shell", "-c", PUBLISH_THEN_DIE],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # Visitors meanwhile, so that each worker's copy of the version is at most
        # PAGE_VERSION_SECONDS old when the publisher dies (a worker may see the edition
        # in the moment before that is noticed here).
        while publisher.poll() is None:
            for worker in workers:
                seen[worker].append(served(worker))
            time.sleep(0.05)
        killed_at = time.monotonic()

        assert publisher.returncode == -signal.SIGKILL, output.read_text()
        assert editions(database) == before + 1  # committed before it died
        deadline = killed_at + PAGE_VERSION_SECONDS + ALLOWANCE_SECONDS
        for worker in workers:
            while not seen[worker][-1]:
                time.sleep(0.05)
                seen[worker].append(served(worker))
                assert time.monotonic() < deadline, "not within PAGE_VERSION_SECONDS"
        for worker in workers:
            seen[worker].append(served(worker))
            # The last edition until the new one, then the new one for good.
            assert seen[worker] == sorted(seen[worker])
    finally:
        for worker in workers:
            worker.stop()
