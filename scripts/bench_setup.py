"""`make bench` (scripts/bench.py): what the load runs against.

The environment of a production deployment pointed at a bench database; the bench
databases on PostgreSQL, built or reused while the generator is unchanged; the page cache
on Redis, emptied; gunicorn on a free 127.0.0.1 port; and the probes
(scripts/bench_probes.py), each in a fresh Django process.
"""

import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GENERATOR = ROOT / "missions" / "management" / "commands" / "generate_load_data.py"
PROBES = Path(__file__).resolve().parent / "bench_probes.py"
DATABASES = {"seed": "bench_seed", "large": "bench_large"}
# Sent with every request: the production settings redirect plain http to https and trust
# this header from the proxy in front of gunicorn; and browsers accept gzip.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}


def run(cmd, **kwargs):
    kwargs.setdefault("cwd", ROOT)
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, **kwargs)


def psql(server, database, sql, check=True):
    result = run(
        ["psql", f"{server}/{database}", "-v", "ON_ERROR_STOP=1", "-qtAc", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode:
        sys.exit(f"bench: psql failed: {result.stderr.strip()}")
    return result


def production_env(server, size, extra=(), **overrides):
    """The environment of a production deployment, pointed at a bench database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CACHE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="peaceops.settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=SECRET_KEY,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        # The address a publish renders the current pages ahead for (missions/pagecache/signals.py).
        SITE_URL="https://127.0.0.1",
        DATABASE_URL=f"{server}/{DATABASES[size]}",
    )
    env.update(dict(item.split("=", 1) for item in extra))
    env.update(overrides)
    return env


SECRET_KEY = secrets.token_urlsafe(64)  # a fresh strong key for each run, never stored


def manage(env, *args):
    """A management command; its output goes to stderr, leaving stdout to the report."""
    return run([PYTHON, "manage.py", *args], env=env, stdout=sys.stderr)


def generator_signature(args):
    # The generator and the migrations: either changing means the database must be rebuilt.
    sources = [
        GENERATOR,
        GENERATOR.with_name("load_data_words.json"),
        *sorted((ROOT / "missions" / "migrations").glob("0*.py")),
    ]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:16]
    return (
        f"peaceops bench: --regions {args.regions} --missions-per-region "
        f"{args.missions_per_region} --snapshots-per-mission {args.snapshots_per_mission} "
        f"generator {digest}"
    )


def prepare_databases(args, sizes):
    for size in sizes:
        name = DATABASES[size]
        env = production_env(args.server, size)
        if size == "large" and not args.regenerate:
            comment = psql(
                args.server,
                "postgres",
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                f"WHERE datname = '{name}'",
            ).stdout.strip()
            if comment == generator_signature(args):
                print(f"bench: reusing {name} (same generator and options)", file=sys.stderr)
                manage(env, "migrate", "--noinput", "-v0")
                manage(env, "seed_content")
                continue
        print(f"bench: building {name}", file=sys.stderr)
        psql(args.server, "postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        psql(args.server, "postgres", f"CREATE DATABASE {name}")
        manage(env, "migrate", "--noinput", "-v0")
        if size == "large":
            manage(
                env,
                "generate_load_data",
                f"--regions={args.regions}",
                f"--missions-per-region={args.missions_per_region}",
                f"--snapshots-per-mission={args.snapshots_per_mission}",
            )
        manage(env, "seed_content")
        psql(args.server, name, "VACUUM ANALYZE")
        if size == "large":
            signature = generator_signature(args).replace("'", "''")
            psql(args.server, "postgres", f"COMMENT ON DATABASE {name} IS '{signature}'")


# The history probe renders each of its two mission history pages this many times (medians).
HISTORY_RUNS = 21


def probe(args, size, kind, **params):
    """Run a measurement in a fresh Django process against a bench database."""
    env = production_env(
        args.server,
        size,
        args.env,
        ALLOWED_HOSTS="testserver",
        # No page cache: these counts are what a request costs when the cache is cold.
        CACHE_URL="dummycache://",
    )
    result = run(
        [PYTHON, str(PROBES), kind, "--params", json.dumps(params)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"bench: the {kind} probe on {size} failed:\n{result.stderr}")
    # The last line: the site logs to stdout too.
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch_status(url):
    """The status of a GET, without following redirects or reading a long body."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=HEADERS)
    try:
        with opener.open(request, timeout=60) as response:
            response.read(1024)
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")
    except OSError:
        return None, ""


def terminate(process):
    """Stop `process` as a supervisor would: SIGTERM, then SIGKILL after 30 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_publisher(env):
    """The publish probe (scripts/bench_probes.py), which says "ready" once Django is set
    up and publishes when told to."""
    return subprocess.Popen(
        [PYTHON, str(PROBES), "publish"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_answering(server, name, path, seconds):
    """Wait for `server` (its process, log, base address and stop()) to answer `path`;
    stop the bench with its log if it exits or takes longer than `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            sys.exit(f"bench: {name} exited:\n{server.log.read_text()[-3000:]}")
        if fetch_status(server.base + path)[0] is not None:
            return
        time.sleep(0.3)
    server.stop()
    sys.exit(f"bench: {name} did not answer within {seconds} s:\n{server.log.read_text()[-3000:]}")


class Server:
    """gunicorn with the repository's configuration (gunicorn.conf.py, if any), on a free
    127.0.0.1 port, serving the site (or another WSGI `app`). Workers: as the configuration
    sets them, or --workers."""

    def __init__(self, args, size, env_overrides, logdir, app="peaceops.wsgi"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = production_env(args.server, size, args.env, **env_overrides)
        self.env = env
        if args.workers:
            env.setdefault("WEB_CONCURRENCY", str(args.workers))
        self.log = Path(logdir) / f"gunicorn-{size}-{self.port}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{self.port}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, path):
        wait_until_answering(self, "gunicorn", path, 60)

    @property
    def requests(self):
        """The requests it answered so far, counted in its access log."""
        return self.log.read_text().count('"logger": "gunicorn.access"')

    @property
    def timeouts(self):
        return len(re.findall(r"WORKER TIMEOUT", self.log.read_text()))

    @property
    def cache_failures(self):
        """The times the page cache was skipped for a while (missions/pagecache/store.py)."""
        return re.findall(r"The page cache failed \(([^)]*)\)", self.log.read_text())

    @property
    def workers(self):
        """Counted in gunicorn's log."""
        return len(re.findall(r"Booting worker with pid", self.log.read_text()))

    def stop(self):
        terminate(self.process)


def empty_cache(url):
    """Start from an empty page cache: no page left from an earlier run."""
    if url.startswith("redis"):
        import redis  # Django's Redis cache backend needs it: it is in the virtualenv

        redis.Redis.from_url(url).flushdb()


def cache_keys(url):
    """How many keys the page cache holds; None if it is not Redis."""
    if url.startswith("redis"):
        import redis

        return redis.Redis.from_url(url).dbsize()
    return None
