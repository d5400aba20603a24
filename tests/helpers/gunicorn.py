"""The site under gunicorn with gunicorn.conf.py and the production settings, on a SQLite
file, for the slow tests that need real processes; and requests to it, as the TLS proxy in
front passes them on."""

import http.client
import json
import subprocess
import sys
import time
from pathlib import Path

import redis

from .environment import PRODUCTION, ROOT, clean_env, free_port, redis_url

HOST = "peace.example.ca"
SITE_URL = f"https://{HOST}"
CURRENT = "/en/current-peace-operations/"


def fetch(port, path, host=HOST, https=True, method="GET", body=None, **headers):
    """(response, body as bytes) of a request on a new connection; `https` adds the
    proxy's X-Forwarded-Proto."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {}), **headers}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def request(port, path, **options):
    """(response, body as text) of a request, as fetch() takes it."""
    response, content = fetch(port, path, **options)
    return response, content.decode(errors="replace")


def get(port, path=CURRENT):
    """(status, body as text) of a visitor's GET."""
    response, text = request(port, path)
    return response.status, text


def manage(env, *args):
    """A management command in a process of its own; its output if it succeeds."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def site_env(tmp_path, **settings):
    """The production environment of a site whose database (a SQLite file), static files
    and download files are in tmp_path; `settings` add to it or replace."""
    return clean_env(
        **{
            **PRODUCTION,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "DOWNLOADS_ROOT": str(tmp_path / "downloads"),
            **settings,
        }
    )


def set_up(env, seed=True):
    """The site's database migrated, its static files collected and, if `seed`, the seed
    content loaded."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    if seed:
        manage(env, "seed_content")


def seeded_site(tmp_path, **settings):
    """The environment of a site holding the seed content, with the page cache in the
    tests' Redis database, emptied before seeding (which renders the pages ahead)."""
    redis.Redis.from_url(redis_url()).flushdb()
    env = site_env(tmp_path, **{"CACHE_URL": redis_url(), **settings})
    set_up(env)
    return env


class Gunicorn:
    """gunicorn with `workers` worker processes, each with its own copies of the pages,
    started at once on a port of its own; its output and errors in files in `logs`.
    As a context manager, it waits until it answers, and stops at the end."""

    def __init__(self, env, logs, workers=1, **settings):
        self.port = free_port()
        self.log = logs / f"gunicorn-{self.port}.log"
        self.errors = logs / f"gunicorn-{self.port}-errors.log"
        with self.log.open("w") as out, self.errors.open("w") as errors:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn")],
                cwd=ROOT,
                env={**env, **settings, "PORT": str(self.port), "WEB_CONCURRENCY": str(workers)},
                stdout=out,
                stderr=errors,
            )

    def wait_until_up(self):
        """Once the health check answers, on the bare address over HTTP, as a probe asks."""
        for _attempt in range(300):
            try:
                return fetch(self.port, "/healthz", host="127.0.0.1", https=False)
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start: {self.errors.read_text()}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def log_lines(self):
        """The JSON lines of its output; a line still being written is left out."""
        text = self.log.read_text()
        return [json.loads(line) for line in text[: text.rfind("\n") + 1].splitlines()]

    def __enter__(self):
        self.wait_until_up()
        return self

    def __exit__(self, *exc_info):
        self.stop()
