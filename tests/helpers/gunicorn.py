"""The site under gunicorn with the production settings, on a SQLite file and the tests'
Redis database, for the page cache's tests across processes."""

import http.client
import subprocess
import sys
import time
from pathlib import Path

import redis

from ..helpers.environment import PRODUCTION, ROOT, clean_env, free_port, redis_url

HOST = "peace.example.ca"
SITE_URL = f"https://{HOST}"
CURRENT = "/en/current-peace-operations/"


def get(port, path=CURRENT):
    """(status, body) of a visitor's GET, as the TLS proxy in front passes it on."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


def manage(env, *args):
    """A management command in a process of its own; its output if it succeeds."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def seeded_site(tmp_path, **settings):
    """The production environment of a site whose database (a SQLite file) holds the seed
    content, with the page cache in the tests' Redis database, emptied."""
    redis.Redis.from_url(redis_url()).flushdb()
    env = clean_env(
        **{
            **PRODUCTION,
            "SITE_URL": SITE_URL,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "CACHE_URL": redis_url(),
            "STATIC_ROOT": str(tmp_path / "static"),
            "DOWNLOADS_ROOT": str(tmp_path / "downloads"),
            **settings,
        }
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["seed_content"]):
        manage(env, *command)
    return env


class Gunicorn:
    """gunicorn with gunicorn.conf.py and `workers` worker processes, each with its own
    copies of the pages."""

    def __init__(self, env, logs, workers=1):
        self.port = free_port()
        self.log = (logs / f"gunicorn-{self.port}.log").open("w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn")],
            cwd=ROOT,
            env={**env, "PORT": str(self.port), "WEB_CONCURRENCY": str(workers)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self):
        for _attempt in range(300):
            try:
                return get(self.port, "/healthz")
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start: see {self.log.name}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()
