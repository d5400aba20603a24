"""What changed from one document to another, in one language.

diff_documents() is the one comparison of two documents: the public change log, its Atom
feed and the Publisher's review screen (both languages side by side) all use it. A text
left empty and a text not given compare equal.
"""

import datetime
from dataclasses import dataclass

from django.utils import translation

from missions.core.choices import MissionKind, PostingKind, Status
from missions.core.dates import format_date
from missions.core.text import text_in
from missions.editions.document import figure_wording

SECTIONS = ["table", "region", "mission", "posting"]
# The texts compared, by section, in the order they are reported.
TEXT_FIELDS = {
    "table": ["language", "armed"],
    "region": ["note", "intro"],
    "mission": ["acronym", "kind", "status_note", "language", "armed", "body"],
    "posting": ["kind", "body"],
}
# The page's own texts, after its title.
PAGE_TEXT_FIELDS = ["header", "intro"]
FIGURES = ["authorized", "deployed"]
# The catalog's facts, by kind; those the page also shows are compared there when the item
# is on both pages.
CATALOG_FIELDS = {
    "region": ["name", "language", "armed", "predecessor"],
    "mission": [
        "name",
        "acronym",
        "kind",
        "status",
        "language",
        "armed",
        "region",
        "started",
        "ended",
        "predecessor",
    ],
}
ON_THE_PAGE = {
    "region": {"name", "language", "armed"},
    "mission": {"name", "acronym", "kind", "status", "language", "armed"},
}


@dataclass
class DocumentChange:
    """One change between two documents.

    kind: "added", "removed", "renamed", "moved", "status", "figure", "text", or "record"
    (a fact of the catalog that history pages, indexes and downloads show);
    section: "page" (its title), "table", "region", "mission" or "posting";
    slug and label: the item, and its name in the language (the new name if renamed);
    field: what changed ("name", "status", "authorized", "deployed", "since", a catalog
    fact such as "started", or the text's field, e.g. "body"); empty for an item added or
    removed;
    before, after: the value in the language, as the page showed it ("" where none).
    """

    kind: str
    section: str
    slug: str
    label: str
    field: str = ""
    before: str = ""
    after: str = ""


def items(document, language):
    """{section: {slug: item}} of what the `language` page of the document showed."""
    found = {section: {} for section in SECTIONS}

    def shown(item):
        return language in item.get("languages", [language])

    document = document or {}
    for row in filter(shown, document.get("table", [])):
        found["table"][row["region"]] = {**row, "figures": {"authorized": row.get("authorized")}}
    for region in filter(shown, document.get("regions", [])):
        found["region"][region["slug"]] = region
        for mission in filter(shown, region.get("missions", [])):
            found["mission"][mission["slug"]] = mission
    for posting in filter(shown, document.get("postings", [])):
        found["posting"][posting["slug"]] = {**posting, "name": posting["title"]}
    return found


def figure_text(data, name, language):
    """A figure's words in `language` (its number, where the edition gave words only in
    the other language), with its date."""
    if not data:
        return ""
    words = figure_wording(data, name, language)[0].value
    return f"{words} ({data['as_of']})" if data.get("as_of") else words


def kind_text(section, kind):
    if not kind:
        return ""
    return str((MissionKind if section == "mission" else PostingKind)(kind).label)


def since_text(item):
    since = item.get("since")
    return since["date"] if since else ""


def status_text(status):
    return str(Status(status).label) if status else ""


def diff_documents(old, new, language):
    """The changes from document `old` (None for the first edition) to `new`, as read on
    the `language` page: a list of DocumentChange, by section, then in page order."""
    with translation.override(language):
        before, after = items(old, language), items(new, language)
        changes = []
        title = text_in((new or {}).get("title"), language).value
        if old is not None and text_in(old.get("title"), language).value != title:
            was = text_in(old.get("title"), language).value
            changes.append(DocumentChange("text", "page", "", title, "title", was, title))
        if old is not None:
            changes += page_text_changes(old, new, title, language)
        for section in SECTIONS:
            was, now = before[section], after[section]
            changes += moves(section, was, now, language)
            for slug, item in now.items():
                label = text_in(item["name"], language).value
                if slug not in was:
                    changes.append(DocumentChange("added", section, slug, label))
                    continue
                changes += item_changes(section, slug, label, was[slug], item, language)
            for slug, item in was.items():
                if slug not in now:
                    label = text_in(item["name"], language).value
                    changes.append(DocumentChange("removed", section, slug, label))
        if old is not None and "catalog" in old and "catalog" in new:
            changes += catalog_changes(old["catalog"], new["catalog"], before, after, language)
        return changes


def page_text_changes(old, new, title, language):
    """The page's own texts that changed: its header lines and introduction."""
    changes = []
    for field in PAGE_TEXT_FIELDS:
        was, now = (page_text(document, field, language) for document in (old, new))
        if was != now:
            changes.append(DocumentChange("text", "page", "", title, field, was, now))
    return changes


def page_text(document, field, language):
    if field == "header":
        return "\n".join(text_in(line, language).value for line in document.get("header", []))
    return text_in(document.get(field), language).value


def catalog_changes(old, new, before, after, language):
    """The facts history pages, indexes and downloads show that changed, for the regions
    and missions in both catalogs; `before` and `after` are items() of the two pages, whose
    own changes are reported there."""
    changes = []
    for kind in CATALOG_FIELDS:
        was = {entry["slug"]: entry for entry in old.get(f"{kind}s", [])}
        names = {
            name: {entry["slug"]: entry for entry in new.get(f"{name}s", [])}
            for name in ("region", "mission")
        }
        now = {entry["slug"]: entry for entry in new.get(f"{kind}s", [])}
        # Added to or removed from the history and the downloads, unless the page says so.
        for slug in [slug for slug in now if slug not in was and slug not in after[kind]]:
            label = text_in(now[slug]["name"], language).value
            changes.append(DocumentChange("added", kind, slug, label))
        for slug in [slug for slug in was if slug not in now and slug not in before[kind]]:
            label = text_in(was[slug]["name"], language).value
            changes.append(DocumentChange("removed", kind, slug, label))
        for entry in now.values():
            slug = entry["slug"]
            if slug not in was:
                continue
            on_both = slug in before[kind] and slug in after[kind]
            label = text_in(entry["name"], language).value
            for name in CATALOG_FIELDS[kind]:
                if on_both and name in ON_THE_PAGE[kind]:
                    continue
                # A predecessor is of the item's own kind.
                found = names["region" if name == "region" else kind]
                old_value = fact_text(was[slug], name, found, language)
                new_value = fact_text(entry, name, found, language)
                if old_value != new_value:
                    changes.append(
                        DocumentChange("record", kind, slug, label, name, old_value, new_value)
                    )
    return changes


def fact_text(entry, name, names, language):
    """A catalog fact as words in `language`; `names` finds the region or mission it names
    by slug."""
    value = entry.get(name)
    if name in ("started", "ended"):
        if not value:
            return ""
        day = datetime.date.fromisoformat(value["date"])
        return format_date(day, value.get("precision", "day"))
    if name in ("region", "predecessor"):
        return text_in(names[value]["name"], language).value if value in names else value or ""
    if name == "status":
        return status_text(value)
    if name == "kind":
        return kind_text("mission", value)
    return text_in(value, language).value


def item_changes(section, slug, label, old, new, language):
    changes = []

    def compare(kind, field, old_value, new_value):
        if old_value != new_value:
            changes.append(DocumentChange(kind, section, slug, label, field, old_value, new_value))

    compare("renamed", "name", text_in(old["name"], language).value, label)
    compare("status", "status", status_text(old.get("status")), status_text(new.get("status")))
    for name in FIGURES:
        compare(
            "figure",
            name,
            figure_text((old.get("figures") or {}).get(name), name, language),
            figure_text((new.get("figures") or {}).get(name), name, language),
        )
    compare("text", "since", since_text(old), since_text(new))
    for field in TEXT_FIELDS[section]:
        if field == "kind":
            compare(
                "text",
                field,
                kind_text(section, old.get("kind")),
                kind_text(section, new.get("kind")),
            )
        else:
            compare(
                "text",
                field,
                text_in(old.get(field), language).value,
                text_in(new.get(field), language).value,
            )
    return changes


def moves(section, was, now, language):
    """The items of a section that stand elsewhere among those on both pages."""
    before = [slug for slug in was if slug in now]
    after = [slug for slug in now if slug in was]
    return [
        DocumentChange(
            "moved", section, slug, text_in(now[slug]["name"], language).value, "position"
        )
        for old, slug in zip(before, after, strict=True)
        if old != slug
    ]
