"""`make bench` (scripts/bench.py): the load on the pages, with wrk.

For one size: the live edition's downloads built, then one gunicorn with the page cache on
Redis, where each page is loaded in turn (the static file first and last), then the
current page with 1,000 distinct ?as_of dates, its readers under attack (junk queries,
then made-up pages and dates, whose cache keys are counted first) and its readers while
an edition is published; then another gunicorn with Redis down from the start, and
another with the page cache off, for the current pages. Returns wrk's figures, as the
report reads them.
"""

import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench_scripts import AS_OF_SCRIPT, ATTACK_SCRIPT, MADE_UP_SCRIPT
from bench_setup import (
    HEADERS,
    ROOT,
    Server,
    cache_keys,
    empty_cache,
    fetch_status,
    free_port,
    manage,
    production_env,
    run,
    start_publisher,
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
# The pages the worker keeps its own copies of with Redis down from the start.
CACHED_PAGES = ["current (EN)", "current (FR)"]
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


def wrk_command(args, url, duration, connections=None, threads=None, script=None, script_args=()):
    cmd = ["wrk", f"-t{threads or args.threads}", f"-c{connections or args.connections}"]
    cmd += [f"-d{duration}", "--latency", "--timeout", duration]
    for name, value in HEADERS.items():
        cmd += ["-H", f"{name}: {value}"]
    if script:
        cmd += ["-s", script]
    return cmd + [url, *(["--", *script_args] if script_args else [])]


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
    publisher = start_publisher(server.env)
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
SAME_LOAD_READERS = "current (EN), readers while another client asks for it too"
SAME_LOAD_CLIENT = "another client: the same page"
MADE_UP_READERS = "current (EN), readers while made-up addresses are asked"
MADE_UP_ATTACKER = "attacker: a new made-up page or date each request"


def readers_while(args, url, connections, script=None, script_args=()):
    """The readers' wrk on the cached page at `url` while another client (wrk -t1, with
    `connections`) asks, as fast as it can, for the addresses `script` makes, or for the
    page itself; their figures, and the other client's."""
    attack_seconds = f"{seconds(args.duration) + 2}s"
    attacker = subprocess.Popen(
        wrk_command(args, url, attack_seconds, connections, 1, script, script_args),
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
    return {"duration": args.duration, **readers}, {"duration": attack_seconds, **parse_wrk(output)}


def expected_4xx(attack):
    """An attacker's 4xx are the expected answers, not errors."""
    return {**attack, "errors": f"{attack['errors']:,} answered 4xx"}


def under_attack(args, server, url, logdir):
    """The cached current page's readers alone, then while another client sends distinct
    junk parameters as fast as its connections allow."""
    results = {ALONE: {"duration": args.duration, **wrk(args, url, args.duration)}}
    script = Path(logdir) / "attack.lua"
    script.write_text(ATTACK_SCRIPT)
    results[UNDER_ATTACK], attack = readers_while(args, url, args.attack_connections, str(script))
    results[ATTACKER] = expected_4xx(attack)
    for name in (ALONE, UNDER_ATTACK, ATTACKER):
        print(f"bench: {name}: {results[name]['rps']:.1f} req/s", file=sys.stderr)
    return results


# The made-up addresses counted: the issue's 600, half change log pages, half dates.
MADE_UP_COUNT = 600


def made_up_addresses(server, pages):
    """The made-up addresses whose cache keys are counted: the change log's pages 1 to 300
    (all but the first few past its last), and the mission index on 300 days from 1990 to
    2028 (before the first edition, and every later one)."""
    first = datetime.date(1990, 1, 1)
    half = MADE_UP_COUNT // 2
    return [f"{server.base}{pages['change log']}?page={n}" for n in range(1, half + 1)] + [
        f"{server.base}{pages['mission index']}?active_on={first + datetime.timedelta(47 * n)}"
        for n in range(half)
    ]


def made_up(args, server, url, pages, logdir):
    """The cache keys that MADE_UP_COUNT made-up addresses add, asked one after another
    (redirects not followed, as an attacker needs not), and their answers; then the cached
    current page's readers while another client (--made-up-connections) asks for the same
    page, then for a new made-up address each request, as fast as it can (issue 28
    compared the two)."""
    before = cache_keys(args.cache_url)
    statuses = {}
    for address in made_up_addresses(server, pages):
        status = str(fetch_status(address)[0] or "no answer")
        statuses[status] = statuses.get(status, 0) + 1
    added = None if before is None else cache_keys(args.cache_url) - before
    keys = {"count": MADE_UP_COUNT, "added": added, "statuses": statuses}
    print(f"bench: {MADE_UP_COUNT} made-up addresses added {added} cache keys", file=sys.stderr)
    script = Path(logdir) / "made_up.lua"
    script.write_text(MADE_UP_SCRIPT)
    paths = (pages["change log"], pages["mission index"])
    connections = args.made_up_connections
    same_load, other = readers_while(args, url, connections)
    readers, attack = readers_while(args, url, connections, str(script), paths)
    results = {
        SAME_LOAD_READERS: same_load,
        SAME_LOAD_CLIENT: other,
        MADE_UP_READERS: readers,
        MADE_UP_ATTACKER: expected_4xx(attack),
    }
    for name, result in results.items():
        print(f"bench: {name}: {result['rps']:.1f} req/s", file=sys.stderr)
    return results, keys


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
    # Redis down from the start: a port nothing listens on.
    down = f"redis://127.0.0.1:{free_port()}/0"
    passes = [
        ("default", {**files, "CACHE_URL": args.cache_url}, [*PAGES, CSV_SIZED_STATIC]),
        ("down", {**files, "CACHE_URL": down}, CACHED_PAGES),
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
            run_data = {"cache": cache, "workers": workers, "results": results}
            if cache == "default":
                results[AS_OF_MIX] = as_of_mix(args, server, url, logdir)
                results.update(under_attack(args, server, url, logdir))
                made_up_results, run_data["made_up_keys"] = made_up(
                    args, server, url, pages, logdir
                )
                results.update(made_up_results)
                results[PUBLISH] = during_publish(args, server, url)
            run_data.update(timeouts=server.timeouts, cache_failures=server.cache_failures)
            runs.append(run_data)
        finally:
            server.stop()
    return runs
