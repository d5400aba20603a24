"""`make bench`: load-test the public pages under gunicorn, with the production settings and
PostgreSQL, at the seed size and at a generated size, and print the results as Markdown.

Needs a PostgreSQL server (by default postgres://postgres@127.0.0.1:5432, trust auth; psql on
the PATH) and wrk (`apt-get install -y wrk`). Standard library only; run it with the
project's virtualenv, which has Django and gunicorn:

    .venv/bin/python scripts/bench.py [--duration 10s] [--regenerate] [--sizes seed,large]

It (re)creates two databases on that server, bench_seed and bench_large, and never touches
any other. bench_large is generated once (about a minute) and kept between runs while the
generator and its options are unchanged; --regenerate rebuilds it.

The parts, in scripts/: bench_setup.py (the databases, the page cache, gunicorn and the
probes' processes), bench_load.py (wrk's runs, with the Lua scripts of bench_scripts.py) and
bench_report.py (the Markdown report);
bench_probes.py (the measurements in process), bench_review.py (the review screen, which
runs alone too) and bench_imports.py (the imports).
"""

import argparse
import os
import re
import shutil
import sys
import tempfile

# scripts/ is on the path when run as a script
from bench_imports import import_rows
from bench_load import http_runs
from bench_report import report
from bench_review import measure_review
from bench_scale import scale_report, scale_runs
from bench_setup import (
    DATABASES,
    HISTORY_RUNS,
    empty_cache,
    manage,
    prepare_databases,
    probe,
    production_env,
    psql,
)


def env_setting(text):
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE.")
    return text


def duration(text):
    if not re.fullmatch(r"[1-9]\d*[smh]?", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: use e.g. 10s or 2m.")
    return text


def positive(text):
    if not re.fullmatch(r"[1-9]\d*", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more.")
    return int(text)


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
    # First: seed_content's publish renders the current pages ahead, with the static files.
    manage(production_env(args.server, sizes[0]), "collectstatic", "--noinput", "-v0")
    prepare_databases(args, sizes)
    data = {"load_before": os.getloadavg()[0]}
    if not args.scale_only:
        print("bench: measuring the review screen", file=sys.stderr)
        data["review"] = measure_review(args.review_runs)
    with tempfile.TemporaryDirectory(prefix="peaceops-bench-") as logdir:
        for size in sizes:
            print(f"bench: measuring {size}", file=sys.stderr)
            queries = probe(args, size, "queries")
            data[size] = {"queries": queries}
            if not args.scale_only:
                data[size]["memory"] = probe(
                    args, size, "memory", csv=queries["urls"]["CSV export"]
                )
                if size == "large":
                    data[size]["history"] = probe(args, size, "history", runs=HISTORY_RUNS)
                data[size]["http"] = http_runs(args, size, queries["urls"], logdir)
            data[size]["scale"] = scale_runs(args, size, queries["urls"], logdir)
    if args.scale_only:
        print(scale_report(args, sizes, data))
        return
    print(report(args, sizes, data))
    print(scale_report(args, sizes, data))
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
        "--made-up-connections",
        type=positive,
        default=8,
        help="Connections of the client asking for made-up addresses, and of the one asking "
        "for the cached page in the run they are compared with (8).",
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
        "--scale-only",
        action="store_true",
        help="Issue 31's part alone (scripts/bench_scale.py): the cached page against a bare "
        "WSGI app, the sweep of all-distinct dates, and the loads through Varnish.",
    )
    parser.add_argument(
        "--review-runs",
        type=positive,
        default=7,
        help="Timed loads of the review screen per case (7); scripts/bench_review.py runs "
        "this part alone.",
    )
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
