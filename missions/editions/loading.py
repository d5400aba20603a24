"""Loading a historical edition file: the edition, plus the records it names that do not
exist yet (regions, missions, postings, dated figures).

All or nothing: in one transaction, and refused with every error and its line. The working
copy's existing texts and figures are never changed; a figure the records already hold
with other values is reported, not overwritten. The seed_content command uses the same
record facts with sync=True, which makes the records match the files (the newest file wins).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from missions.editions.building import catalog
from missions.editions.cachetags import queue_purge
from missions.editions.document import LANGUAGES, schema_errors
from missions.editions.figures import publish_figures
from missions.editions.files import EditionFileError, FileError, parse
from missions.models import DeploymentSnapshot, Mission, Posting, Precision, Region
from missions.models.editions import Edition, content_hash, next_number


@dataclass
class Report:
    edition: Edition | None = None
    editions: list[Edition] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self, dry_run):
        """What was done, or in a dry run what would be, as lines of text."""
        values = {"number": self.edition.number, "date": self.edition.took_effect}
        if dry_run:
            yield (
                _("Dry run, nothing was written. Edition %(number)s of %(date)s would be created.")
                % values
            )
        else:
            yield _("Edition %(number)s of %(date)s was created.") % values
        for label in self.created:
            yield (_("Would create %(what)s.") if dry_run else _("Created %(what)s.")) % {
                "what": label
            }
        yield from self.notes


def texts(item, name, model_field=None):
    value = item.get(name) or {}
    return {f"{model_field or name}_{code}": value.get(code, "") for code in LANGUAGES}


def day(value):
    return datetime.date.fromisoformat(value) if value else None


def one_language(values):
    """The names of the texts given in one language only (an archived copy in English
    only gives them so)."""
    pairs = {}
    for key, value in values.items():
        if key[-3:] in {f"_{code}" for code in LANGUAGES} and isinstance(value, str):
            pairs.setdefault(key[:-3], []).append(bool(value.strip()))
    return [name for name, given in pairs.items() if any(given) and not all(given)]


def validate(record):
    """full_clean(), but for the rule that a published record has each text in both
    languages: a historical file's record is published as the archived page gave it, so
    that its figures reach the history and the downloads. The other language's pages show
    such a text marked with its language, under the edition's notice."""
    published, record.published = record.published, False
    try:
        record.full_clean()
    finally:
        record.published = published


class Loader:
    def __init__(self, edition_file, report, sync=False, claimed=None):
        self.file, self.report, self.sync = edition_file, report, sync
        self.created_figures = []  # the figures this file created, published with its edition
        # In sync mode: records already made to match a newer file in this run.
        self.claimed = claimed if claimed is not None else set()
        self.errors = []
        self.regions, self.missions = {}, {}
        self.predecessors = []  # (region or mission, predecessor slug, line)

    def error(self, path, message):
        self.errors.append(FileError(self.file.line(path), message))

    def save(self, model, lookup, values, path, label):
        """Create the record, or in sync mode make it match; otherwise leave it as it is.
        Returns (record or None if refused, whether this file set its values)."""
        record = model.objects.filter(**lookup).first()
        key = (model, tuple(sorted((k, getattr(v, "pk", v)) for k, v in lookup.items())))
        if record is not None and (not self.sync or key in self.claimed):
            return record, False
        self.claimed.add(key)
        if record is None:
            record = model(**lookup, **values)
            changes = self.report.created
        elif all(getattr(record, name) == value for name, value in values.items()):
            return record, True
        else:
            for name, value in values.items():
                setattr(record, name, value)
            changes = self.report.changed
        try:
            if "published" in values:
                validate(record)
            else:
                record.full_clean()
        except ValidationError as invalid:
            for message in invalid.messages:
                self.error(path, f"{label}: {message}")
            return None, False
        record.save()
        changes.append(label)
        if "published" in values and one_language(values):
            self.report.notes.append(
                _(
                    "%(what)s has texts in one language only: the pages in the other "
                    "language show them marked with their language."
                )
                % {"what": capfirst(label)}
            )
        return record, True

    def run(self):
        self.records()
        self.link()
        self.figures()

    def records(self):
        for index, region in enumerate(self.file.data["regions"]):
            self.region(region, ("regions", index))
        for index, posting in enumerate(self.file.data.get("postings", [])):
            self.posting(posting, ("postings", index))

    def link(self):
        for record, slug, path in self.predecessors:
            self.predecessor(record, slug, path)

    def figures(self):
        for path, lookup, values in self.snapshots():
            self.snapshot(path, lookup, values)

    def region(self, item, path):
        record = item.get("record", {})
        exists = Region.objects.filter(slug=item["slug"]).exists()
        if not exists and ("language" not in record or "armed" not in record):
            self.error(
                path,
                _(
                    'Region "%(slug)s" does not exist yet: give its record.language and '
                    "record.armed."
                )
                % {"slug": item["slug"]},
            )
            return
        values = {
            **texts(item, "name"),
            **texts(item, "note"),
            **texts(item, "intro"),
            **{name: record[name] for name in ("language", "armed") if name in record},
            "position": record.get("position", path[-1] + 1),
            "published": True,
        }
        predecessor = self.existing(Region, record)
        if predecessor:
            values["predecessor"] = predecessor
        label = _("region %(slug)s") % {"slug": item["slug"]}
        region, owned = self.save(Region, {"slug": item["slug"]}, values, path, label)
        if region is None:
            return
        if owned and "predecessor" in record and not predecessor:
            self.predecessors.append((region, record["predecessor"], (*path, "record")))
        self.regions[item["slug"]] = region
        for index, mission in enumerate(item.get("missions", [])):
            self.mission(mission, region, (*path, "missions", index))

    def mission(self, item, region, path):
        # A mission the page listed under another region that year is accepted: the
        # edition keeps where it was listed, the record today's region.
        record = item.get("record", {})
        values = {
            "region": region,
            **texts(item, "name"),
            **texts(item, "acronym"),
            **texts(item, "body"),
            "kind": item["kind"],
            "status": record.get("status", item["status"]),
            "started": day(record.get("started")),
            "started_precision": record.get("started_precision", "day"),
            "ended": day(record.get("ended")),
            "ended_precision": record.get("ended_precision", "day"),
            "language": record.get("language", ""),
            "armed": record.get("armed"),
            "position": record.get("position", path[-1] + 1),
            "source": record.get("source", ""),
            "published": True,
        }
        predecessor = self.existing(Mission, record)
        if predecessor:
            values["predecessor"] = predecessor
        label = _("mission %(slug)s") % {"slug": item["slug"]}
        mission, owned = self.save(Mission, {"slug": item["slug"]}, values, path, label)
        if mission is None:
            return
        self.missions[item["slug"]] = mission
        if owned and "predecessor" in record and not predecessor:
            self.predecessors.append((mission, record["predecessor"], (*path, "record")))

    def existing(self, model, record):
        """The record's predecessor if it exists already: it is set at once; another one
        once all exist (link())."""
        if "predecessor" in record:
            return model.objects.filter(slug=record["predecessor"]).first()
        return None

    def predecessor(self, record, slug, path):
        predecessor = type(record).objects.filter(slug=slug).first()
        if predecessor is None:
            self.error(path, _('Unknown predecessor "%(slug)s".') % {"slug": slug})
            return
        if record.predecessor_id == predecessor.pk:
            return
        record.predecessor = predecessor
        try:
            validate(record)
        except ValidationError as invalid:
            for message in invalid.messages:
                self.error(path, message)
            return
        record.save()

    def posting(self, item, path):
        record = item.get("record", {})
        since = record.get("since", item.get("since")) or {}
        values = {
            "kind": item["kind"],
            **texts(item, "title"),
            **texts(item, "body"),
            **texts(record, "organization"),
            **texts(record, "city"),
            **texts(record, "country"),
            "since": day(since.get("date")),
            "since_precision": since.get("precision", "day"),
            "status": record.get("status", "active"),
            "position": record.get("position", path[-1] + 1),
            "published": True,
        }
        label = _("posting %(slug)s") % {"slug": item["slug"]}
        self.save(Posting, {"slug": item["slug"]}, values, path, label)

    def snapshots(self):
        """(path, lookup, values) of each dated figure the page shows for one mission or
        one region. A region's figure may be shown under several missions."""
        found = {}

        def add(figures, path, region, mission=None):
            for name, figure in (figures or {}).items():
                if not figure or figure["level"] == "missions":
                    continue
                as_of = figure.get("as_of", self.file.meta["took_effect"])
                key = (region, mission if figure["level"] == "mission" else None, as_of)
                entry = found.setdefault(key, {"path": (*path, name), "source": ""})
                if entry.get(name, figure["value"]) != figure["value"]:
                    self.error((*path, name), _("This figure differs from the same one above."))
                entry[name] = figure["value"]
                entry["source"] = entry["source"] or figure.get("source", "")

        for index, row in enumerate(self.file.data.get("table", [])):
            add({"authorized": row.get("authorized")}, ("table", index), row["region"])
        for r_index, region in enumerate(self.file.data["regions"]):
            path = ("regions", r_index)
            add(region.get("figures"), (*path, "figures"), region["slug"])
            for m_index, mission in enumerate(region.get("missions", [])):
                m_path = (*path, "missions", m_index, "figures")
                add(mission.get("figures"), m_path, region["slug"], mission["slug"])
        for (region, mission, as_of), entry in found.items():
            values = {
                "authorized": entry.get("authorized"),
                "deployed": entry.get("deployed"),
                "source": entry["source"] or self.file.meta["source"],
                "as_of_precision": self.file.meta.get("figures_precision", Precision.DAY),
            }
            lookup = {"region": region, "mission": mission, "as_of": day(as_of)}
            yield entry["path"], lookup, values

    def snapshot(self, path, lookup, values):
        region = (
            self.regions.get(lookup["region"])
            or Region.objects.filter(slug=lookup["region"]).first()
        )
        mission = None
        if lookup["mission"]:
            mission = self.missions.get(lookup["mission"])
            if mission is None:
                return  # its mission was refused, and reported
            # A mission's figure belongs to its record's region, wherever the page listed it.
            region = mission.region
        if region is None:
            self.error(path, _('Unknown region "%(slug)s".') % {"slug": lookup["region"]})
            return
        lookup = {**lookup, "region": region, "mission": mission}
        existing = DeploymentSnapshot.objects.filter(**lookup).first()
        label = _("figures of %(what)s on %(date)s") % {
            "what": (mission or region).slug,
            "date": lookup["as_of"].isoformat(),
        }
        if existing and not self.sync:
            if any(getattr(existing, k) != values[k] for k in ("authorized", "deployed")):
                self.report.notes.append(
                    _(
                        "The records hold other %(label)s (authorized %(authorized)s, deployed "
                        "%(deployed)s): kept as they are."
                    )
                    % {
                        "label": label,
                        "authorized": existing.authorized,
                        "deployed": existing.deployed,
                    }
                )
            return
        record, _changed = self.save(DeploymentSnapshot, lookup, values, path, label)
        if record is not None:
            self.created_figures.append(record.pk)


def check_edition(edition_file, document):
    errors = []

    def error(path, message):
        errors.append(FileError(edition_file.line(path), message))

    took_effect = edition_file.took_effect
    if took_effect > timezone.localdate():
        error(("edition", "took_effect"), _("An edition cannot take effect in the future."))
    first_published = (
        Edition.objects.filter(kind=Edition.Kind.PUBLISHED).order_by("took_effect").first()
    )
    if first_published and took_effect >= first_published.took_effect:
        error(
            ("edition", "took_effect"),
            _(
                "A historical edition comes before the site's first published edition, "
                "of %(date)s: a later one would change pages the public saw."
            )
            % {"date": first_published.took_effect.isoformat()},
        )
    page = content_hash(document)
    same = Edition.objects.filter(took_effect=took_effect, content_hash=page).first()
    if same:
        message = _("Edition %(number)s already holds this page on this date.")
        error(("edition",), message % {"number": same.number})
    for path, message in schema_errors(document):
        error(path, message)
    return errors


def with_catalog(document):
    """The document with the catalog of the ready records once the file is loaded: the
    history pages read their facts from the live edition's catalog."""
    return {**document, "catalog": catalog()}


def make_edition(edition_file, document, user=None):
    meta = edition_file.meta
    return Edition.objects.create(
        number=next_number(),
        kind=Edition.Kind.HISTORICAL,
        took_effect=edition_file.took_effect,
        published_by=user,
        summary_en=meta["summary"]["en"],
        summary_fr=meta["summary"]["fr"],
        significant=meta.get("significant", True),
        source=meta["source"],
        document=document,
    )


def load_edition(text, *, user=None, dry_run=False):
    """Load one edition file: a Report of what was (or, in a dry run, would be) created.
    Raises EditionFileError, having written nothing."""
    edition_file = parse(text)
    document = edition_file.document()
    report = Report()
    with transaction.atomic():
        loader = Loader(edition_file, report)
        loader.run()
        document = with_catalog(document)
        errors = edition_file.duplicates() + check_edition(edition_file, document) + loader.errors
        if errors:
            raise EditionFileError(sorted(errors, key=lambda error: error.line or 0))
        try:
            with transaction.atomic():
                report.edition = make_edition(edition_file, document, user)
                publish_figures(loader.created_figures, report.edition)
                queue_purge(report.edition)
        except IntegrityError as error:
            # Another edition took the number first.
            message = _("Another edition was created meanwhile. Load the file again.")
            raise EditionFileError([FileError(None, message)]) from error
        if dry_run:
            transaction.set_rollback(True)
    return report
