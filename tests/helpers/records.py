"""Plain helpers that make test records, with fixed dates."""

import datetime
import io
import os
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.management import call_command

from missions.models import DeploymentSnapshot, Mission, Posting, Region

DAY = datetime.date(2020, 6, 1)

# Every public page of the seed content, in both languages where it has two, with the 400
# and 404 pages, and the status each answers with. The header, browser, axe and HTML checks
# go through all of them.
PUBLIC_PAGES = {
    "/": 200,
    "/en/current-peace-operations/": 200,
    "/fr/missions-en-cours/": 200,
    "/en/current-peace-operations/editions/1/": 200,
    "/fr/missions-en-cours/editions/1/": 200,
    "/en/current-peace-operations/editions/1/corrections/": 200,
    "/fr/missions-en-cours/editions/1/corrections/": 200,
    "/en/current-peace-operations/?as_of=2018-01-01": 302,
    "/en/current-peace-operations/?as_of=2018-02-30": 400,
    "/fr/missions-en-cours/?as_of=2018-02-30": 400,
    "/en/missions/minujusth/": 200,
    "/fr/missions/minujusth/": 200,
    "/en/missions/binuh/": 200,
    "/fr/missions/binuh/": 200,
    "/en/regions/caribbean-region/": 200,
    "/fr/regions/caribbean-region/": 200,
    "/en/missions/": 200,
    "/fr/missions/": 200,
    "/en/missions/?status=ended&kind=un": 200,
    "/fr/missions/?status=ended&kind=un": 200,
    "/en/missions/?status=closed": 400,
    "/fr/missions/?status=closed": 400,
    "/en/regions/": 200,
    "/fr/regions/": 200,
    "/en/data/": 200,
    "/fr/donnees/": 200,
    "/en/api/": 200,
    "/fr/api/": 200,
    "/en/no-such-page/": 404,
    "/fr/aucune-page/": 404,
    "/en/feedback/thanks/?page=/en/current-peace-operations/": 200,
    "/fr/retroaction/merci/?page=/fr/missions-en-cours/": 200,
}

# Production, as docker-compose.yml sets it, for the tests that start the site in a
# subprocess.
STRONG_KEY = "x7#k2!mQ9vR$zL4pW8nB1cF6hJ3tY5uA0sD-eG_iK=oP+qU*wE&rT^yH@jN%bV"
PRODUCTION = {
    "SECRET_KEY": STRONG_KEY,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "peace.example.ca",
    "CSRF_TRUSTED_ORIGINS": "https://peace.example.ca",
}
SETTINGS_VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "SITE_URL",
    "ADMIN_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
    "CSP_STYLE_SRC",
    "DOWNLOADS_BUCKET",
    "DOWNLOADS_ENDPOINT_URL",
    "DOWNLOADS_CDN_DOMAIN",
)


def redis_url():
    """A Redis database of the tests' own, which they empty: TEST_REDIS_URL, by default
    database 8 of the local server, and the next ones for pytest-xdist's other processes."""
    url = urlsplit(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8"))
    process = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return url._replace(path=f"/{int(url.path.strip('/') or 0) + process}").geturl()


def redis_caches(location, key_prefix=""):
    """settings.CACHES for the Redis database at `location`, with the time limits
    peaceops/settings.py sets for a CACHE_URL on Redis."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": key_prefix,
        }
    }


def clean_env(**env_vars):
    """This process's environment without any of the site's settings, plus env_vars."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(env_vars)
    return env


def make_region(slug="ukraine", name="Ukraine", position=1, published=True, **kwargs):
    kwargs.setdefault("language", "en")
    return Region.objects.create(
        slug=slug,
        name_en=name,
        name_fr=kwargs.pop("name_fr", f"{name} FR"),
        position=position,
        published=published,
        **kwargs,
    )


def make_mission(region, slug="bilateral", name="Bilateral engagement", published=True, **kwargs):
    kwargs.setdefault("kind", Mission.Kind.BILATERAL)
    return Mission.objects.create(
        region=region,
        slug=slug,
        name_en=name,
        name_fr=kwargs.pop("name_fr", f"{name} FR"),
        published=published,
        **kwargs,
    )


def make_snapshot(region, mission=None, as_of=DAY, authorized=10, deployed=None, **kwargs):
    return DeploymentSnapshot.objects.create(
        region=region,
        mission=mission,
        as_of=as_of,
        authorized=authorized,
        deployed=deployed,
        **kwargs,
    )


def make_posting(slug="icc", title="International Criminal Court", published=True, **kwargs):
    kwargs.setdefault("kind", Posting.Kind.SPECIALIZED)
    return Posting.objects.create(
        slug=slug,
        title_en=title,
        title_fr=kwargs.pop("title_fr", f"{title} FR"),
        published=published,
        **kwargs,
    )


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(html):
    """Every start tag in the page, as (name, attributes), as a browser would parse them."""
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def inline_scripts(html):
    """Scripts a strict CSP would block: inline ones (JSON data blocks don't run) and
    event-handler attributes."""
    found = []
    for tag, attrs in start_tags(html):
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            found.append(tag)
        found += [f"{tag} {name}" for name in attrs if name.startswith("on")]
    return found


def inline_styles(html):
    """Styles a strict CSP would block: <style> elements and style attributes."""
    return [(tag, attrs) for tag, attrs in start_tags(html) if tag == "style" or "style" in attrs]


def make_user(username, group=None, staff=True, superuser=False):
    """A user, staff by default, in one of the groups the migrations create."""
    from django.contrib.auth.models import Group, User

    # No password (and so no slow hashing): tests sign in with force_login.
    user = User.objects.create_user(username, is_staff=staff, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def form_values(form):
    """What a browser would post for a form as rendered."""
    from django.forms import CheckboxInput

    values = {}
    for field in form:
        value = field.value()
        if isinstance(field.field.widget, CheckboxInput):
            if value:
                values[field.html_name] = "on"
        elif value is not None:
            values[field.html_name] = str(value)
    return values


def admin_form_data(response, **changes):
    """The data an admin change (or revert) page posts when saved as shown, with changes."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_values(form))
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def publish_working_copy(took_effect=None, summary="Published.", user=None, significant=True):
    """Publish the working copy as the next edition, as a Publisher would after reviewing
    it, and run what waits for the commit; with took_effect, the edition is dated then
    (editions are published in date order)."""
    from django.test import TestCase

    from missions.editions.building import build_document
    from missions.editions.publishing import publish
    from missions.models.editions import Edition, content_hash

    with TestCase.captureOnCommitCallbacks(execute=True):
        live = Edition.objects.live()
        edition = publish(
            user=user,
            summary_en=summary,
            summary_fr=f"{summary} (FR)",
            significant=significant,
            reviewed_hash=content_hash(build_document()),
            base_number=live.number if live else 0,
        )
        if took_effect:
            Edition.objects.filter(pk=edition.pk).update(took_effect=took_effect)
            edition.refresh_from_db()
    return edition


def publish_from_review(admin_client, django_capture_on_commit_callbacks):
    """A new region, published from the review screen, with what waits for the commit."""
    make_region(slug="new-region", name="New region")
    form = admin_client.get("/en/admin/missions/edition/review/").context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post(
            "/en/admin/missions/edition/review/",
            {
                **{name: form.initial[name] for name in ("reviewed_hash", "base_number")},
                "summary_en": "New region",
                "summary_fr": "Nouvelle région",
                "significant": "on",
            },
        )


def make_edition(number, took_effect, document=None, significant=True, **kwargs):
    """An edition with a small document, stored directly (as the loader and tests do)."""
    from missions.models import Edition

    return Edition.objects.create(
        number=number,
        took_effect=took_effect,
        summary_en=kwargs.pop("summary_en", f"Edition {number}"),
        summary_fr=kwargs.pop("summary_fr", f"Édition {number}"),
        significant=significant,
        document=document or small_document(f"Region {number}"),
        **kwargs,
    )


def small_document(region_name, slug="somewhere", authorized=None, as_of=None):
    """A valid edition document with one region and one mission."""
    figures = {}
    if authorized is not None:
        figures["authorized"] = {
            "value": authorized,
            "wording": {"en": str(authorized), "fr": str(authorized)},
            "as_of": as_of,
            "level": "mission",
        }
    return {
        "schema_version": 1,
        "title": {"en": "Current peace operations", "fr": "Missions en cours"},
        "table": [],
        "regions": [
            {
                "slug": slug,
                "name": {"en": region_name, "fr": f"{region_name} (fr)"},
                "missions": [
                    {
                        "slug": f"{slug}-mission",
                        "name": {"en": f"Mission in {region_name}", "fr": f"Mission ({slug})"},
                        "kind": "un",
                        "status": "active",
                        "figures": figures,
                    }
                ],
            }
        ],
        "postings": [],
    }


def generate_load_data(regions, missions_per_region, snapshots_per_mission):
    """Replace the records with generated ones (manage.py generate_load_data), quietly."""
    call_command(
        "generate_load_data",
        regions=regions,
        missions_per_region=missions_per_region,
        snapshots_per_mission=snapshots_per_mission,
        force=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def add_snapshots(mission, count, start=0):
    """`count` figures of the mission, one a day from 1990 (after `start` days), in one query."""
    DeploymentSnapshot.objects.bulk_create(
        DeploymentSnapshot(
            region_id=mission.region_id,
            mission=mission,
            as_of=datetime.date(1990, 1, 1) + datetime.timedelta(days=i),
            authorized=100,
            deployed=i % 100,
            source=f"Figures reported by the mission, entry {i}: " + "x" * 200,
        )
        for i in range(start, start + count)
    )


# A historical edition file (docs/edition-files.md): the head, then parts of the page.
HEAD = """\
schema_version = 1
title.en = "Current operations"

[edition]
took_effect = 2016-06-01
source = "https://web.archive.org/web/20160601000000/http://www.rcmp-grc.gc.ca/"
summary.en = "As archived."
summary.fr = "Telle qu'archivée."
"""

COLOMBIA = """
[[regions]]
slug = "colombia"
name.en = "Colombia"
name.fr = "Colombie"

[regions.record]
language = "es"
armed = false

[[regions.missions]]
slug = "un-spm"
name.en = "UN Special Political Mission"
name.fr = "Mission politique spéciale de l'ONU"
kind = "un"
status = "active"

[regions.missions.figures.authorized]
value = 10
wording.en = "up to 10"
level = "mission"

[regions.missions.figures.deployed]
value = 4
wording = { en = "4", fr = "4" }
level = "mission"
"""


def edition_file(*parts, head=HEAD):
    return head + "".join(parts)
