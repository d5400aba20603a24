"""A backup restored into an empty database gives the same pages, byte for byte, and the
same history; it holds no credentials unless asked, and only its owner can read it."""

import gzip
import io
import json
import re
import stat

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from missions.models import DeploymentSnapshot, Mission, Posting, Region
from missions.pagecache.store import clear_public_pages

from ..helpers.pages import PUBLIC_PAGES
from ..helpers.records import make_snapshot

MODELS = [Region, Mission, Posting, DeploymentSnapshot]
PASSWORD = "a long and good passphrase"


def crawl():
    """Every page and download a visitor can reach from the public pages, as bytes."""
    clear_public_pages()  # rendered from the database, not served from before the restore
    client = Client()
    pages, queue = {}, list(PUBLIC_PAGES)
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        response = client.get(url)
        content = b"".join(response) if response.streaming else response.content
        # The language choice page writes a new CSP nonce each time.
        content = re.sub(rb'<meta name="csp-nonce" content="[^"]*">', b"", content)
        pages[url] = (response.status_code, content)
        if response["Content-Type"].startswith("text/html"):
            links = re.findall(r'href="(/(?:en|fr)/[^"#]*)"', content.decode())
            queue += [link.replace("&amp;", "&") for link in links if "/admin/" not in link]
    return pages


def records():
    """Every field of every record and of its history, to the microsecond. Who made each
    change is compared by user name: loaddata gives accounts new ids, as it finds them by
    name (PostgreSQL's sequence has moved on after other tests)."""
    users = dict(User.objects.values_list("pk", "username"))
    rows = {}
    for model in MODELS:
        rows[model.__name__] = list(model.objects.order_by("pk").values())
        rows[f"{model.__name__} history"] = [
            {**row, "history_user_id": users.get(row["history_user_id"])}
            for row in model.history.order_by("history_id").values()
        ]
    return rows


def backup(path, *args):
    call_command("backup", *args, output=str(path), stdout=io.StringIO())
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return file.read()


def restore(path):
    call_command("flush", interactive=False)
    assert not any(model.objects.exists() for model in MODELS)
    assert not User.objects.exists()
    call_command("loaddata", str(path), stdout=io.StringIO())


@pytest.fixture
def content(seeded):
    """The seed content, a staff account that changed a figure, and texts whose spaces
    and line breaks a careless format would trim."""
    editor = User.objects.create_user(
        "editor", email="editor@example.ca", password=PASSWORD, is_staff=True
    )
    region = Region.objects.get(slug="ukraine")
    snapshot = make_snapshot(region, as_of="2019-01-01", source="  Report, with spaces\n")
    snapshot._history_user = editor
    snapshot.authorized = 11
    snapshot.save()
    Mission.objects.filter(slug="binuh").update(body_en="Line one.\n\n  Line two.  \n")
    return editor


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_gives_every_page_byte_for_byte(content, tmp_path):
    before_pages, before_records = crawl(), records()
    assert len(before_pages) > 40
    assert any(url.endswith(".csv") for url in before_pages)
    assert any(url.endswith(".json") for url in before_pages)
    path = tmp_path / "peaceops.json.gz"
    backup(path)

    restore(path)

    after_pages = crawl()
    assert after_pages.keys() == before_pages.keys()
    assert [url for url in before_pages if after_pages[url] != before_pages[url]] == []
    assert records() == before_records
    assert DeploymentSnapshot.objects.get(as_of="2019-01-01").source == "  Report, with spaces\n"
    # New records after a restore take new ids (PostgreSQL's sequences were moved on).
    DeploymentSnapshot.objects.create(
        region=Region.objects.first(), as_of="2001-01-01", authorized=1
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_user_names_for_the_history_but_no_credentials(content, tmp_path):
    path = tmp_path / "peaceops.json.gz"
    text = backup(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "editor@example.ca" not in text
    assert content.password not in text
    restore(path)
    editor = User.objects.get(username="editor")
    assert not editor.is_active and not editor.has_usable_password() and not editor.is_staff
    changed = DeploymentSnapshot.history.filter(as_of="2019-01-01", authorized=11).get()
    assert changed.history_user == editor


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_with_include_users_restores_the_staff_accounts(content, tmp_path):
    path = tmp_path / "peaceops.json.gz"
    path.write_bytes(b"")
    path.chmod(0o644)
    text = backup(path, "--include-users")

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "editor@example.ca" in text
    restore(path)
    assert User.objects.get(username="editor").check_password(PASSWORD)


@pytest.mark.django_db
def test_a_backup_can_go_to_standard_output_for_a_container(seeded):
    out = io.StringIO()
    call_command("backup", output="-", stdout=out)
    models = {record["model"] for record in json.loads(out.getvalue())}
    assert {"missions.region", "missions.historicalmission"} <= models
    assert "sessions.session" not in models
