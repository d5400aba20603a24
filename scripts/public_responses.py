"""Every public response of a small site, written to a folder, to compare before and after a
change that must not change what the public gets (a refactoring, a move of code).

    .venv/bin/python scripts/public_responses.py capture /tmp/before
    ... change the code ...
    .venv/bin/python scripts/public_responses.py compare /tmp/before

The site is built afresh in a temporary SQLite database: the seed content, then two
editions published from the records (a new figure and a changed text, then a corrected
past figure). Every page, download and API answer reachable from the public pages is
fetched in both languages, links followed, in local mode (DEBUG on). Timestamps, nonces
and the view named by the debug 404 page are masked; the rest must be the same byte for
byte. Exits 1, naming each address that differs, if not.
"""

import argparse
import datetime
import difflib
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
from collections import deque
from html.parser import HTMLParser
from pathlib import Path

ROOTS = [
    "/",
    "/en/current-peace-operations/",
    "/fr/missions-en-cours/",
    "/en/current-peace-operations/?as_of=2018-01-01",
    "/fr/missions-en-cours/?as_of=2018-01-01",
    "/en/current-peace-operations/?as_of=2018-02-30",
    "/en/missions/?status=ended&kind=un",
    "/fr/missions/?status=closed",
    "/en/no-such-page/",
    "/fr/aucune-page/",
    "/en/current-peace-operations/editions/99/",
    "/api/v1/openapi.json",
    "/api/v1/editions",
    "/api/v1/regions",
    "/api/v1/missions",
    "/api/v1/figures",
    "/api/v1/figures?mission=binuh",
    "/api/v1/missions?limit=2",
    "/api/v1/no-such-thing",
]
LIMIT = 2000
MASKS = [
    (re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), b"<time>"),
    (re.compile(rb'nonce="[^"]*"'), b'nonce="<nonce>"'),
    # Local mode's 404 page names the view that raised it, by its module.
    (re.compile(rb"(Raised by:</th>\s*<td>)[^<]*"), rb"\1<view>"),
]
SKIPPED = ("/static/", "/en/admin", "/fr/admin", "/admin")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.found.append(value)


def setup(folder):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/site.sqlite3"
    os.environ["DOWNLOADS_ROOT"] = str(Path(folder) / "downloads")
    os.environ["CACHE_URL"] = "locmemcache://"
    os.environ["SITE_URL"] = ""
    os.environ["LOG_LEVEL"] = "CRITICAL"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    logging.disable(logging.WARNING)


def build_site():
    from django.core.management import call_command

    from missions.models import DeploymentSnapshot, Mission, Region

    call_command("migrate", verbosity=0)
    call_command("seed_content", verbosity=0)
    mission = Mission.objects.get(slug="binuh")
    mission.body_en += "\n\nA sentence added for the comparison."
    mission.body_fr += "\n\nUne phrase ajoutée pour la comparaison."
    mission.save()
    DeploymentSnapshot.objects.create(
        region=mission.region,
        mission=mission,
        as_of=datetime.date(2025, 1, 15),
        authorized=12,
        deployed=7,
        source="Comparison.",
    )
    publish("A new figure and a sentence.", "Un nouveau chiffre et une phrase.")
    region = Region.objects.get(slug="ukraine")
    region.note_en = region.note_en or "Operations are suspended."
    region.note_fr = region.note_fr or "Les opérations sont suspendues."
    region.save()
    old = DeploymentSnapshot.objects.filter(authorized__isnull=False).order_by("as_of").first()
    old.authorized += 1
    old.save()
    publish("A corrected figure.", "Un chiffre corrigé.")


def publish(summary_en, summary_fr):
    from missions.editions.publishing import publish_working_copy

    publish_working_copy(summary_en=summary_en, summary_fr=summary_fr, significant=True)


def fetch_all():
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="localhost")
    seen, queue, responses = set(ROOTS), deque(ROOTS), {}
    while queue and len(responses) < LIMIT:
        url = queue.popleft()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for pattern, mask in MASKS:
            body = pattern.sub(mask, body)
        location = response.headers.get("Location", "")
        responses[url] = {
            "status": response.status_code,
            "type": response.headers.get("Content-Type", ""),
            "location": location,
            "body": body,
        }
        found = [location] if location else []
        if "html" in responses[url]["type"]:
            parser = Links()
            parser.feed(body.decode("utf-8", "replace"))
            found += parser.found
        for link in found:
            link = link.split("#")[0].replace("&amp;", "&")
            if link.startswith("http://localhost"):
                link = link[len("http://localhost") :]
            if link.startswith("/") and not link.startswith(SKIPPED) and link not in seen:
                seen.add(link)
                queue.append(link)
    return responses


def file_name(url):
    return hashlib.sha256(url.encode()).hexdigest()[:20]


def capture(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    responses = crawl()
    index = {}
    for url, response in responses.items():
        name = file_name(url)
        (folder / name).write_bytes(response["body"])
        index[url] = {key: value for key, value in response.items() if key != "body"}
    (folder / "index.json").write_text(json.dumps(index, indent=1, sort_keys=True))
    print(f"{len(responses)} responses captured in {folder}")


def compare(folder):
    folder = Path(folder)
    index = json.loads((folder / "index.json").read_text())
    responses = crawl()
    differ = []
    for url in sorted(set(index) | set(responses)):
        if url not in responses or url not in index:
            differ.append(f"{url}: {'gone' if url in index else 'new'}")
            continue
        before, now = index[url], responses[url]
        for key in ("status", "type", "location"):
            if before[key] != now[key]:
                differ.append(f"{url}: {key} {before[key]!r} -> {now[key]!r}")
        body = (folder / file_name(url)).read_bytes()
        if body != now["body"]:
            lines = difflib.unified_diff(
                body.decode("utf-8", "replace").splitlines(),
                now["body"].decode("utf-8", "replace").splitlines(),
                lineterm="",
                n=1,
            )
            shown = [line[:300] for line in list(lines)[:12]]
            differ.append(f"{url}: body differs\n" + "\n".join(shown))
    for line in differ:
        print(line)
    print(f"{len(responses)} responses compared, {len(differ)} differ")
    return 1 if differ else 0


def crawl():
    with tempfile.TemporaryDirectory() as site:
        setup(site)
        build_site()
        return fetch_all()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["capture", "compare"])
    parser.add_argument("folder")
    arguments = parser.parse_args()
    if arguments.action == "capture":
        capture(arguments.folder)
        return 0
    return compare(arguments.folder)


if __name__ == "__main__":
    sys.exit(main())
