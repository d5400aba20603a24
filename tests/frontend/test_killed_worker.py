"""A purge job outlives a worker killed while sending it: the next run sends it."""

import sqlite3
import subprocess
import sys
import time

import pytest

from ..helpers.caches import PurgeServer
from ..helpers.environment import ROOT
from ..helpers.gunicorn import manage, site_env

pytestmark = pytest.mark.slow

QUEUE = (
    "import datetime; from missions.models import PurgeJob; "
    "queued = datetime.datetime(2025, 3, 3, 14, 0, tzinfo=datetime.UTC); "
    "PurgeJob.objects.create(tags='live changes', created=queued, next_attempt=queued)"
)


def job_row(env):
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT attempts, sent_at FROM missions_purgejob").fetchone()


def test_a_job_survives_a_worker_killed_while_sending_it_and_the_next_run_sends_it(tmp_path):
    with PurgeServer(hang=True) as varnish:
        env = site_env(tmp_path, FRONTEND_CACHE="varnish", VARNISH_URLS=varnish.url)
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", QUEUE)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "purge_frontend"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _wait in range(200):
                if varnish.requests or worker.poll() is not None:
                    break
                time.sleep(0.05)
            assert len(varnish.requests) == 1, "the worker never sent the purge"
        finally:
            worker.kill()  # SIGKILL: no clean-up of any kind
            worker.wait(timeout=10)
        assert job_row(env) == (0, None)

        varnish.release.set()
        manage(env, "purge_frontend", "--once")

    assert len(varnish.requests) == 2
    attempts, sent_at = job_row(env)
    assert attempts == 1
    assert sent_at is not None
