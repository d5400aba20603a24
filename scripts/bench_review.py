"""Review screen benchmark: the admin's review screen, as a Publisher opens it, when the
working copy has a mission whose body (English and French) is a 1,200-word text changed at
50 scattered places, and when that body is rewritten; and the word diff of those bodies
alone (missions/core/textdiff.py).

`make bench` calls measure_review() and prints review_lines(); on its own:

    .venv/bin/python scripts/bench_review.py [--runs 7]

It runs in a fresh child process on a throwaway SQLite database (migrated and seeded), with
DEBUG off as in production, through the Django test client: the time of the view, its
queries and its templates, without a network or a web server.
"""

import argparse
import io
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "missions" / "management" / "commands" / "load_data_words.json"
BODY_WORDS = 1_200
EDITS = 50
CASES = {
    "edited": f"{BODY_WORDS:,}-word body, {EDITS} scattered edits",
    "rewritten": f"{BODY_WORDS:,}-word body, rewritten",
}
# The target: the review of a 1,200-word edit answers in under 2 s.
TARGET_SECONDS = 2


def measure_review(runs=7):
    """The review screen's and the word diff's times, in milliseconds, for each case."""
    with tempfile.TemporaryDirectory(prefix="peaceops-bench-review-") as tmp:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("CACHE_URL", "REDIS_URL", "SITE_URL")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="peaceops.settings",
            PYTHONPATH=str(ROOT),
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            SECRET_KEY=secrets.token_urlsafe(64),
            DEBUG="false",
            ALLOWED_HOSTS="testserver",
            STATIC_ROOT=f"{tmp}/static",
            DOWNLOADS_ROOT=f"{tmp}/downloads",
        )
        result = subprocess.run(
            [sys.executable, __file__, "--child", "--runs", str(runs)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode:
        sys.exit(f"bench: the review benchmark failed:\n{result.stderr}")
    # The last line: the site logs to stdout too.
    return json.loads(result.stdout.strip().splitlines()[-1])


def review_lines(result):
    """The Markdown table of measure_review()'s result."""
    lines = [
        "| working copy | review screen, median (ms) | worst (ms) "
        "| word diff EN + FR, median (ms) | worst (ms) | page size |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for case, label in CASES.items():
        r = result[case]
        lines.append(
            f"| {label} | {statistics.median(r['review_ms']):,.0f} | {max(r['review_ms']):,.0f} "
            f"| {statistics.median(r['diff_ms']):,.1f} | {max(r['diff_ms']):,.1f} "
            f"| {r['bytes'] / 1024:,.0f} KiB |"
        )
    return lines


def body(language, seed):
    """A body of BODY_WORDS words in `language` ("en" or "fr"): sentences of 8 to 20 words
    drawn from the load generator's texts, five to a paragraph."""
    texts = json.loads(WORDS.read_text(encoding="utf-8"))
    column = {"en": 0, "fr": 1}[language]
    vocabulary = " ".join(pair[column] for pair in texts["sentences"] + texts["list_items"]).split()
    draw = random.Random(seed)
    sentences, count = [], 0
    while count < BODY_WORDS:
        length = min(draw.randint(8, 20), BODY_WORDS - count)
        words = [draw.choice(vocabulary).strip(".,") for _ in range(length)]
        sentences.append(" ".join(words).capitalize() + ".")
        count += length
    paragraphs = [" ".join(sentences[n : n + 5]) for n in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def edited(text, seed):
    """The text changed at EDITS places spread evenly through it: in turn a word replaced,
    two words inserted and a word removed."""
    words = text.split(" ")
    draw = random.Random(seed)
    step = len(words) // EDITS
    for edit in reversed(range(EDITS)):
        at = edit * step + draw.randrange(step)
        if "\n" in words[at]:  # the words around a paragraph break: the break stays
            at += 1
        if edit % 3 == 0:
            words[at] = f"revised{edit}"
        elif edit % 3 == 1:
            words[at:at] = [f"added{edit}", "words"]
        else:
            del words[at]
    return " ".join(words)


def timed(function, runs):
    """Milliseconds of each of `runs` calls, after one to warm up."""
    function()
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def child(runs):
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from missions.core.textdiff import word_diff
    from missions.editions.publishing import publish_working_copy
    from missions.models import Mission

    call_command("migrate", verbosity=0)
    call_command("seed_content", stdout=io.StringIO())
    call_command("collectstatic", "--noinput", verbosity=0)
    publisher = User.objects.create_user("bench-publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name="Publishers"))
    client = Client()
    client.force_login(publisher)
    with translation.override("en"):
        url = reverse("admin:missions_edition_review")

    def review():
        response = client.get(url, secure=True, headers={"X-Forwarded-Proto": "https"})
        if response.status_code != 200:
            sys.exit(f"bench: the review screen answered {response.status_code}")
        return response

    # The body as published: the live edition has it.
    mission = Mission.objects.published().exclude(body_en="").exclude(body_fr="").first()
    live = {language: body(language, seed=1) for language in ("en", "fr")}
    mission.body_en, mission.body_fr = live["en"], live["fr"]
    mission.save()
    publish_working_copy(summary_en="Bench.", summary_fr="Banc d'essai.", significant=False)
    working = {
        "edited": {language: edited(text, seed=2) for language, text in live.items()},
        "rewritten": {language: body(language, seed=3) for language in live},
    }

    def diffs(texts):
        return [word_diff(live[language], texts[language]) for language in texts]

    result = {}
    for case, texts in working.items():
        mission.body_en, mission.body_fr = texts["en"], texts["fr"]
        mission.save()
        html = review().content.decode()
        if "<del>" not in html or "<ins>" not in html:
            sys.exit(f"bench: the review screen shows no change of the body ({case})")
        result[case] = {
            "review_ms": timed(review, runs),
            "diff_ms": timed(lambda texts=texts: diffs(texts), runs),
            "bytes": len(html.encode()),
        }
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="Timed runs of each case (7).")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be 1 or more.")
    if args.child:
        child(args.runs)
    else:
        print("\n".join(review_lines(measure_review(args.runs))))


if __name__ == "__main__":
    main()
