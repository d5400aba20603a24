"""Import benchmark: a realistic 5,000-row figures file, and files over the limits.

`make bench` calls import_rows(); on its own:

    .venv/bin/python scripts/bench_imports.py

Each measurement runs in a fresh child process on a throwaway SQLite database (migrated
and seeded), so peak memory is the import's own. Returns Markdown table rows.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 5_000
CASES = [
    ("5,000-row CSV, preview (dry run)", "realistic", True),
    ("5,000-row CSV, import", "realistic", False),
    ("200,000-row CSV, refused", "many_rows", True),
    ("50 MB upload to the admin, refused", "large_upload", True),
]


def import_rows():
    """Markdown rows: | case | seconds | peak memory (MB) | outcome |."""
    lines = [
        "| import | time (s) | CPU (s) | peak RSS (MB) | outcome |",
        "|---|---:|---:|---:|---|",
    ]
    for label, case, dry_run in CASES:
        result = measure(case, dry_run)
        lines.append(
            f"| {label} | {result['seconds']:.2f} | {result['cpu']:.2f} | {result['peak_mb']:.0f} "
            f"| {result['outcome']} |"
        )
    return lines


def measure(case, dry_run):
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "peaceops.settings",
        }
        env.pop("REDIS_URL", None)
        output = subprocess.run(
            [sys.executable, __file__, "--child", case, "1" if dry_run else "0", tmp],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])


def figures_csv(rows):
    """rows lines of new figures, spread over the seeded regions and missions."""
    from missions.models import Mission, Region

    targets = [(region.slug, "") for region in Region.objects.all()]
    targets += [(mission.region.slug, mission.slug) for mission in Mission.objects.all()]
    start = datetime.date(1990, 1, 1)
    lines = ["region,mission,as_of,authorized,deployed,source"]
    for n in range(rows):
        region, mission = targets[n % len(targets)]
        as_of = start + datetime.timedelta(days=n // len(targets))
        lines.append(f"{region},{mission},{as_of},{20 + n % 30},{n % 20},Bench report {n}")
    return "\n".join(lines) + "\n"


def child(case, dry_run, tmp):
    import io
    import resource

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_content", stdout=io.StringIO())
    path = Path(tmp) / "figures.csv"
    if case == "realistic":
        path.write_text(figures_csv(ROWS))
    elif case == "many_rows":
        path.write_text(figures_csv(200_000))
    began, cpu = time.perf_counter(), time.process_time()
    if case == "large_upload":
        outcome = post_upload(50 * 1024 * 1024)
    else:
        args = [str(path), "--dry-run"] if dry_run else [str(path)]
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_snapshots", *args, stdout=out, stderr=err)
            outcome = out.getvalue().strip().splitlines()[-1 if not dry_run else 0]
        except Exception as error:  # the refusal is the measured outcome
            outcome = str(error)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "outcome": outcome[:90]}))


def post_upload(size):
    """The admin import form, posted with a file of `size` bytes, as a browser sends it:
    the body streams from disk into the site's WSGI handler, so the memory measured is the
    site's own. Returns the form's message."""
    import re
    import tempfile

    from django.contrib.auth import get_user_model
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
    client = Client()
    client.force_login(user)
    url = "/en/admin/missions/deploymentsnapshot/import/"
    page = client.get(url, secure=True, HTTP_HOST="localhost")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    boundary = "benchboundary"
    row = b"ukraine,,2020-01-01,5,,padding\n"
    with tempfile.TemporaryFile() as body:
        fields = (("csrfmiddlewaretoken", token.group(1)), ("resource", "0"), ("format", "0"))
        for name, value in fields:
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; '
            f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        )
        body.write(b"region,mission,as_of,authorized,deployed,source\n")
        for _chunk in range(size // (len(row) * 1000)):
            body.write(row * 1000)
        body.write(f"\r\n--{boundary}--\r\n".encode())
        length = body.tell()
        body.seek(0)
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": url,
            "SERVER_NAME": "localhost",
            "HTTP_HOST": "localhost",
            "HTTP_REFERER": f"https://localhost{url}",
            "SERVER_PORT": "443",
            "wsgi.url_scheme": "https",
            "HTTPS": "on",
            "wsgi.input": body,
            "wsgi.errors": sys.stderr,
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(length),
            "HTTP_COOKIE": cookies,
        }
        statuses = []
        chunks = get_wsgi_application()(environ, lambda status, headers: statuses.append(status))
        html = b"".join(chunks).decode()
    found = re.search(r'<ul class="errorlist"[^>]*><li>(.*?)</li>', html)
    return found.group(1) if found else f"{statuses[0]}, no error shown"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3] == "1", sys.argv[4])
    else:
        print("\n".join(import_rows()))
