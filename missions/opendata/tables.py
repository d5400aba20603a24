"""The open data, described once: the tables of the downloads, their columns, and the
Frictionless data package and HTML data dictionary built from them.

A column's type, constraints and title come from the model field it holds; only what an
analyst needs beyond the model (its meaning) is written here, as translatable text. The
downloads read their rows from published data (missions/opendata/rows.py) in this column order;
the figures end with the edition that first published each one.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from missions.models.published import PublishedFigure
from missions.models.records import Mission, Region
from missions.models.snapshots import DeploymentSnapshot
from missions.opendata.tableschema import Column, Table, in_both_languages
from missions.opendata.un_tables import UN_CONTRIBUTIONS, un_terms

LICENCE = {
    "name": "OGL-Canada-2.0",
    "title": _("Open Government Licence – Canada"),
    "path": _("https://open.canada.ca/en/open-government-licence-canada"),
}
PUBLISHER = _("Royal Canadian Mounted Police")
PACKAGE_NAME = "rcmp-current-peace-operations"

# Columns of the same meaning in two tables.
REGION_SLUG = _("The region's name in the site's addresses: /en/regions/<region_slug>/.")
ACRONYM = _("The mission's acronym, e.g. MINUJUSTH; empty if none.")

FIGURES = Table(
    name="figures",
    title=_("Authorized and deployed police, by date"),
    description=_(
        "One row per dated figure. A row is either for a whole region (level “region”: the "
        "summary-table cap shared by its missions) or for one mission (level “mission”). "
        "Never add the two levels together: sum one level at a time, by date."
    ),
    primary_key="figure_id",
    foreign_keys=(("region_id", "regions", "region_id"), ("mission_id", "missions", "mission_id")),
    columns=(
        Column(
            "figure_id",
            _(
                "The figure's permanent identifier. It never changes, even when the figure is "
                "corrected."
            ),
            DeploymentSnapshot,
            "id",
            unique=True,
        ),
        Column(
            "level",
            _(
                "“region” for a figure shared by the whole region, “mission” for one "
                "mission's. Sum authorized or deployed within one level only: a region-level "
                "row already covers its missions."
            ),
            type="string",
            required=True,
            enum=("region", "mission"),
        ),
        Column("region_id", _("The region's permanent identifier."), DeploymentSnapshot, "region"),
        Column("region_slug", REGION_SLUG, Region, "slug"),
        Column(
            "region",
            _("The country or region, as in the summary table, in the language of the file."),
            Region,
            "name",
            translated=True,
            required=True,
        ),
        Column(
            "mission_id",
            _("The mission's permanent identifier; empty for a region-level row."),
            DeploymentSnapshot,
            "mission",
        ),
        Column(
            "mission_slug",
            _("The mission's name in the site's addresses; empty for a region-level row."),
            Mission,
            "slug",
            required=False,
        ),
        Column(
            "mission",
            _("The mission's full name in the language of the file; empty for a region-level row."),
            Mission,
            "name",
            translated=True,
        ),
        Column("acronym", ACRONYM, Mission, "acronym", translated=True),
        Column(
            "as_of",
            _(
                "The date on which the figures were true, as YYYY-MM-DD. See as_of_precision: "
                "the day or month may not be known."
            ),
            DeploymentSnapshot,
            "as_of",
        ),
        Column(
            "as_of_precision",
            _(
                "How much of as_of is known: “day”, “month” or “year”. With “year”, as_of "
                "only says the figures were true some time in that year (e.g. 2024-04-01 "
                "stands for a page of 2024-25)."
            ),
            DeploymentSnapshot,
            "as_of_precision",
        ),
        Column(
            "authorized",
            _(
                "Authorized police deployments on that date (the most officers allowed); empty "
                "if not known. For a region-level row, the summary-table cap, “Up to N”."
            ),
            DeploymentSnapshot,
            "authorized",
            unit=_("police officers"),
        ),
        Column(
            "deployed",
            _("Police officers actually deployed on that date; empty if not known."),
            DeploymentSnapshot,
            "deployed",
            unit=_("police officers"),
        ),
        Column(
            "status",
            _(
                "The mission's status in the current edition (not on as_of): active, suspended "
                "or ended. The codes are the same in the English and French files. Empty for a "
                "region-level row."
            ),
            Mission,
            "status",
            required=False,
        ),
        Column(
            "source",
            _("Where the figures come from, or a note by the editors."),
            DeploymentSnapshot,
            "source",
        ),
        Column(
            "edition",
            _(
                "The number of the edition of the page that first published the figure with "
                "these values: …/current-peace-operations/editions/<edition>/."
            ),
            PublishedFigure,
            "edition",
            type="integer",
            required=True,
        ),
    ),
)

REGIONS = Table(
    name="regions",
    title=_("Regions"),
    description=_(
        "Every region of the page, past and present: one row per country or region, in the "
        "order of the page."
    ),
    primary_key="region_id",
    foreign_keys=(("predecessor", "", "region_slug"),),
    columns=(
        Column("region_id", _("The region's permanent identifier."), Region, "id", unique=True),
        Column("region_slug", REGION_SLUG, Region, "slug", unique=True),
        Column(
            "region",
            _("The country or region, in the language of the file."),
            Region,
            "name",
            translated=True,
            required=True,
        ),
        Column(
            "language",
            _("The main language police work in, as a code: en, fr, es, ar or pt."),
            Region,
            "language",
        ),
        Column("armed", _("Whether officers serve armed: true or false."), Region, "armed"),
        Column(
            "predecessor",
            _(
                "The region this one continues under a new name (its region_slug), e.g. haiti "
                "for caribbean-region; empty if none."
            ),
            Region,
            "predecessor",
            type="string",
        ),
    ),
)

MISSIONS = Table(
    name="missions",
    title=_("Missions"),
    description=_(
        "Every mission, past and present: one row per mission, by region in the order of the "
        "page. Ended missions stay here."
    ),
    primary_key="mission_id",
    foreign_keys=(("region_id", "regions", "region_id"), ("predecessor_id", "", "mission_id")),
    columns=(
        Column("mission_id", _("The mission's permanent identifier."), Mission, "id", unique=True),
        Column(
            "mission_slug",
            _("The mission's name in the site's addresses: /en/missions/<mission_slug>/."),
            Mission,
            "slug",
            unique=True,
        ),
        Column(
            "mission",
            _("The mission's full name, in the language of the file."),
            Mission,
            "name",
            translated=True,
            required=True,
        ),
        Column("acronym", ACRONYM, Mission, "acronym", translated=True),
        Column("region_id", _("The region the mission belongs to."), Mission, "region"),
        Column(
            "kind",
            _(
                "What sort of operation: un, eu, bilateral or other (the same codes in both "
                "languages)."
            ),
            Mission,
            "kind",
        ),
        Column(
            "status",
            _(
                "The mission's status today: active, suspended or ended (the same codes in both "
                "languages)."
            ),
            Mission,
            "status",
        ),
        Column("started", _("When the mission started; empty if not known."), Mission, "started"),
        Column(
            "started_precision",
            _("How much of the start date is known: day, month or year (“since 2004”)."),
            Mission,
            "started_precision",
        ),
        Column(
            "ended",
            _("When the mission ended; empty if it is running or the date is not known."),
            Mission,
            "ended",
        ),
        Column(
            "ended_precision",
            _("How much of the end date is known: day, month or year."),
            Mission,
            "ended_precision",
        ),
        Column(
            "language",
            _(
                "The main language police work in, as a code (the region's unless the mission "
                "has its own)."
            ),
            Mission,
            "language",
            required=True,
        ),
        Column(
            "armed",
            _(
                "Whether officers serve armed: true or false (the region's unless the mission "
                "has its own)."
            ),
            Mission,
            "armed",
            required=True,
        ),
        Column(
            "predecessor_id",
            _(
                "The mission this one replaced (its mission_id), e.g. MINUSTAH for MINUJUSTH; "
                "empty if none."
            ),
            Mission,
            "predecessor",
        ),
    ),
)

# In the order a reader needs them: what the identifiers of the figures refer to first;
# the UN's own series last, beside ours.
TABLES = (FIGURES, REGIONS, MISSIONS, UN_CONTRIBUTIONS)
FILES = {
    "figures": "snapshots",
    "regions": "regions",
    "missions": "missions",
    "un-contributions": "un-contributions",
}
# The tables whose whole file is built for each edition (files.py).
BUILT = (FIGURES, UN_CONTRIBUTIONS)
FORMATS = {"csv": "text/csv", "json": "application/json"}
# The JSON files are an object: the licence and citation, then the rows under this key.
JSON_ROWS_KEY = "data"


def licence():
    return {key: str(value) for key, value in LICENCE.items()}


def ours(table):
    """Whether the table is the RCMP's own, under its licence (the UN's series is not)."""
    return table is not UN_CONTRIBUTIONS


def file_name(table, format):
    return f"{FILES[table.name]}.{format}"


def resource(table, format):
    """The Data Package resource of one download, with a path relative to the package."""
    descriptor = {
        "name": table.name if format == "csv" else f"{table.name}-{format}",
        "path": file_name(table, format),
        "profile": "tabular-data-resource",
        "title": str(table.title),
        "description": str(table.description),
        "format": format,
        "mediatype": FORMATS[format],
        "encoding": "utf-8",
        "licenses": [licence()],
        "schema": table.schema(),
        "translations": in_both_languages(
            lambda: {"title": str(table.title), "description": str(table.description)}
        ),
    }
    if not ours(table):
        descriptor |= un_terms()
    if format == "json":
        descriptor["dialect"] = {"json": {"property": JSON_ROWS_KEY, "keyed": True}}
    return descriptor


PACKAGE_TITLE = _("Current peace operations: Canadian police deployed abroad")
PACKAGE_DESCRIPTION = _(
    "The regions and missions where Canadian police serve in peace operations, and the "
    "authorized and deployed police on each date, as published by the Royal Canadian Mounted "
    "Police. Figures are either for a whole region or for one mission (the level column): "
    "sum one level at a time."
)


def data_package(absolute):
    """The datapackage.json of the downloads in the active language. absolute(path) turns a
    site path into a full address."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": str(PACKAGE_TITLE),
        "description": str(PACKAGE_DESCRIPTION),
        "homepage": absolute(reverse("missions:data")),
        "language": translation.get_language(),
        "licenses": [licence()],
        "sources": [{"title": str(PUBLISHER), "path": absolute(reverse("missions:current"))}],
        "translations": in_both_languages(
            lambda: {"title": str(PACKAGE_TITLE), "description": str(PACKAGE_DESCRIPTION)}
        ),
        "resources": [resource(table, format) for table in TABLES for format in FORMATS],
    }
