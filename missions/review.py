"""What publishing would change: the working copy's document against the live edition's,
item by item, in English and French side by side."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .documents import LANGUAGES, is_text

SECTIONS = {
    "title": _("Page title"),
    "row": _("Summary table row"),
    "region": _("Region"),
    "mission": _("Mission"),
    "posting": _("Posting"),
}
FIELDS = {
    "name": _("name"),
    "title": _("title"),
    "note": _("note"),
    "intro": _("introduction"),
    "body": _("body"),
    "acronym": _("acronym"),
    "language": _("language of operation"),
    "armed": _("armed or unarmed"),
    "authorized": _("authorized"),
    "deployed": _("deployed"),
    "status": _("status"),
    "kind": _("kind"),
    "since": _("since"),
    "position": _("position"),
}


@dataclass
class Change:
    kind: str  # added, removed, changed
    section: str
    label: dict  # {language: the item's name}
    field: str = ""
    before: dict | None = None  # {language: text}
    after: dict | None = None

    @property
    def section_label(self):
        return SECTIONS[self.section]

    @property
    def field_label(self):
        return FIELDS.get(self.field, self.field)

    def sides(self):
        """[(language, label, before, after)] for the side-by-side table."""
        return [
            (
                code,
                self.label.get(code, ""),
                (self.before or {}).get(code, ""),
                (self.after or {}).get(code, ""),
            )
            for code in LANGUAGES
        ]


def as_texts(value):
    """A document value as {language: text}: texts as they are, figures by their wording,
    anything else as written."""
    if value is None:
        return {}
    if is_text(value):
        return value
    if isinstance(value, dict) and "wording" in value:
        return value["wording"]
    if isinstance(value, dict):
        return {code: ", ".join(f"{k}: {v}" for k, v in value.items()) for code in LANGUAGES}
    return {code: str(value) for code in LANGUAGES}


def label_of(item):
    for key in ("name", "title"):
        if is_text(item.get(key)):
            return item[key]
    return {code: item.get("slug", item.get("region", "")) for code in LANGUAGES}


def compare_items(section, old_items, new_items, key, fields, changes, children=None):
    old = {item[key]: item for item in old_items}
    new = {item[key]: item for item in new_items}
    for slug, item in new.items():
        if slug not in old:
            changes.append(Change("added", section, label_of(item)))
    for slug, item in old.items():
        if slug not in new:
            changes.append(Change("removed", section, label_of(item)))
    old_order = [slug for slug in old if slug in new]
    new_order = [slug for slug in new if slug in old]
    if old_order != new_order:
        moved = [slug for index, slug in enumerate(new_order) if old_order[index] != slug]
        for slug in moved:
            changes.append(Change("moved", section, label_of(new[slug]), field="position"))
    for slug in new_order:
        before, after = old[slug], new[slug]
        for name in fields:
            if before.get(name) != after.get(name):
                changes.append(
                    Change(
                        "changed",
                        section,
                        label_of(after),
                        field=name,
                        before=as_texts(before.get(name)),
                        after=as_texts(after.get(name)),
                    )
                )
        if children:
            children(before, after, changes)


def compare_figures(before, after, changes, section):
    for name in ("authorized", "deployed"):
        old = (before.get("figures") or {}).get(name)
        new = (after.get("figures") or {}).get(name)
        if old != new:
            changes.append(
                Change(
                    "changed" if old and new else ("added" if new else "removed"),
                    section,
                    label_of(after),
                    field=name,
                    before=as_texts(old),
                    after=as_texts(new),
                )
            )


def compare_missions(before, after, changes):
    def figures(old, new, found):
        compare_figures(old, new, found, "mission")

    compare_items(
        "mission",
        before.get("missions", []),
        after.get("missions", []),
        "slug",
        ["name", "acronym", "status", "status_note", "kind", "since", "language", "armed", "body"],
        changes,
        figures,
    )


def diff_documents(old, new):
    """Every change from document `old` (None: no edition yet) to `new`, as Change rows."""
    old = old or {"title": {}, "table": [], "regions": [], "postings": []}
    changes = []
    if old.get("title") != new.get("title"):
        changes.append(
            Change("changed", "title", new["title"], "title", old.get("title"), new["title"])
        )
    compare_items(
        "row",
        old.get("table", []),
        new.get("table", []),
        "region",
        ["name", "language", "armed", "authorized"],
        changes,
    )

    def region_children(before, after, found):
        compare_figures(before, after, found, "region")
        compare_missions(before, after, found)

    compare_items(
        "region",
        old.get("regions", []),
        new.get("regions", []),
        "slug",
        ["name", "note", "intro"],
        changes,
        region_children,
    )
    compare_items(
        "posting",
        old.get("postings", []),
        new.get("postings", []),
        "slug",
        ["title", "kind", "body", "since"],
        changes,
    )
    return changes
