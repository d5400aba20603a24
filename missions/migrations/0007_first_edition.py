"""Edition 1 for an existing site, and the publishing permissions for the groups.

The document builder below is a frozen copy of missions/documents.py's build_document()
(with the queryset methods, choice labels and content_hash() it used) as of this migration,
working on the historical models. A migration must never import the live app code: that
code follows today's models and may move, so a fresh `migrate` would break on it.
"""

import hashlib
import json

from django.contrib.auth.management import create_permissions
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import migrations
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

SUMMARY_EN = "First edition: the page as it was published from the records before editions."
SUMMARY_FR = (
    "Première édition : la page telle qu'elle était publiée à partir des fiches avant les éditions."
)

# The wording the page used then; gettext_noop keeps them in the translation catalog.
LANGUAGES = ("en", "fr")
SCHEMA_VERSION = 1
TITLE = gettext_noop("Current peace operations")
ARMED, UNARMED = gettext_noop("Armed"), gettext_noop("Unarmed")
UP_TO = gettext_noop("Up to %(cap)s")
LANGUAGE_NAMES = {  # The labels of the Language choices.
    "en": gettext_noop("English"),
    "fr": gettext_noop("French"),
    "es": gettext_noop("Spanish"),
    "ar": gettext_noop("Arabic"),
    "pt": gettext_noop("Portuguese"),
}
ENDED = "ended"


def grant_publishing(apps, schema_editor):
    # Permissions are normally created after the last migration; the groups need them now.
    app_config = apps.get_app_config("missions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publishing = Permission.objects.filter(
        content_type__app_label="missions",
        codename__in=["publish_edition", "view_edition"],
    )
    for group in Group.objects.filter(name="Publishers"):
        group.permissions.add(*publishing)
    viewing = Permission.objects.filter(content_type__app_label="missions", codename="view_edition")
    for group in Group.objects.filter(name__in=["Editors", "Analysts"]):
        group.permissions.add(*viewing)


def in_each_language(message, **values):
    """{"en": ..., "fr": ...} for an interface message, e.g. "Up to %(cap)s"."""
    texts = {}
    for code in LANGUAGES:
        with translation.override(code):
            texts[code] = gettext(message) % {k: v(code) for k, v in values.items()}
    return texts


def localized_number(number):
    def in_language(code):
        with translation.override(code):
            return intcomma(number)

    return in_language


def texts(record, field):
    return {code: getattr(record, f"{field}_{code}") or "" for code in LANGUAGES}


def day(value):
    return value.isoformat() if value else None


def figure(value, as_of, level, wording=None):
    if value is None:
        return None
    return {
        "value": value,
        "wording": wording or {code: localized_number(value)(code) for code in LANGUAGES},
        "as_of": day(as_of),
        "level": level,
    }


def build_document(apps, on_date):
    """The published records as a document, as build_document() built it then: the ready
    regions with their running missions and latest figures on `on_date`, the ready
    postings, and the catalog of ready regions and missions."""
    Region = apps.get_model("missions", "Region")
    Mission = apps.get_model("missions", "Mission")
    Posting = apps.get_model("missions", "Posting")
    DeploymentSnapshot = apps.get_model("missions", "DeploymentSnapshot")
    mission_figures = DeploymentSnapshot.objects.filter(
        mission=OuterRef("pk"), as_of__lte=on_date
    ).order_by("-as_of")
    missions = (
        Mission.objects.filter(published=True, region__published=True)
        .exclude(status=ENDED)
        .exclude(started__gt=on_date)
        .annotate(
            latest_authorized=Subquery(mission_figures.values("authorized")[:1]),
            latest_deployed=Subquery(mission_figures.values("deployed")[:1]),
            latest_as_of=Subquery(mission_figures.values("as_of")[:1]),
        )
        .order_by("position", "name_en")
    )
    region_figures = DeploymentSnapshot.objects.filter(
        region=OuterRef("pk"), mission__isnull=True, as_of__lte=on_date
    ).order_by("-as_of")
    regions = (
        Region.objects.filter(published=True)
        .annotate(
            region_authorized=Subquery(region_figures.values("authorized")[:1]),
            region_as_of=Subquery(region_figures.values("as_of")[:1]),
        )
        # The model's ordering, ["position", "name"], as modeltranslation read it in a
        # migration (no language active: the default, English).
        .order_by("position", "name_en")
        .prefetch_related(Prefetch("missions", queryset=missions, to_attr="running"))
    )
    document = {
        "schema_version": SCHEMA_VERSION,
        "title": in_each_language(TITLE),
        "table": [],
        "regions": [],
    }
    for region in regions:
        if not region.running:
            continue
        document["table"].append(table_row(region))
        document["regions"].append(
            {
                "slug": region.slug,
                "name": texts(region, "name"),
                "note": texts(region, "note"),
                "intro": texts(region, "intro"),
                "missions": [mission_item(mission, region) for mission in region.running],
            }
        )
    postings = (
        Posting.objects.filter(published=True)
        .exclude(status=ENDED)
        .exclude(since__gt=on_date)
        .order_by("kind", "position", "title_en")
    )
    document["postings"] = [posting_item(posting) for posting in postings]
    document["catalog"] = catalog(Region, Mission)
    return document


def table_row(region):
    # The region's latest region-level figure, else the sum of its running missions' ones.
    if region.region_authorized is not None:
        cap, as_of, level = region.region_authorized, region.region_as_of, "region"
    else:
        figures = [m for m in region.running if m.latest_authorized is not None]
        cap = sum(m.latest_authorized for m in figures) if figures else None
        as_of, level = max((m.latest_as_of for m in figures), default=None), "missions"
    return {
        "region": region.slug,
        "name": texts(region, "name"),
        "language": in_each_language(LANGUAGE_NAMES[region.language]),
        "armed": in_each_language(ARMED if region.armed else UNARMED),
        "authorized": figure(cap, as_of, level, in_each_language(UP_TO, cap=localized_number(cap)))
        if cap is not None
        else None,
    }


def mission_item(mission, region):
    item = {
        "slug": mission.slug,
        "name": texts(mission, "name"),
        "acronym": texts(mission, "acronym"),
        "kind": mission.kind,
        "status": mission.status,
        "body": texts(mission, "body"),
    }
    # A newer figure for the whole region replaces the mission's own.
    if mission.latest_as_of is not None and (
        region.region_as_of is None or mission.latest_as_of >= region.region_as_of
    ):
        figures = {
            "authorized": figure(mission.latest_authorized, mission.latest_as_of, "mission"),
            "deployed": figure(mission.latest_deployed, mission.latest_as_of, "mission"),
        }
        item["figures"] = {name: value for name, value in figures.items() if value}
    return item


def posting_item(posting):
    item = {
        "slug": posting.slug,
        "kind": posting.kind,
        "title": texts(posting, "title"),
        "body": texts(posting, "body"),
    }
    if posting.since:
        item["since"] = {"date": day(posting.since), "precision": posting.since_precision}
    return item


def catalog(Region, Mission):
    """The facts of every ready region and mission, past and present."""
    regions = list(Region.objects.filter(published=True).order_by("position", "name_en"))
    missions = list(
        Mission.objects.filter(published=True, region__published=True)
        .select_related("region", "predecessor")
        .order_by("region__position", "position", "name_en")
    )
    ready = {mission.slug for mission in missions}
    return {
        "regions": [
            {
                "slug": region.slug,
                "name": texts(region, "name"),
                "language": in_each_language(LANGUAGE_NAMES[region.language]),
                "armed": in_each_language(ARMED if region.armed else UNARMED),
                "language_code": region.language,
                "is_armed": region.armed,
            }
            for region in regions
        ],
        "missions": [catalog_mission(mission, ready) for mission in missions],
    }


def catalog_mission(mission, ready):
    language = mission.language or mission.region.language
    armed = mission.region.armed if mission.armed is None else mission.armed
    item = {
        "slug": mission.slug,
        "region": mission.region.slug,
        "name": texts(mission, "name"),
        "acronym": texts(mission, "acronym"),
        "kind": mission.kind,
        "status": mission.status,
        "language": in_each_language(LANGUAGE_NAMES[language]),
        "armed": in_each_language(ARMED if armed else UNARMED),
        "language_code": language,
        "is_armed": armed,
    }
    for name in ("started", "ended"):
        if getattr(mission, name):
            item[name] = {
                "date": day(getattr(mission, name)),
                "precision": getattr(mission, f"{name}_precision"),
            }
    if mission.predecessor and mission.predecessor.slug in ready:
        item["predecessor"] = mission.predecessor.slug
    return item


def content_hash(document):
    """A stable fingerprint of a document: the same content always gives the same hash."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def first_edition(apps, schema_editor):
    """An existing site keeps its public page: edition 1 is what the records published
    before editions showed. A new, empty database gets no edition."""
    Region = apps.get_model("missions", "Region")
    if not Region.objects.filter(published=True).exists():
        return
    Edition = apps.get_model("missions", "Edition")
    document = build_document(apps, timezone.localdate())
    # bulk_create, as when this used the app's Edition, whose save() also indexed the
    # edition in tables that a later migration (0010) creates, and fills for it then.
    Edition.objects.bulk_create(
        [
            Edition(
                number=1,
                took_effect=timezone.localdate(),
                summary_en=SUMMARY_EN,
                summary_fr=SUMMARY_FR,
                document=document,
                content_hash=content_hash(document),
            )
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0006_editions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(grant_publishing, migrations.RunPython.noop),
        migrations.RunPython(first_edition, migrations.RunPython.noop),
    ]
