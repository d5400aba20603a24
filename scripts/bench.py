"""`make bench`: load-test the public pages under gunicorn, with the production settings and
PostgreSQL, at the seed size and at a generated size, and print the results as Markdown.

Needs a PostgreSQL server (by default postgres://postgres@127.0.0.1:5432, trust auth; psql on
the PATH) and wrk (`apt-get install -y wrk`). Standard library only; run it with the
project's virtualenv, which has Django and gunicorn:

    .venv/bin/python scripts/bench.py [--duration 10s] [--regenerate] [--sizes seed,large]

It (re)creates two databases on that server, bench_seed and bench_large, and never touches
any other. bench_large is generated once (about a minute) and kept between runs while the
generator and its options are unchanged; --regenerate rebuilds it.
"""

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_imports import import_rows  # scripts/ is on the path when run as a script

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GENERATOR = ROOT / "missions" / "management" / "commands" / "generate_load_data.py"
PROBES = Path(__file__).resolve().parent / "bench_probes.py"
DATABASES = {"seed": "bench_seed", "large": "bench_large"}
# Sent with every request: the production settings redirect plain http to https and trust
# this header from the proxy in front of gunicorn; and browsers accept gzip.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
PAGES = [
    "current (EN)",
    "current (FR)",
    "edition page",
    "mission history",
    "CSV export",
    "static file",
]
CURRENT_PAGES = ["current (EN)", "current (FR)", "edition page"]
AS_OF_MIX = "as_of: 1,000 distinct dates"
CSV_SIZED_STATIC = "static file, the CSV's size"
HISTORY_RUNS = 21


# The parent process: databases, gunicorn, wrk, the report.


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


class Server:
    """gunicorn with the repository's configuration (gunicorn.conf.py, if any), on a free
    127.0.0.1 port. Workers: as the configuration sets them, or --workers."""

    def __init__(self, args, size, env_overrides, logdir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = production_env(args.server, size, args.env, **env_overrides)
        self.env = env
        if args.workers:
            env.setdefault("WEB_CONCURRENCY", str(args.workers))
        self.log = Path(logdir) / f"gunicorn-{size}-{self.port}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "peaceops.wsgi", "--bind", f"127.0.0.1:{self.port}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, path):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: gunicorn exited:\n{self.log.read_text()[-3000:]}")
            if fetch_status(self.base + path)[0] is not None:
                return
            time.sleep(0.3)
        self.stop()
        sys.exit(f"bench: gunicorn did not answer within 60 s:\n{self.log.read_text()[-3000:]}")

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
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def env_setting(text):
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE.")
    return text


def duration(text):
    if not re.fullmatch(r"[1-9]\d*[smh]?", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: use e.g. 10s or 2m.")
    return text


def seconds(duration):
    """wrk's duration ("10s", "2m", "1h", or plain seconds) in seconds."""
    value, unit = re.fullmatch(r"(\d+)([smh]?)", duration).groups()
    return int(value) * {"": 1, "s": 1, "m": 60, "h": 3600}[unit]


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    def number(pattern):
        match = re.search(pattern, output)
        return match.groups() if match else None

    latency = {}
    for percent in ("50", "99"):
        value, unit = number(rf"\n\s+{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\b")
        latency[percent] = to_ms(value, unit)
    socket_errors = number(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    non_2xx = number(r"Non-2xx or 3xx responses: (\d+)")
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")[0]),
        "requests": int(number(r"(\d+) requests in")[0]),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": sum(map(int, socket_errors or ())) + int(non_2xx[0] if non_2xx else 0),
    }


def wrk_command(args, url, duration, connections=None, threads=None, script=None):
    cmd = ["wrk", f"-t{threads or args.threads}", f"-c{connections or args.connections}"]
    cmd += [f"-d{duration}", "--latency", "--timeout", duration]
    for name, value in HEADERS.items():
        cmd += ["-H", f"{name}: {value}"]
    if script:
        cmd += ["-s", script]
    return cmd + [url]


def wrk(args, url, duration, connections=None, threads=None):
    result = run(
        wrk_command(args, url, duration, connections, threads),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"bench: wrk failed on {url}:\n{result.stderr}")
    return parse_wrk(result.stdout)


# The attacker: every request a new address, with tracking parameters, a junk date or a
# repeated date, none of which may cost a render or add a cache entry.
ATTACK_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  counter = 0
end
function request()
  counter = counter + 1
  local n = id .. "x" .. counter
  local queries = {"utm_source=" .. n, "as_of=junk" .. n, "as_of=" .. n .. "&as_of=2020-01-01"}
  return wrk.format(nil, wrk.path .. "?" .. queries[counter % 3 + 1])
end
"""
# A visitor's ?as_of=D resolves to the edition in force on D (a redirect): 1,000 distinct
# dates, one after another, must cost what a cached page does and add no cache entry.
AS_OF_SCRIPT = """
local counter = 0
-- The seed's first edition took effect on 2017-10-16: every third day from then on.
local start = os.time({year = 2017, month = 10, day = 16, hour = 12})
function request()
  counter = counter + 1
  local date = os.date("!%Y-%m-%d", start + (counter % 1000) * 3 * 86400)
  return wrk.format(nil, wrk.path .. "?as_of=" .. date)
end
"""


def as_of_mix(args, server, url, logdir):
    script = Path(logdir) / "as_of.lua"
    script.write_text(AS_OF_SCRIPT)
    command = wrk_command(args, url, args.duration, script=str(script))
    result = run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"bench: wrk failed on the as_of mix:\n{result.stderr}")
    results = {"duration": args.duration, **parse_wrk(result.stdout)}
    print(f"bench: {AS_OF_MIX}: {results['rps']:.1f} req/s", file=sys.stderr)
    return results


PUBLISH = "current (EN), an edition published during the run"
# The readers' wrk is interrupted once the publish is over; this only bounds a stuck one.
PUBLISH_READERS_LIMIT = "10m"


def during_publish(args, server, url):
    """The cached current page's readers while a new edition is published, as the review
    screen publishes it (then renders the current pages ahead). The readers start a third
    of `--duration` before the publish and stop a third of it after the pages are rendered
    ahead, however long the publish takes: their p99 includes the publish and the first
    seconds after it. wrk reports what it measured when interrupted."""
    publisher = subprocess.Popen(
        [PYTHON, str(PROBES), "publish"],
        env=server.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if publisher.stdout.readline().strip() != "ready":  # Django set up, before the readers
        sys.exit(f"bench: the publish probe failed:\n{publisher.communicate()[1]}")
    margin = seconds(args.duration) / 3
    readers = subprocess.Popen(
        wrk_command(args, url, PUBLISH_READERS_LIMIT),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(margin)
    published, errors = publisher.communicate("publish\n")
    time.sleep(margin)
    readers.send_signal(signal.SIGINT)
    output, wrk_errors = readers.communicate()
    if publisher.returncode:
        sys.exit(f"bench: the publish probe failed:\n{errors}")
    if readers.returncode:
        sys.exit(f"bench: wrk failed during the publish:\n{wrk_errors}")
    published = json.loads(published)
    print(
        f"bench: published edition {published['edition']} in {published['publish_s']:.2f} s, "
        f"committed with the current pages rendered ahead in {published['render_s']:.2f} s",
        file=sys.stderr,
    )
    measured = f"{published['publish_s'] + published['render_s'] + 2 * margin:.0f}s"
    results = {"duration": measured, **parse_wrk(output), "published": published}
    print(f"bench: {PUBLISH}: {results['rps']:.1f} req/s", file=sys.stderr)
    return results


SPREAD_LABELS = {"current (EN)": "EN", "current (FR)": "FR", PUBLISH: "EN with a publish"}
ALONE = "current (EN), readers alone"
UNDER_ATTACK = "current (EN), readers under attack"
ATTACKER = "attacker: a new junk address each request"


def under_attack(args, server, url, logdir):
    """The cached current page's readers alone, then while another client sends distinct
    junk parameters as fast as its connections allow."""
    results = {ALONE: {"duration": args.duration, **wrk(args, url, args.duration)}}
    script = Path(logdir) / "attack.lua"
    script.write_text(ATTACK_SCRIPT)
    attack_seconds = f"{seconds(args.duration) + 2}s"
    attacker = subprocess.Popen(
        wrk_command(args, url, attack_seconds, args.attack_connections, 1, script),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1)
        readers = wrk(args, url, args.duration)
    finally:
        output, errors = attacker.communicate()
    if attacker.returncode:
        sys.exit(f"bench: the attacking wrk failed:\n{errors}")
    results[UNDER_ATTACK] = {"duration": args.duration, **readers}
    attack = parse_wrk(output)
    # Its 400s are the expected answer, not errors.
    attack["errors"] = f"{attack['errors']:,} answered 400"
    results[ATTACKER] = {"duration": attack_seconds, **attack}
    for name in (ALONE, UNDER_ATTACK, ATTACKER):
        print(f"bench: {name}: {results[name]['rps']:.1f} req/s", file=sys.stderr)
    return results


STATIC_AGAIN = "static file, again"


def load_pages(args, server, pages, names):
    """wrk each page in turn. The static file goes first and last: on a shared machine the
    ceiling moves."""
    results = {}
    if "static file" in names:
        names = ["static file", *(n for n in names if n != "static file"), STATIC_AGAIN]
    for name in names:
        url = server.base + pages[name.replace(STATIC_AGAIN, "static file")]
        status, location = fetch_status(url)
        if status != 200:
            sys.exit(f"bench: {name} ({url}) answered {status} {location}".rstrip())
        wrk(args, url, args.warmup, connections=server.workers, threads=1)
        # A full export takes seconds: give it time to finish a few.
        duration = args.csv_duration if name in ("CSV export", CSV_SIZED_STATIC) else args.duration
        results[name] = {"duration": duration, **wrk(args, url, duration)}
        print(f"bench: {name}: {results[name]['rps']:.1f} req/s", file=sys.stderr)
    return results


def ceiling(results):
    """The static file's throughput, averaged over its two runs."""
    return statistics.mean(results[name]["rps"] for name in ("static file", STATIC_AGAIN))


def built_downloads(args, size, logdir):
    """Build the live edition's full figure files, as a publish does, into a directory of
    this run's; and a static file of the same size, the ceiling their throughput is
    compared with. Returns the directory and the static file's path."""
    downloads = Path(logdir) / f"downloads-{size}"
    env = production_env(args.server, size, args.env, DOWNLOADS_ROOT=str(downloads))
    manage(env, "build_downloads", "--site-url", "https://127.0.0.1")
    csv = next(downloads.glob("edition-*/snapshots-en.csv.gz"))
    static = ROOT / "staticfiles" / f"bench-{size}.bin"
    static.write_bytes(os.urandom(csv.stat().st_size))  # as incompressible as the gzip file
    return downloads, f"/static/{static.name}"


def http_runs(args, size, pages, logdir):
    """One gunicorn with the production settings as they are, then the same under attack;
    another with the page cache off, for the current page."""
    downloads, csv_sized_static = built_downloads(args, size, logdir)
    pages = {**pages, CSV_SIZED_STATIC: csv_sized_static}
    files = {"DOWNLOADS_ROOT": str(downloads)}
    passes = [
        ("default", {**files, "CACHE_URL": args.cache_url}, [*PAGES, CSV_SIZED_STATIC]),
        ("off", {**files, "CACHE_URL": "dummycache://"}, CURRENT_PAGES),
    ]
    runs = []
    for cache, overrides, names in passes:
        if cache == "default":
            empty_cache(args.cache_url)
        server = Server(args, size, overrides, logdir)
        try:
            server.wait_ready(pages["static file"])
            # Workers load Django one by one; on a busy machine the last can take seconds.
            url = server.base + pages["current (EN)"]
            wrk(args, url, f"{3 * seconds(args.warmup)}s", connections=2 * server.workers)
            workers = server.workers  # before any timeout replaces one
            results = load_pages(args, server, pages, names)
            if cache == "default":
                results[AS_OF_MIX] = as_of_mix(args, server, url, logdir)
                results.update(under_attack(args, server, url, logdir))
                results[PUBLISH] = during_publish(args, server, url)
            runs.append(
                {
                    "cache": cache,
                    "workers": workers,
                    "timeouts": server.timeouts,
                    "cache_failures": server.cache_failures,
                    "results": results,
                }
            )
        finally:
            server.stop()
    return runs


def empty_cache(url):
    """Start from an empty page cache: no page left from an earlier run."""
    if url.startswith("redis"):
        import redis  # Django's Redis cache backend needs it: it is in the virtualenv

        redis.Redis.from_url(url).flushdb()


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    meminfo = Path("/proc/meminfo").read_text()
    ram = int(re.search(r"MemTotal:\s+(\d+) kB", meminfo).group(1)) / 1024 / 1024
    return f"{os.cpu_count()} CPUs ({cpu}), {ram:.0f} GiB RAM"


def versions(server):
    postgres = psql(server, "postgres", "SHOW server_version").stdout.strip()
    wrk_version = run(["wrk", "--version"], capture_output=True, text=True, check=False)
    wrk_version = (wrk_version.stdout or wrk_version.stderr).split("[")[0].strip()
    commit = run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    )
    return (
        f"PostgreSQL {postgres}, Python {sys.version.split()[0]}, {wrk_version}, "
        f"commit {commit.stdout.strip() or 'unknown'}"
    )


def fmt_size(size_bytes):
    return f"{size_bytes / 1024 / 1024:.1f} MiB"


def change(before, after):
    return f"{(after - before) / before * 100:+.0f}%" if before else "n/a"


def report(args, sizes, data):
    out = []
    line = out.append
    line("### Performance: `make bench`")
    line("")
    line(f"- Machine: {machine()}; {versions(args.server)}.")
    line(
        "- Load average (1 min) before and after the run: "
        f"{data['load_before']:.1f} and {os.getloadavg()[0]:.1f}."
    )
    for size in sizes:
        c = data[size]["queries"]["counts"]
        line(
            f"- `{DATABASES[size]}`: {c['regions']:,} regions, {c['missions']:,} missions, "
            f"{c['snapshots']:,} snapshots, {c['postings']:,} postings."
        )
    first = data[sizes[0]]["http"][0]
    line(
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration} --latency` per "
        f"page ({args.csv_duration} for the CSV export) after a {args.warmup} warm-up, with "
        "`Accept-Encoding: gzip` as a browser sends; "
        f"gunicorn with {first['workers']} workers (threads as gunicorn.conf.py sets them), "
        f"production settings (DEBUG off), the page cache on {cache_label(args)}, "
        "PostgreSQL and wrk on the same machine. The static file is loaded first and last; "
        "the ratios are to the mean of the two. Under attack: the readers' wrk again, while "
        f"`wrk -t1 -c{args.attack_connections}` asks for the same page with a new junk query "
        "each request (`?utm_source=N`, `?as_of=junkN`, `?as_of=N&as_of=2020-01-01`). "
        "With a publish: the readers' wrk again, from a third of the duration before a new "
        "edition is published until a third of it after the current pages are rendered "
        "ahead, as the review screen does; however long the publish takes."
    )
    line("")
    line("| data | page | page cache | requests | req/s | p50 ms | p99 ms | of static | errors |")
    line("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        for http in data[size]["http"]:
            static = ceiling(data[size]["http"][0]["results"])
            for name, r in http["results"].items():
                cache = {"default": cache_label(args), "off": "off"}[http["cache"]]
                ratio = f"{r['rps'] / static * 100:.0f}%" if static else ""
                rps = f"{r['rps']:,.0f}" if r["rps"] >= 10 else f"{r['rps']:.2f}"
                latency = f"{r['p50']:,.1f} | {r['p99']:,.1f}"
                if not r["requests"]:
                    rps, latency = f"none finished in {r['duration']}", " | "
                line(
                    f"| {size} | {name} | {cache} | {r['requests']:,} | {rps} | {latency} "
                    f"| {ratio} | {r['errors']} |"
                )
    for size in sizes:
        for http in data[size]["http"]:
            if http["timeouts"]:
                line("")
                line(
                    f"gunicorn killed {http['timeouts']} workers on {size} for running past "
                    "its worker timeout (a sync worker serves one request at a time)."
                )
            if http["cache_failures"]:
                line("")
                failures = len(http["cache_failures"])
                times = "once" if failures == 1 else f"{failures} times"
                line(
                    f"The page cache failed {times} "
                    f"on {size} and was skipped for `PAGE_CACHE_RETRY_SECONDS` each time, each "
                    "worker serving its own copies of the pages meanwhile: "
                    + "; ".join(sorted(set(http["cache_failures"])))
                    + "."
                )
    line("")
    line("Database queries per request (page cache off; Django test client, in process):")
    line("")
    line("| page | " + " | ".join(f"{s}: status | {s}: queries" for s in sizes) + " |")
    line("|---|" + "---:|---:|" * len(sizes))
    for name in PAGES:
        cells = []
        for size in sizes:
            q = data[size]["queries"]["pages"][name]
            cells += [str(q["status"]), str(q["queries"]) if q["status"] == 200 else ""]
        line(f"| {name} | " + " | ".join(cells) + " |")
    line("")
    urls = data[sizes[-1]]["queries"]["urls"]
    line(f"Pages ({sizes[-1]}): " + ", ".join(f"{n} `{u}`" for n, u in urls.items()) + ".")
    line("")
    memory = {size: data[size]["memory"] for size in sizes}
    line("CSV export, consumed in process:")
    line("")
    line("| | " + " | ".join(sizes) + (" | change |" if len(sizes) == 2 else " |"))
    line("|---|" + "---:|" * (len(sizes) + (len(sizes) == 2)))
    for label, key, fmt, compare in [
        ("lines", "rows", "{:,}", False),
        ("size", "bytes", None, False),
        ("time to read it all, one client", "seconds", "{:.1f} s", False),
        ("process peak RSS", "peak_rss", None, True),
        ("RSS growth during the export", "rss_growth", None, False),
        ("Python heap peak (tracemalloc)", "heap_peak", None, True),
    ]:
        values = [memory[s][key] for s in sizes]
        cells = [fmt.format(v) if fmt else fmt_size(v) for v in values]
        if len(sizes) == 2:
            cells.append(change(*values) if compare else "")
        line(f"| {label} | " + " | ".join(cells) + " |")
    line("")
    history = data.get("large", {}).get("history")
    if history:
        line(
            f"Mission history page, uncached, median of {HISTORY_RUNS} renders in process: "
            f"{history['small_snapshots']:,} snapshots {history['small_ms']:.1f} ms, "
            f"{history['large_snapshots']:,} snapshots {history['large_ms']:.1f} ms "
            f"(×{history['large_ms'] / history['small_ms']:.2f})."
        )
        line("")
    line("Targets:")
    line("")
    line("| target | measured | met |")
    line("|---|---|---|")
    for target, measured, met in targets(sizes, data):
        line(f"| {target} | {measured} | {met} |")
    return "\n".join(out)


def cache_label(args):
    return "Redis" if args.cache_url.startswith("redis") else args.cache_url


def targets(sizes, data):
    rows = []
    cached = [
        (size, name, r, ceiling(data[size]["http"][0]["results"]))
        for size in sizes
        for http in data[size]["http"]
        if http["cache"] == "default"
        for name, r in http["results"].items()
        if name in ("current (EN)", "current (FR)")
    ]
    ratios = {
        f"{size} {name.split()[-1].strip('()')}": r["rps"] / static
        for size, name, r, static in cached
    }
    rows.append(
        (
            "current page, cached, ≥ 90% of static (issue 17)",
            ", ".join(f"{key} {ratio:.0%}" for key, ratio in ratios.items()),
            yes(min(ratios.values()) >= 0.9),
        )
    )
    defaults = {
        size: http["results"]
        for size in sizes
        for http in data[size]["http"]
        if http["cache"] == "default"
    }
    spread = {
        f"{size} {SPREAD_LABELS[name]}": r["p99"] / r["p50"]
        for size, results in defaults.items()
        for name, r in results.items()
        if name in SPREAD_LABELS
    }
    # The same stack's floor: how far the static file's own p99 is from its p50.
    static_spread = {
        size: " and ".join(
            f"×{results[name]['p99'] / results[name]['p50']:.1f}"
            for name in ("static file", STATIC_AGAIN)
        )
        for size, results in defaults.items()
    }
    rows.append(
        (
            "current page, cached, p99 within 5× its p50, a publish included (issue 17)",
            ", ".join(f"{key} ×{ratio:.1f}" for key, ratio in spread.items())
            + "; the static file itself: "
            + ", ".join(f"{size} {ratios}" for size, ratios in static_spread.items()),
            yes(max(spread.values()) <= 5),
        )
    )
    as_of = {
        size: results[AS_OF_MIX]["rps"] / ceiling(results) for size, results in defaults.items()
    }
    rows.append(
        (
            "1,000 distinct ?as_of dates, ≥ 70% of static (issue 17)",
            ", ".join(f"{size} {ratio:.0%}" for size, ratio in as_of.items()),
            yes(min(as_of.values()) >= 0.7),
        )
    )
    # Same size in bytes: requests per second compare as MB/s do. The target is for the
    # generated size; the seed's file is a few hundred bytes, where the headers dominate.
    csv = {
        size: results["CSV export"]["rps"] / results[CSV_SIZED_STATIC]["rps"]
        for size, results in defaults.items()
    }
    rows.append(
        (
            "full CSV at the generated size, ≥ 70% of the MB/s of a static file of its size "
            "(issue 17)",
            ", ".join(f"{size} {ratio:.0%}" for size, ratio in csv.items()),
            yes(csv["large"] >= 0.7) if "large" in csv else "needs the large size",
        )
    )
    attack = {
        size: http["results"][UNDER_ATTACK]["rps"] / http["results"][ALONE]["rps"]
        for size in sizes
        for http in data[size]["http"]
        if http["cache"] == "default"
    }
    rows.append(
        (
            "readers of the cached page under attack, ≥ 80% of their throughput alone",
            ", ".join(f"{size} {ratio:.0%}" for size, ratio in attack.items()),
            yes(min(attack.values()) >= 0.8),
        )
    )
    counts = {
        (size, name): data[size]["queries"]["pages"][name]["queries"]
        for size in sizes
        for name in CURRENT_PAGES
    }
    constant = (
        all(len({counts[(s, name)] for s in sizes}) == 1 for name in CURRENT_PAGES)
        and max(counts.values()) <= 10
    )
    rows.append(
        (
            "current page, uncached, same query count at both sizes, ≤ 10",
            ", ".join(
                f"{name}: " + " / ".join(str(counts[(s, name)]) for s in sizes)
                for name in CURRENT_PAGES
            ),
            yes(constant),
        )
    )
    history = data.get("large", {}).get("history")
    if history:
        ratio = history["large_ms"] / history["small_ms"]
        rows.append(
            (
                "history page, 1,000 snapshots within 3× of 10",
                f"×{ratio:.2f}",
                yes(ratio <= 3),
            )
        )
    memory = [data[s]["memory"] for s in sizes]
    if len(sizes) == 2:
        growth = (memory[1]["peak_rss"] - memory[0]["peak_rss"]) / memory[0]["peak_rss"]
        rows.append(
            ("CSV export memory flat (within 20%)", f"peak RSS {growth:+.0%}", yes(growth <= 0.2))
        )
    else:
        rows.append(("CSV export memory flat (within 20%)", "needs both sizes", "not measured"))
    return rows


def yes(condition):
    return "yes" if condition else "**no**"


def main_bench(args):
    missing = [tool for tool in ("wrk", "psql") if not shutil.which(tool)]
    if missing:
        sys.exit(
            f"bench: {' and '.join(missing)} not found. On Debian or Ubuntu: "
            "sudo apt-get install -y wrk postgresql-client (and a PostgreSQL server: "
            "postgresql). See docs/performance.md."
        )
    if psql(args.server, "postgres", "SELECT 1", check=False).returncode:
        sys.exit(f"bench: cannot reach PostgreSQL at {args.server} (set --server).")
    from redis.exceptions import RedisError

    try:
        empty_cache(args.cache_url)
    except RedisError as error:
        sys.exit(f"bench: cannot reach the cache at {args.cache_url} (set --cache-url): {error}")
    sizes = args.sizes.split(",")
    unknown = set(sizes) - set(DATABASES)
    if unknown:
        sys.exit(f"bench: unknown size {', '.join(unknown)}; use seed, large or both.")
    prepare_databases(args, sizes)
    manage(production_env(args.server, sizes[0]), "collectstatic", "--noinput", "-v0")
    data = {"load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="peaceops-bench-") as logdir:
        for size in sizes:
            print(f"bench: measuring {size}", file=sys.stderr)
            queries = probe(args, size, "queries")
            data[size] = {
                "queries": queries,
                "memory": probe(args, size, "memory", csv=queries["urls"]["CSV export"]),
            }
            if size == "large":
                data[size]["history"] = probe(args, size, "history", runs=HISTORY_RUNS)
            data[size]["http"] = http_runs(args, size, queries["urls"], logdir)
    print(report(args, sizes, data))
    print("\n### Imports (scripts/bench_imports.py: SQLite, one process each)\n")
    print("\n".join(import_rows()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=duration, default="10s", help="wrk duration per page (10s)."
    )
    parser.add_argument(
        "--csv-duration",
        type=duration,
        default="60s",
        help="wrk duration for the CSV export, which takes seconds to read (60s).",
    )
    parser.add_argument(
        "--warmup", type=duration, default="2s", help="Warm-up per page before wrk (2s)."
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16).")
    parser.add_argument(
        "--attack-connections",
        type=int,
        default=2,
        help="Connections of the client sending junk parameters in the attack run (2).",
    )
    parser.add_argument(
        "--workers",
        type=int,
        help="gunicorn workers, as WEB_CONCURRENCY (default: as gunicorn.conf.py sets them, "
        "one per CPU).",
    )
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database (env BENCH_POSTGRES).",
    )
    parser.add_argument("--sizes", default="seed,large", help="seed, large, or both (default).")
    parser.add_argument("--regions", type=int, default=200, help="bench_large: regions (200).")
    parser.add_argument(
        "--missions-per-region", type=int, default=5, help="bench_large: missions per region (5)."
    )
    parser.add_argument(
        "--snapshots-per-mission",
        type=int,
        default=1000,
        help="bench_large: snapshots per mission (1000).",
    )
    parser.add_argument("--regenerate", action="store_true", help="Rebuild bench_large.")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        help="The page cache shared by the workers, as docker-compose.yml runs it: a Redis "
        "database the bench empties (env BENCH_CACHE_URL; default redis://127.0.0.1:6379/5).",
    )
    parser.add_argument(
        "--env",
        action="append",
        type=env_setting,
        default=[],
        metavar="KEY=VALUE",
        help="Extra environment for gunicorn, e.g. --env PAGE_VERSION_SECONDS=5.",
    )
    main_bench(parser.parse_args())


if __name__ == "__main__":
    main()
