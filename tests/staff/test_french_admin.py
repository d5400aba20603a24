"""Every admin page in French, as a superuser, shows no English interface text outside
an element marked lang="en", and links to itself in the other language.

The strings that can leak are built from the catalogues the admin draws on (Django's
admin, django-import-export, django-simple-history and the site's own): every English
message whose French differs from it, or has none. A page fails if any of them is a whole
piece of its visible text, or if a piece holds one of the English phrases seen leaking
before (KNOWN_ENGLISH).
"""

import ast
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import axes
import django.contrib.admin
import import_export
import pytest
import simple_history
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from missions.models import DeploymentSnapshot, Edition, Mission, Posting, Region

from ..helpers.environment import ROOT
from ..helpers.records import make_region
from ..helpers.staff import make_user

pytestmark = pytest.mark.django_db

CATALOGUES = [
    Path(django.contrib.admin.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    Path(import_export.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    Path(simple_history.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    Path(axes.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    ROOT / "locale/fr/LC_MESSAGES/django.po",
]
# The same word in both languages, or names that are not interface text.
SAME_IN_FRENCH = {"Position", "Version", "Action", "Actions", "Date", "Publication", "Note"}
# English seen on French admin pages before (issue 30): the validator's messages, Django's
# permission names, simple-history's and django-axes' untranslated or wrongly translated
# words.
KNOWN_ENGLISH = [
    "is a required property",
    "is not of type",
    "is not one of",
    "View history",
    "Historique de vue",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Can review",
    "Can publish",
    "historical",
    "User Agent",
    "HTTP Accept",
    "Attempt Remaining",
    "Locked Out",
    "Not set",
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


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
    buttons, fields and links; those inside an element marked lang="en" apart."""

    def __init__(self):
        super().__init__()
        self.pieces, self.english, self.hidden = [], [], 0
        self.open = []  # (tag, whether it is in English) of each element open

    def in_english(self):
        return bool(self.open) and self.open[-1][1]

    def add(self, text):
        (self.english if self.in_english() else self.pieces).append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            lang = attrs.get("lang")
            self.open.append((tag, lang.startswith("en") if lang else self.in_english()))
        if tag in ("script", "style", "template", "svg"):
            self.hidden += 1
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.add(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.add(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "svg"):
            self.hidden -= 1
        if any(open_tag == tag for open_tag, _english in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.add(" ".join(data.split()))


def visible_text(html):
    """The pieces of text outside elements marked lang="en"."""
    parser = VisibleText()
    parser.feed(html)
    return parser.pieces


def admin_pages():
    """Every admin page of the seeded site, at its English address: the index and app
    lists, each model's list, forms and history, import and export, and the screens of
    our own."""
    with translation.override("en"):
        return list(pages())


def pages():
    yield reverse("admin:index")
    yield reverse("admin:password_change")
    for app in ("missions", "auth", "axes"):
        yield reverse("admin:app_list", args=[app])
    yield reverse("admin:missions_region_order")
    for name in ("review", "waiting", "load"):
        yield reverse(f"admin:missions_edition_{name}")
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{name}_changelist")
        if model_admin.has_add_permission(superuser_request()):
            yield reverse(f"{name}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield reverse(f"{name}_change", args=[obj.pk])
            yield reverse(f"{name}_history", args=[obj.pk])
    for model in (Region, Mission, Posting, DeploymentSnapshot):
        name = f"admin:missions_{model._meta.model_name}"
        obj = model.objects.order_by("pk").first()
        yield reverse(f"{name}_simple_history", args=[obj.pk, obj.history.first().pk])
        yield reverse(f"{name}_delete", args=[obj.pk])
    for model in (Mission, DeploymentSnapshot):
        yield reverse(f"admin:missions_{model._meta.model_name}_import")
        yield reverse(f"admin:missions_{model._meta.model_name}_export")


def superuser_request():
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="root")
    return request


@pytest.fixture
def french_admin():
    """A superuser's client, on the seeded site with a sign-in logged and an admin action
    in the log, so that each list has a record to open."""
    call_command("seed_content", stdout=io.StringIO())
    user = make_user("root", superuser=True)
    AccessLog.objects.create(
        user_agent="Firefox", ip_address="192.0.2.1", username="root", path_info="/en/admin/"
    )
    AccessAttempt.objects.create(
        user_agent="Firefox",
        ip_address="192.0.2.2",
        username="erin",
        path_info="/en/admin/login/",
        failures_since_start=1,
    )
    region = Region.objects.order_by("pk").first()
    LogEntry.objects.log_actions(user.pk, [region], CHANGE, change_message="[]")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
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
            piece
            for piece in visible_text(response.content.decode())
            if pattern.fullmatch(piece)
            or any(english.casefold() in piece.casefold() for english in KNOWN_ENGLISH)
        ]
        if found:
            leaks[url] = found
    assert leaks == {}, "\n".join(f"{url}: {found}" for url, found in leaks.items())


def test_english_marked_as_english_is_not_counted_as_a_leak():
    html = '<p>Titre <span lang="en">Change history</span> <br>fin</p><p>Change history</p>'
    assert visible_text(html) == ["Titre", "fin", "Change history"]


def test_french_titles_elide_de_before_a_vowel(french_admin):
    from missions.models import Posting

    posting = Posting.objects.first()
    html = french_admin.get(f"/fr/admin/missions/posting/{posting.pk}/change/").content.decode()
    assert escape("Modification d'affectation") in html
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


def test_the_french_group_form_names_every_permission_in_french(french_admin):
    publishers = Group.objects.get(name="Publishers")
    response = french_admin.get(f"/fr/admin/auth/group/{publishers.pk}/change/")
    labels = [
        label for _value, label in response.context["adminform"].form["permissions"].field.choices
    ]
    assert (
        "Opérations de paix | édition | Peut examiner la copie de travail et publier une édition"
        in labels
    )
    assert "Opérations de paix | région | Peut modifier les régions" in labels
    assert (
        "Opérations de paix | historique des régions | "
        "Peut voir les versions de l'historique des régions" in labels
    )
    assert [label for label in labels if re.search(r"\bCan\b|historical", label)] == []


def test_the_english_group_form_names_the_permissions_in_english(french_admin):
    publishers = Group.objects.get(name="Publishers")
    response = french_admin.get(f"/en/admin/auth/group/{publishers.pk}/change/")
    labels = [
        label for _value, label in response.context["adminform"].form["permissions"].field.choices
    ]
    assert (
        "Peace operations | edition | Can review the working copy and publish an edition" in labels
    )
    assert "Peace operations | history of regions | Can view history records of regions" in labels


def test_a_user_who_cannot_revert_sees_the_history_titled_history(db):
    region = make_region()
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_region"))
    client = Client()
    client.force_login(viewer)
    html = client.get(f"/fr/admin/missions/region/{region.pk}/history/").content.decode()
    assert "<h1>Historique\u00a0: Ukraine FR</h1>" in html
    assert "Historique de vue" not in html


def test_the_french_edition_list_shows_the_french_change_summary(french_admin):
    html = french_admin.get("/fr/admin/missions/edition/").content.decode()
    edition = Edition.objects.order_by("number").first()
    assert f'<td class="field-summary">{escape(edition.summary_fr)}</td>' in html
    assert escape(edition.summary_en) not in html
    assert "(anglais)" not in html


def test_the_french_access_log_heads_its_browser_column_in_french(french_admin):
    html = french_admin.get("/fr/admin/axes/accesslog/").content.decode()
    assert "Agent utilisateur" in html
    assert "User Agent" not in html


SWITCH = re.compile(r'<a class="language-switch" href="([^"]*)" lang="(\w+)" hreflang="(\w+)">')


def test_every_admin_page_links_to_itself_in_the_other_language(french_admin):
    wrong = {}
    for path in admin_pages():
        for here, there in (("en", "fr"), ("fr", "en")):
            url = path.replace("/en/", f"/{here}/", 1)
            html = french_admin.get(url).content.decode()
            expected = [(url.replace(f"/{here}/", f"/{there}/", 1), there, there)]
            if SWITCH.findall(html) != expected:
                wrong[url] = SWITCH.findall(html)
    assert wrong == {}


def test_the_language_switch_keeps_a_list_s_filters(french_admin):
    html = french_admin.get("/fr/admin/missions/mission/?status__exact=active").content.decode()
    assert SWITCH.findall(html) == [
        ("/en/admin/missions/mission/?status__exact=active", "en", "en")
    ]


def test_the_sign_in_page_links_to_itself_in_the_other_language(db):
    html = Client().get("/fr/admin/login/").content.decode()
    assert SWITCH.findall(html) == [("/en/admin/login/", "en", "en")]


def test_french_admin_dates_write_the_first_of_the_month_1er(french_admin):
    # The seed's region-level figure of the Caribbean region is of April 1, 2024.
    region = Region.objects.get(slug="caribbean-region")
    html = french_admin.get(f"/fr/admin/missions/region/{region.pk}/change/").content.decode()
    assert "1er avril 2024" in html
    assert " 1 avril 2024" not in html


@pytest.mark.parametrize(
    "url,shown",
    [
        ("/fr/admin/missions/edition/", "1er avril 2024"),
        # The seed's figures are known to the year only.
        ("/fr/admin/missions/deploymentsnapshot/", '<th class="field-as_of"><a href'),
        ("/fr/admin/missions/mission/", "juillet 2015"),
    ],
)
def test_french_admin_lists_write_dates_as_the_public_pages_do(french_admin, url, shown):
    html = french_admin.get(url).content.decode()
    assert shown in html
    assert not re.search(r">\s*1 (avril|juillet) 20\d\d", html)
