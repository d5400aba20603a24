"""What publishing would change, as the review screen shows it: the changes diff_documents()
finds on the English page and on the French page, side by side, one row per change."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from missions.editions.diff import diff_documents
from missions.editions.document import LANGUAGES

SECTIONS = {
    "page": _("Page"),
    "table": _("Summary table row"),
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
    "status_note": _("status line"),
    "kind": _("kind"),
    "since": _("since"),
    "position": _("position"),
}


@dataclass
class Change:
    """One change, with the DocumentChange of each language whose page shows it."""

    kind: str
    section: str
    field: str
    languages: dict = field(default_factory=dict)  # {language: DocumentChange}

    @property
    def section_label(self):
        return SECTIONS[self.section]

    @property
    def field_label(self):
        return FIELDS.get(self.field, self.field)

    def sides(self):
        """[(language, label, before, after, changed)] for the side-by-side table; a side
        the change is not on keeps the item's label from the other."""
        label = next(iter(self.languages.values())).label
        sides = []
        for code in LANGUAGES:
            change = self.languages.get(code)
            if change is None:
                sides.append((code, label, "", "", False))
            else:
                sides.append((code, change.label, change.before, change.after, True))
        return sides


def review_changes(old, new):
    """Every change from document `old` (None: no edition yet) to `new`, in page order."""
    found = {}
    for code in LANGUAGES:
        for change in diff_documents(old, new, code):
            key = (change.kind, change.section, change.slug, change.field)
            row = found.setdefault(key, Change(change.kind, change.section, change.field))
            row.languages[code] = change
    return list(found.values())
