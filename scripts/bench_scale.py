"""`make bench` (scripts/bench.py): issue 31's numbers, side by side in one run.

- The Django path against its ceiling: the bare WSGI app (scripts/bench_bare.py) serving
  the cached current page's bytes and headers under the same gunicorn, and the cached page,
  in turn, ROUNDS times; then a crawler's sweep of all-distinct past dates.
- Through Varnish: a real varnishd with deploy/varnish/default.vcl, its backend pointed at
  the bench's gunicorn; the current page, 1,000 past dates, the sweep, the CSV download,
  and the moment right after a publish, each with the origin's requests per 10,000 of the
  clients' (counted in gunicorn's access log). Skipped, with a line saying why, without
  varnishd or the VCL.

wrk runs as issue 31 measured: -t2 -c20, for --duration.
"""

import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_load import built_downloads, parse_wrk, seconds, wrk_command
from bench_scripts import AS_OF_SCRIPT, LANGUAGES_SCRIPT, SWEEP_SCRIPT
from bench_setup import (
    HEADERS,
    PYTHON,
    ROOT,
    Server,
    empty_cache,
    free_port,
    start_publisher,
    terminate,
    wait_until_answering,
)

CONNECTIONS = 20
# The machine's load moves between runs: the two are compared round by round.
ROUNDS = 3
VCL = ROOT / "deploy" / "varnish" / "default.vcl"

BARE, CACHED, SWEEP = "bare WSGI app, same bytes", "current (EN), cached", "all-distinct dates"
THROUGH_VARNISH = [
    "current (EN)",
    "as_of: 1,000 distinct dates",
    "all-distinct dates",
    "CSV download",
    "current (EN, FR), a publish",
]


def load(args, url, script=None, script_args=(), duration=None):
    command = wrk_command(args, url, duration or args.duration, CONNECTIONS, 2, script, script_args)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"bench: wrk failed on {url}:\n{result.stderr}")
    return parse_wrk(result.stdout)


def lua(logdir, name, text):
    path = Path(logdir) / f"{name}.lua"
    path.write_text(text)
    return str(path)


def saved_page(url, path):
    """The page at `url`, as the bench's clients get it: status, headers and body."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS)) as response:
        page = {
            "status": f"{response.status} {response.reason}",
            # gunicorn adds these itself.
            "headers": [
                item
                for item in response.getheaders()
                if item[0].lower() not in ("date", "connection", "server")
            ],
            "body": response.read().decode("latin-1"),
        }
    path.write_text(json.dumps(page))


def side_by_side(args, size, server, pages, logdir):
    """The bare app and the cached page in turn, then the sweep of all-distinct dates."""
    url = server.base + pages["current (EN)"]
    page = Path(logdir) / "bare-page.json"
    saved_page(url, page)
    overrides = {
        # As the site's: gunicorn.conf.py sets the workers from CACHE_URL.
        "CACHE_URL": args.cache_url,
        "BENCH_BARE_PAGE": str(page),
        "PYTHONPATH": f"{ROOT}:{ROOT / 'scripts'}",
    }
    bare = Server(args, size, overrides, logdir, app="bench_bare:application")
    try:
        bare.wait_ready("/")
        rounds = []
        for _round in range(ROUNDS):
            load(args, bare.base + "/", duration=args.warmup)
            rounds.append({BARE: load(args, bare.base + "/"), CACHED: load(args, url)})
        workers = {BARE: bare.workers, CACHED: server.workers}
    finally:
        bare.stop()
    sweep = load(args, url, lua(logdir, "sweep", SWEEP_SCRIPT))
    for result in rounds:
        print(
            f"bench: {CACHED}: {result[CACHED]['rps']:.0f} req/s, {BARE}: "
            f"{result[BARE]['rps']:.0f}",
            file=sys.stderr,
        )
    print(f"bench: {SWEEP}: {sweep['rps']:.0f} req/s", file=sys.stderr)
    return {"rounds": rounds, "workers": workers, "sweep": sweep}


def varnish_vcl(directory, port):
    """The project's VCL, every backend the bench's gunicorn, and purges allowed from this
    machine (purge_frontend's)."""
    vcl = VCL.read_text()
    vcl = re.sub(r'\.host\s*=\s*"[^"]*"\s*;', '.host = "127.0.0.1";', vcl)
    vcl = re.sub(r'\.port\s*=\s*"[^"]*"\s*;', f'.port = "{port}";', vcl)
    vcl = re.sub(r"acl purgers \{", 'acl purgers {\n    "127.0.0.1";', vcl)
    path = Path(directory) / "default.vcl"
    path.write_text(vcl)
    path.chmod(0o644)
    return path


class Varnish:
    """varnishd in the foreground on a free port, in a working directory of its own."""

    def __init__(self, logdir, backend_port):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # Readable by the user varnishd's workers run as, unlike the bench's own directory.
        self.workdir = tempfile.mkdtemp(prefix="peaceops-varnish-")
        Path(self.workdir).chmod(0o755)
        vcl = varnish_vcl(self.workdir, backend_port)
        self.log = Path(logdir) / "varnishd.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                ["varnishd", "-F", "-n", self.workdir, "-a", f"127.0.0.1:{self.port}"]
                + ["-f", str(vcl), "-s", "malloc,256m"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, path):
        wait_until_answering(self, "varnishd", path, 30)

    def stop(self):
        terminate(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def varnish_missing():
    """Why the Varnish part cannot run here, or None."""
    if not shutil.which("varnishd"):
        return "varnishd is not installed (apt-get install -y varnish varnish-modules)"
    if not VCL.exists():
        return f"{VCL.relative_to(ROOT)} does not exist"
    return None


def through_varnish(args, size, pages, files, logdir):
    """Another gunicorn, set up as docker-compose runs it behind Varnish (tags for xkey,
    shared caches keeping pages a day, publishes purged by purge_frontend), and varnishd in
    front of it; each load through Varnish, with the origin's requests it cost."""
    overrides = {
        **files,
        "CACHE_URL": args.cache_url,
        "CACHE_TAG_HEADER": "xkey",
        "PAGE_SHARED_MAX_AGE": "86400",
        "FRONTEND_CACHE": "varnish",
    }
    server = Server(args, size, overrides, logdir)
    varnish = None
    results = {}
    try:
        server.wait_ready(pages["static file"])
        varnish = Varnish(logdir, server.port)
        varnish.wait_ready(pages["static file"])
        server.env["VARNISH_URLS"] = varnish.base  # for the publish and purge_frontend
        url = varnish.base + pages["current (EN)"]
        loads = [
            ("current (EN)", url, None, ()),
            ("as_of: 1,000 distinct dates", url, lua(logdir, "as_of", AS_OF_SCRIPT), ()),
            ("all-distinct dates", url, lua(logdir, "sweep", SWEEP_SCRIPT), ()),
            ("CSV download", varnish.base + pages["CSV export"], None, ()),
        ]
        for name, address, script, script_args in loads:
            before = server.requests
            result = load(args, address, script, script_args)
            results[name] = {**result, "origin": server.requests - before}
            report_line(name, results[name])
        results[THROUGH_VARNISH[-1]] = after_publish(args, server, varnish, pages, logdir)
        report_line(THROUGH_VARNISH[-1], results[THROUGH_VARNISH[-1]])
    finally:
        if varnish is not None:
            varnish.stop()
        server.stop()
    return results


def report_line(name, result):
    print(
        f"bench: through Varnish, {name}: {result['rps']:.0f} req/s, "
        f"{result['origin']:,} origin requests for {result['requests']:,}",
        file=sys.stderr,
    )


def after_publish(args, server, varnish, pages, logdir):
    """The current page in English and French through Varnish, from a third of --duration
    before a publish until a third of it after; purge_frontend sends the publish's purge
    to varnishd. The origin's requests are counted for each page."""
    paths = [pages["current (EN)"], pages["current (FR)"]]
    purger = subprocess.Popen(
        [PYTHON, "manage.py", "purge_frontend"],
        cwd=ROOT,
        env=server.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    publisher = start_publisher(server.env)
    try:
        if publisher.stdout.readline().strip() != "ready":
            sys.exit(f"bench: the publish probe failed:\n{publisher.communicate()[1]}")
        margin = seconds(args.duration) / 3
        log_before = server.log.read_text()
        script = lua(logdir, "languages", LANGUAGES_SCRIPT)
        readers = subprocess.Popen(
            wrk_command(args, varnish.base + paths[0], "10m", CONNECTIONS, 2, script, paths),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(margin)
        published, errors = publisher.communicate("publish\n")
        # purge_frontend sends the purge at once, and again PAGE_VERSION_SECONDS later.
        time.sleep(margin + 2)
        readers.send_signal(signal.SIGINT)
        output, wrk_errors = readers.communicate()
    finally:
        purger.send_signal(signal.SIGTERM)
        purger.wait(timeout=30)
    if publisher.returncode or readers.returncode:
        sys.exit(f"bench: the publish through Varnish failed:\n{errors}{wrk_errors}")
    new_lines = server.log.read_text()[len(log_before) :]
    origin = {path: new_lines.count(f'\\"GET {path} HTTP') for path in paths}
    return {
        **parse_wrk(output),
        "origin": new_lines.count('"logger": "gunicorn.access"'),
        "origin_pages": origin,
        "published": json.loads(published),
        "purger_exit": purger.returncode,
    }


def scale_runs(args, size, pages, logdir):
    """Both parts, for one size, each with a gunicorn of its own, the page cache on
    Redis as the bench's other loads have it."""
    downloads = Path(logdir) / f"downloads-{size}"
    if not downloads.exists():  # built by bench_load.http_runs unless --scale-only
        downloads = built_downloads(args, size, logdir)[0]
    files = {"DOWNLOADS_ROOT": str(downloads)}
    empty_cache(args.cache_url)
    server = Server(args, size, {**files, "CACHE_URL": args.cache_url}, logdir)
    try:
        server.wait_ready(pages["static file"])
        load(args, server.base + pages["current (EN)"], duration=args.warmup)
        data = side_by_side(args, size, server, pages, logdir)
    finally:
        server.stop()
    missing = varnish_missing()
    if missing:
        print(f"bench: through Varnish: skipped, {missing}", file=sys.stderr)
        data["varnish"] = {"skipped": missing}
    else:
        empty_cache(args.cache_url)
        data["varnish"] = through_varnish(args, size, pages, files, logdir)
    return data


def scale_report(args, sizes, data):
    """The Markdown of issue 31's numbers."""
    out = ["", "### Issue 31: the Django path near its ceiling, and through Varnish", ""]
    line = out.append
    line(
        f"`wrk -t2 -c{CONNECTIONS} -d{args.duration}`, the bare WSGI app "
        "(scripts/bench_bare.py: the cached page's bytes and headers, no Django) and the "
        "cached current page in turn, under the same gunicorn and configuration; then a "
        "sweep of all-distinct past dates (2012 to 2025, a new day each request)."
    )
    line("")
    for size in sizes:
        workers = data[size]["scale"]["workers"]
        line(f"- {size}: gunicorn workers: " + ", ".join(f"{n} {w}" for n, w in workers.items()))
    line("")
    line("| data | round | bare WSGI app req/s | cached page req/s | cached / bare |")
    line("|---|---:|---:|---:|---:|")
    for size in sizes:
        for number, result in enumerate(data[size]["scale"]["rounds"], 1):
            bare, cached = result[BARE]["rps"], result[CACHED]["rps"]
            line(f"| {size} | {number} | {bare:,.0f} | {cached:,.0f} | {cached / bare:.2f} |")
    line("")
    for size in sizes:
        ratios = [r[CACHED]["rps"] / r[BARE]["rps"] for r in data[size]["scale"]["rounds"]]
        line(f"- {size}: median cached / bare {statistics.median(ratios):.2f}.")
    line("")
    line("| data | all-distinct dates req/s | of the cached page (its median) | origin errors |")
    line("|---|---:|---:|---:|")
    for size in sizes:
        scale = data[size]["scale"]
        cached = statistics.median(r[CACHED]["rps"] for r in scale["rounds"])
        sweep = scale["sweep"]
        line(
            f"| {size} | {sweep['rps']:,.0f} | {sweep['rps'] / cached:.2f} "
            f"| {sweep['errors']:,} 404 or other non-2xx/3xx |"
        )
    line("")
    line("Through Varnish (deploy/varnish/default.vcl; origin requests from gunicorn's log):")
    line("")
    for size in sizes:
        varnish = data[size]["scale"]["varnish"]
        if "skipped" in varnish:
            line(f"- {size}: skipped, {varnish['skipped']}.")
            continue
        line("| data | load | client requests | req/s | origin requests | per 10,000 |")
        line("|---|---|---:|---:|---:|---:|")
        for name in THROUGH_VARNISH:
            r = varnish[name]
            per = r["origin"] / r["requests"] * 10_000 if r["requests"] else 0
            line(
                f"| {size} | {name} | {r['requests']:,} | {r['rps']:,.0f} "
                f"| {r['origin']:,} | {per:.1f} |"
            )
        publish = varnish[THROUGH_VARNISH[-1]]
        pages = ", ".join(f"`{path}` {count}" for path, count in publish["origin_pages"].items())
        line("")
        line(
            f"- {size}, the publish (edition {publish['published']['edition']}): "
            f"the origin's requests for the current pages: {pages}."
        )
        line("")
    return "\n".join(out)
