"""Every admin page in French, as a superuser, shows no English interface text.

The strings that can leak are built from the catalogues the admin draws on (Django's
admin, django-import-export, django-simple-history and the site's own): every English
message whose French differs from it, or has none. A page fails if any of them is a whole
piece of its visible text.
"""

import ast
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import django.contrib.admin
import import_export
import pytest
import simple_history
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from missions.models import DeploymentSnapshot, Mission, Posting, Region

from ..helpers.environment import ROOT
from ..helpers.staff import make_user

pytestmark = pytest.mark.django_db

CATALOGUES = [
    Path(django.contrib.admin.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    Path(import_export.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    Path(simple_history.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    ROOT / "locale/fr/LC_MESSAGES/django.po",
]
# The same word in both languages, or names that are not interface text.
SAME_IN_FRENCH = {"Position", "Version", "Action", "Actions", "Date", "Publication", "Note"}


def catalogue(path):
    """(msgid, msgstr) of each entry of a .po file; a plural entry gives its singular and
    plural forms with the first and second French forms."""
    entries, entry, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    for entry in entries:
        if entry.get("msgid"):
            yield entry["msgid"], entry.get("msgstr", entry.get("msgstr[0]", ""))
        if entry.get("msgid_plural"):
            yield entry["msgid_plural"], entry.get("msgstr[1]", "")


def leakable():
    """Patterns matching a whole English interface string."""
    patterns = set()
    for path in CATALOGUES:
        for english, french in catalogue(path):
            english = english.strip()
            if english.casefold() == french.strip().casefold() or english in SAME_IN_FRENCH:
                continue
            if not re.search(r"[A-Za-z]{3}", english) or "\n" in english:
                continue
            parts = re.split(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}", english)
            if len(re.findall(r"[A-Za-z]{3,}", "".join(parts))) < (1 if len(parts) == 1 else 2):
                continue  # mostly placeholders: it would match any text
            patterns.add(".+?".join(re.escape(part) for part in parts))
    return re.compile("|".join(f"(?:{p})" for p in sorted(patterns)), re.IGNORECASE)


class VisibleText(HTMLParser):
    """The pieces of text a person reads on a page: text nodes, and the labels of
    buttons, fields and links."""

    def __init__(self):
        super().__init__()
        self.pieces, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "svg"):
            self.hidden += 1
        attrs = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.pieces.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "svg"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.pieces


def admin_pages():
    """Every admin page of the seeded site: lists, forms, history, import and export."""
    yield reverse("admin:index")
    yield reverse("admin:app_list", args=["missions"])
    yield reverse("admin:missions_region_order")
    for model in (Region, Mission, Posting, DeploymentSnapshot):
        name = f"admin:missions_{model._meta.model_name}"
        obj = model.objects.order_by("pk").first()
        yield reverse(f"{name}_changelist")
        yield reverse(f"{name}_add")
        yield reverse(f"{name}_change", args=[obj.pk])
        yield reverse(f"{name}_history", args=[obj.pk])
        yield reverse(f"{name}_simple_history", args=[obj.pk, obj.history.first().pk])
        yield reverse(f"{name}_delete", args=[obj.pk])
    for model in (Mission, DeploymentSnapshot):
        yield reverse(f"admin:missions_{model._meta.model_name}_import")
        yield reverse(f"admin:missions_{model._meta.model_name}_export")


@pytest.fixture
def french_admin():
    call_command("seed_content", stdout=io.StringIO())
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(make_user("root", superuser=True))
    return client


def test_the_leakable_strings_come_from_the_catalogues():
    pattern = leakable()
    for english in ("Select all", "Change history", "Recent actions", "Authorized", "Import"):
        assert pattern.fullmatch(english), english


def test_every_admin_page_in_french_shows_no_english_interface_text(french_admin):
    pattern = leakable()
    leaks = {}
    for path in admin_pages():
        url = path.replace("/en/", "/fr/", 1)
        response = french_admin.get(url)
        assert response.status_code == 200, url
        found = [
            piece for piece in visible_text(response.content.decode()) if pattern.fullmatch(piece)
        ]
        if found:
            leaks[url] = found
    assert leaks == {}, "\n".join(f"{url}: {found}" for url, found in leaks.items())


def test_french_titles_elide_de_before_a_vowel(french_admin):
    from missions.models import Posting

    posting = Posting.objects.first()
    html = french_admin.get(f"/fr/admin/missions/posting/{posting.pk}/change/").content.decode()
    assert "Modification d’affectation" in html
    assert "de affectation" not in html


def test_recent_actions_name_each_record_in_the_readers_language(french_admin):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import User

    region = Region.objects.get(slug="caribbean-region")
    LogEntry.objects.log_actions(
        User.objects.get(username="root").pk,
        [region],
        CHANGE,
        change_message="[]",
        single_object=True,
    )
    html = french_admin.get("/fr/admin/").content.decode()
    assert "Région des Caraïbes" in html
    assert "Caribbean region" not in html
