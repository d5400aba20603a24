"""What changed from one document to another, in one language.

diff_documents() is the one comparison of two documents: the public change log, its Atom
feed and the Publisher's review screen (both languages side by side) all use it. A text
left empty and a text not given compare equal.
"""

from dataclasses import dataclass

from django.utils import translation

from missions.core.choices import MissionKind, PostingKind, Status
from missions.core.text import text_in

SECTIONS = ["table", "region", "mission", "posting"]
# The texts compared, by section, in the order they are reported.
TEXT_FIELDS = {
    "table": ["language", "armed"],
    "region": ["note", "intro"],
    "mission": ["acronym", "kind", "status_note", "language", "armed", "body"],
    "posting": ["kind", "body"],
}
FIGURES = ["authorized", "deployed"]


@dataclass
class DocumentChange:
    """One change between two documents.

    kind: "added", "removed", "renamed", "moved", "status", "figure" or "text";
    section: "page" (its title), "table", "region", "mission" or "posting";
    slug and label: the item, and its name in the language (the new name if renamed);
    field: what changed ("name", "status", "authorized", "deployed", "since", or the text's
    field, e.g. "body"); empty for an item added or removed;
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


def figure_text(data, language):
    if not data:
        return ""
    words = text_in(data.get("wording"), language).value
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
        return changes


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
            figure_text((old.get("figures") or {}).get(name), language),
            figure_text((new.get("figures") or {}).get(name), language),
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
