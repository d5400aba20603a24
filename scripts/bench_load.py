"""`make bench` (scripts/bench.py): the load on the pages, with wrk.

For one size: the live edition's downloads built, then one gunicorn with the page cache on
Redis, where each page is loaded in turn (the static file first and last), then the
current page with 1,000 distinct ?as_of dates, its readers under attack and its readers
while an edition is published; then another gunicorn with the page cache off, for the
current pages. Returns wrk's figures, as the report reads them.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench_setup import (
    HEADERS,
    PROBES,
    PYTHON,
    ROOT,
    Server,
    empty_cache,
    fetch_status,
    manage,
    production_env,
    run,
)

# The pages loaded, by the names the report gives them.
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
