"""The in-process measurements of `make bench` (scripts/bench.py): each runs in a fresh
process with Django set up against one bench database, and prints its result as JSON.

    python scripts/bench_probes.py {queries,memory,history,publish} [--params JSON]
"""

import argparse
import gc
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# In process, the body is read as it is sent, uncompressed.
PROBE_HEADERS = {"X-Forwarded-Proto": "https"}


def django_client():
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    # Whatever the page cache is called, it is off for these measurements.
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    override_settings(CACHES={alias: dummy for alias in settings.CACHES}).enable()
    return Client()


def get(client, url):
    """A GET as the public makes it, over https behind the proxy; the body is consumed."""
    response = client.get(url, secure=True, headers=PROBE_HEADERS)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def probe_urls():
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from missions.models import Edition, Mission, Status

    with translation.override("en"):
        current = reverse("missions:current")
        edition = Edition.objects.live().get_absolute_url()
        # The mission with the longest history: the 1,000-snapshot case.
        mission = (
            Mission.objects.published()
            .filter(status=Status.ACTIVE)
            .annotate(n=Count("snapshots"))
            .order_by("-n", "pk")
            .first()
        )
        csv = reverse("missions:snapshots_csv")
        history = reverse("missions:mission_detail", args=[mission.slug])
        # Where made-up addresses are asked for (a page past the last, any date).
        changes = reverse("missions:changes")
        missions = reverse("missions:mission_index")
    with translation.override("fr"):
        current_fr = reverse("missions:current")
    return {
        "current (EN)": current,
        "current (FR)": current_fr,
        "edition page": edition,
        "mission history": history,
        "CSV export": csv,
        "static file": staticfiles_storage.url("css/site.css"),
        "change log": changes,
        "mission index": missions,
    }


def probe_queries(params):
    client = django_client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from missions.models import DeploymentSnapshot, Mission, Posting, Region

    urls = probe_urls()
    pages = {}
    for name, url in urls.items():
        get(client, url)  # warm up: templates, translations, the connection
        with CaptureQueriesContext(connection) as queries:
            response, _body = get(client, url)
        pages[name] = {"status": response.status_code, "queries": len(queries)}
    counts = {
        "regions": Region.objects.count(),
        "missions": Mission.objects.count(),
        "snapshots": DeploymentSnapshot.objects.count(),
        "postings": Posting.objects.count(),
    }
    return {"urls": urls, "pages": pages, "counts": counts}


def rss(field):
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) * 1024


def consume(response):
    """Read a response as a client would, chunk by chunk; count its lines and bytes."""
    rows = size = 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        rows += chunk.count(b"\n")
        size += len(chunk)
    return rows, size


def probe_memory(params):
    import tracemalloc

    client = django_client()
    response = client.get(params["csv"], secure=True, headers=PROBE_HEADERS)
    if response.status_code != 200:
        sys.exit(f"bench: the CSV export answered {response.status_code}")
    if response.streaming:  # warm the code path with the first chunk only
        next(iter(response.streaming_content), None)
    response.close()
    del response
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS (VmHWM)
    before = rss("VmRSS")
    start = time.perf_counter()
    rows, size = consume(client.get(params["csv"], secure=True, headers=PROBE_HEADERS))
    seconds = time.perf_counter() - start
    peak = rss("VmHWM")
    gc.collect()
    tracemalloc.start()
    consume(client.get(params["csv"], secure=True, headers=PROBE_HEADERS))
    heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "rows": rows,
        "bytes": size,
        "seconds": seconds,
        "peak_rss": peak,
        "rss_growth": peak - before,
        "heap_peak": heap_peak,
    }


def publish_working_copy():
    from missions.editions.publishing import publish_working_copy

    return publish_working_copy(summary_en="Bench.", summary_fr="Banc d'essai.", significant=False)


def probe_history(params):
    """The history page of a mission with 1,000 snapshots against one with 10: a copy of
    the same mission with its last 10 figures, made in a transaction rolled back at the end."""
    client = django_client()
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, transaction
    from django.urls import reverse
    from django.utils.translation import override

    from missions.models import DeploymentSnapshot, Mission

    # As in Django's TestCase: requests must not close the connection inside the transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    urls = probe_urls()
    slug = urls["mission history"].rstrip("/").rsplit("/", 1)[-1]
    with transaction.atomic():
        large = Mission.objects.get(slug=slug)
        small = Mission.objects.get(pk=large.pk)
        small.pk = None
        small.slug = "bench-history-10"
        small.predecessor = None
        Mission.objects.bulk_create([small])
        figures = list(large.snapshots.order_by("-as_of")[:10])
        for figure in figures:
            figure.pk, figure.mission = None, small
        DeploymentSnapshot.objects.bulk_create(figures)
        publish_working_copy()  # a mission has a public page once an edition publishes it
        with override("en"):
            small_url = reverse("missions:mission_detail", args=[small.slug])
        timings = {"small": [], "large": []}
        for url in (small_url, urls["mission history"]):
            get(client, url)
        for _run in range(params["runs"]):
            for key, url in (("small", small_url), ("large", urls["mission history"])):
                start = time.perf_counter()
                get(client, url)
                timings[key].append(time.perf_counter() - start)
        result = {
            "small_snapshots": small.snapshots.count(),
            "large_snapshots": large.snapshots.count(),
            "small_ms": statistics.median(timings["small"]) * 1000,
            "large_ms": statistics.median(timings["large"]) * 1000,
        }
        transaction.set_rollback(True)
    return result


def probe_publish(_params):
    """Publish a new edition as the review screen does: its commit puts the edition live, and
    its hook then renders the current pages ahead (missions/pagecache/signals.py; the files
    are the `downloads` service's job on a large site). Waits for a line on stdin first, so
    that the bench can start it early and the readers' run does not measure Django starting."""
    import django

    django.setup()
    from django.db import transaction

    from missions.models import Mission

    print("ready", flush=True)
    sys.stdin.readline()
    start = time.perf_counter()
    # A change in both languages, new at each run (seed_content may have undone the last).
    mission = Mission.objects.published().exclude(body_en="").exclude(body_fr="").first()
    run = time.time_ns()
    for language in ("en", "fr"):
        field = f"body_{language}"
        text = re.sub(r" \(bench \d+\)$", "", getattr(mission, field))
        setattr(mission, field, f"{text} (bench {run})")
    with transaction.atomic():
        mission.save()
        edition = publish_working_copy()
        published = time.perf_counter()
    return {
        "edition": edition.number,
        "publish_s": published - start,
        "render_s": time.perf_counter() - published,
    }


PROBES = {
    "queries": probe_queries,
    "memory": probe_memory,
    "history": probe_history,
    "publish": probe_publish,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("probe", choices=PROBES)
    parser.add_argument("--params", default="{}", help="The probe's parameters, as JSON.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(json.dumps(PROBES[args.probe](json.loads(args.params))))


if __name__ == "__main__":
    main()
