"""Restoring an edition to the working copy: "undo a publish".

publishing.py turns the records into a document; this turns an edition's document back
into the records, so that the next edition shows what that one showed. Only the working
copy changes: the Publisher then reviews and publishes it like any other change.

- Regions, missions and postings get the edition's texts (the languages it gives), order,
  status and place on the page; those it did not show are taken off the page (unpublished,
  never deleted).
- A published edition's catalog also gives back each region's and mission's facts: language,
  armed, kind, region, dates and predecessor.
- The figures it showed are added to the records, or corrected there, where they differ;
  a figure recorded since is never deleted.
- A historical edition (an archived copy) says less: its catalog is the records' when it was
  loaded, not the page's, so only what its page shows is restored.

All or nothing, and each record changed is a change in its history by the Publisher.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from missions.editions.building import build_document
from missions.editions.corrections import figures_shown
from missions.editions.document import LANGUAGES
from missions.editions.loading import validate
from missions.editions.review import review_changes
from missions.models import DeploymentSnapshot, Mission, Posting, Region, Status
from missions.models.editions import Edition
from missions.models.locking import VersionConflict


class RestoreRefused(Exception):
    """The restore changed nothing; the message says why."""


@dataclass
class Restore:
    """What a restore changed, or in a dry run would change."""

    edition: Edition
    changed: list[str] = field(default_factory=list)  # a label per record changed
    figures: list[str] = field(default_factory=list)  # a label per figure added or corrected
    remaining: list = field(default_factory=list)  # review.Change: where the page still differs

    @property
    def historical(self):
        return self.edition.kind == Edition.Kind.HISTORICAL


def reason(edition):
    return _("Restores edition %(number)s") % {"number": edition.number}


def restore_edition(edition, user, dry_run=False):
    """Set the working copy back to what `edition` showed, as `user`: a Restore. Raises
    RestoreRefused, having changed nothing. A dry run says what would change, and keeps
    nothing."""
    with transaction.atomic():
        restorer = Restorer(edition, user)
        try:
            restorer.run()
        except ValidationError as invalid:
            raise RestoreRefused(
                _("Nothing was restored: %(what)s cannot be saved (%(why)s).")
                % {"what": restorer.current, "why": " ".join(invalid.messages)}
            ) from invalid
        except VersionConflict as conflict:
            raise RestoreRefused(
                _("Nothing was restored: %(what)s was saved by someone else meanwhile. Try again.")
                % {"what": restorer.current}
            ) from conflict
        result = restorer.result
        result.remaining = review_changes(edition.document, build_document())
        if dry_run:
            transaction.set_rollback(True)
    return result


def given_texts(item, name, model_field=None):
    """The record's fields for the texts `item` gives: a language the edition does not
    give (an archived copy in English only) keeps the record's own text."""
    value = item.get(name) or {}
    return {f"{model_field or name}_{code}": value[code] for code in LANGUAGES if code in value}


def day(value):
    return datetime.date.fromisoformat(value["date"]) if value else None


def same(value, other):
    """Whether two values are the same; a text left empty is an empty text."""
    if isinstance(value, str) or isinstance(other, str):
        return (value or "") == (other or "")
    return value == other


def english(text, record_text):
    """The English name, which orders records of the same position."""
    return text.get("en", record_text) or ""


def in_order(records, slugs, names):
    """{slug: position} for the records, in the order of `slugs`: their own positions if
    they already give that order, else 1, 2, 3..."""
    positions = {slug: records[slug].position for slug in slugs}
    if sorted(slugs, key=lambda slug: (positions[slug], names[slug])) == slugs:
        return positions
    return {slug: index for index, slug in enumerate(slugs, start=1)}


class Restorer:
    def __init__(self, edition, user):
        self.edition, self.user = edition, user
        self.document = edition.document
        self.historical = edition.kind == Edition.Kind.HISTORICAL
        # A historical edition's catalog is the records' when it was loaded.
        self.catalog = {} if self.historical else self.document.get("catalog", {})
        self.reason = reason(edition)
        self.result = Restore(edition)
        self.current = ""  # the record being saved, for a refusal's message
        self.regions = {region.slug: region for region in Region.objects.all()}
        self.missions = {
            mission.slug: mission for mission in Mission.objects.select_related("region")
        }

    def run(self):
        self.restore_regions()
        self.restore_missions()
        self.restore_postings()
        self.restore_figures()

    def save(self, record, values, label, listed=None):
        """Give `record` the values, if any differs: validated, saved and kept in its
        history as the Publisher's restore, and listed (in the changed records unless
        `listed` is given)."""
        changed = {
            name: value for name, value in values.items() if not same(getattr(record, name), value)
        }
        if not changed:
            return
        self.current = label
        for name, value in changed.items():
            setattr(record, name, value)
        if isinstance(record, DeploymentSnapshot):
            record.full_clean()
        else:
            validate(record)
        record._history_user = self.user
        record._change_reason = self.reason
        record.save()
        (self.result.changed if listed is None else listed).append(label)

    def find(self, records, slug, what):
        if slug not in records:
            raise RestoreRefused(
                _(
                    "Nothing was restored: edition %(number)s shows %(what)s %(slug)s, "
                    "which is no longer in the records."
                )
                % {"number": self.edition.number, "what": what, "slug": slug}
            )
        return records[slug]

    def region_items(self):
        """{slug: what the edition says of the region}, in the edition's order."""
        items = {}
        for entry in self.catalog.get("regions", []):
            items[entry["slug"]] = {"name": entry["name"], "catalog": entry}
        for row in self.document.get("table", []):
            items.setdefault(row["region"], {}).setdefault("name", row["name"])
        for section in self.document["regions"]:
            item = items.setdefault(section["slug"], {})
            item.update({key: section[key] for key in ("name", "note", "intro") if key in section})
        return items

    def restore_regions(self):
        items = self.region_items()
        records = {slug: self.find(self.regions, slug, _("region")) for slug in items}
        names = {
            slug: item["name"].get("en", records[slug].name_en) for slug, item in items.items()
        }
        positions = in_order(records, list(items), names)
        for slug, item in items.items():
            values = {
                **given_texts(item, "name"),
                **given_texts(item, "note"),
                **given_texts(item, "intro"),
                "position": positions[slug],
                "published": True,
            }
            entry = item.get("catalog")
            if entry and "language_code" in entry:
                values.update(language=entry["language_code"], armed=entry["is_armed"])
            self.save(records[slug], values, _("region %(slug)s") % {"slug": slug})
        if self.catalog:
            for entry in self.catalog.get("regions", []):
                self.restore_predecessor(self.regions, entry, items, _("region %(slug)s"))
        # A region with no running mission is off the page already; a historical
        # edition's page does not say whether it was ready, so it is left as it is.
        for slug, region in self.regions.items():
            if slug not in items and region.published and not self.historical:
                self.save(region, {"published": False}, _("region %(slug)s") % {"slug": slug})

    def restore_predecessor(self, records, entry, ready, label):
        """The predecessor the catalog names; none where it names none that was ready."""
        record = records[entry["slug"]]
        if "predecessor" in entry:
            predecessor = self.find(records, entry["predecessor"], record._meta.verbose_name)
            self.save(record, {"predecessor_id": predecessor.pk}, label % {"slug": record.slug})
        elif record.predecessor_id and any(
            other.pk == record.predecessor_id and slug in ready for slug, other in records.items()
        ):
            self.save(record, {"predecessor_id": None}, label % {"slug": record.slug})

    def mission_items(self):
        """{slug: (region slug or None, what the edition says of the mission)}, in the
        edition's order. A historical page may list a mission under another region that
        year: the record keeps today's region."""
        items = {}
        for entry in self.catalog.get("missions", []):
            items[entry["slug"]] = (entry["region"], dict(entry))
        for section in self.document["regions"]:
            for mission in section.get("missions", []):
                region, item = items.setdefault(mission["slug"], (None, {}))
                item.update(mission)
        return items

    def restore_missions(self):
        items = self.mission_items()
        records = {slug: self.find(self.missions, slug, _("mission")) for slug in items}
        by_region = {}
        for slug, (region, _item) in items.items():
            by_region.setdefault(region or records[slug].region.slug, []).append(slug)
        positions = {}
        for slugs in by_region.values():
            names = {
                slug: items[slug][1]["name"].get("en", records[slug].name_en) for slug in slugs
            }
            positions.update(in_order(records, slugs, names))
        for slug, (region_slug, item) in items.items():
            record = records[slug]
            values = {
                **given_texts(item, "name"),
                **given_texts(item, "acronym"),
                **given_texts(item, "body"),
                "kind": item["kind"],
                "status": item["status"],
                "position": positions[slug],
                "published": True,
            }
            if region_slug:
                region = self.find(self.regions, region_slug, _("region"))
                values.update(self.mission_facts(record, region, item))
            self.save(record, values, _("mission %(slug)s") % {"slug": slug})
        for entry in self.catalog.get("missions", []):
            self.restore_predecessor(self.missions, entry, items, _("mission %(slug)s"))
        for slug, mission in self.missions.items():
            # An ended mission is off the page already; a historical page does not say
            # whether it was ready.
            keep = self.historical and mission.status == Status.ENDED
            if slug not in items and mission.published and not keep:
                self.save(mission, {"published": False}, _("mission %(slug)s") % {"slug": slug})

    def mission_facts(self, record, region, entry):
        """A published edition's catalog facts of a mission: its region, dates, and its
        language and armed where they differ from what the record gives now."""
        values = {"region_id": region.pk}
        for name in ("started", "ended"):
            values[name] = day(entry.get(name))
            if entry.get(name):
                values[f"{name}_precision"] = entry[name]["precision"]
        if (
            "language_code" in entry
            and (record.language or region.language) != entry["language_code"]
        ):
            code = entry["language_code"]
            values["language"] = "" if code == region.language else code
        armed = record.armed if record.armed is not None else region.armed
        if "is_armed" in entry and armed != entry["is_armed"]:
            values["armed"] = None if entry["is_armed"] == region.armed else entry["is_armed"]
        return values

    def restore_postings(self):
        postings = {posting.slug: posting for posting in Posting.objects.all()}
        items = {item["slug"]: item for item in self.document.get("postings", [])}
        records = {slug: self.find(postings, slug, _("posting")) for slug in items}
        by_kind = {}
        for slug, item in items.items():
            by_kind.setdefault(item["kind"], []).append(slug)
        positions = {}
        for slugs in by_kind.values():
            names = {slug: english(items[slug]["title"], records[slug].title_en) for slug in slugs}
            positions.update(in_order(records, slugs, names))
        for slug, item in items.items():
            record = records[slug]
            values = {
                **given_texts(item, "title"),
                **given_texts(item, "body"),
                "kind": item["kind"],
                "since": day(item.get("since")),
                "position": positions[slug],
                "published": True,
            }
            if item.get("since"):
                values["since_precision"] = item["since"]["precision"]
            if record.status == Status.ENDED:
                values["status"] = Status.ACTIVE  # the edition showed it running
            self.save(record, values, _("posting %(slug)s") % {"slug": slug})
        for slug, posting in postings.items():
            # An ended posting is off the page already.
            if slug not in items and posting.published and posting.status != Status.ENDED:
                self.save(posting, {"published": False}, _("posting %(slug)s") % {"slug": slug})

    def restore_figures(self):
        """Each figure the edition showed for one mission or one region, added to the
        records or corrected there where they differ. A published edition shows a mission's
        authorized and deployed figures of one date together: one it leaves out was none."""
        found = {}
        for (region, mission, as_of, name), value in figures_shown(self.document).items():
            found.setdefault((region, mission, as_of), {})[name] = value
        for (region_slug, mission_slug, as_of), values in found.items():
            if mission_slug and not self.historical:
                values = {"authorized": None, "deployed": None, **values}
            region = self.find(self.regions, region_slug, _("region"))
            mission = mission_slug and self.find(self.missions, mission_slug, _("mission"))
            lookup = {"mission": mission} if mission else {"region": region, "mission": None}
            as_of = datetime.date.fromisoformat(as_of)
            snapshot = DeploymentSnapshot.objects.filter(**lookup, as_of=as_of).first()
            label = _("figures of %(what)s on %(date)s") % {
                "what": mission_slug or region_slug,
                "date": as_of.isoformat(),
            }
            if snapshot is None:
                snapshot = DeploymentSnapshot(
                    region=mission.region if mission else region,
                    mission=mission or None,
                    as_of=as_of,
                    source=_("As shown on edition %(number)s") % {"number": self.edition.number},
                )
            self.save(snapshot, values, label, listed=self.result.figures)
