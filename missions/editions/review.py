"""What publishing would change, as the review screen shows it, all of it: the changes
diff_documents() finds on the English page and on the French page (and in the catalog
history pages and downloads read), side by side, one row per change; and every figure of
the published series added, corrected or removed (missions/editions/figures.py).

The review's fingerprint covers both: publish() refuses if it no longer matches, so what
the Publisher reviewed is exactly what goes out."""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from missions.editions.diff import diff_documents
from missions.editions.document import LANGUAGES
from missions.editions.figures import FigureDiff, figure_diff_batches
from missions.editions.un_figures import UNDiff, un_diff_batches
from missions.models.editions import content_hash

# The review lists this many figure changes; a larger set (a first edition) is counted.
FIGURES_LISTED = 1000

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
    "header": _("header lines"),
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
    "started": _("started"),
    "ended": _("ended"),
    "region": _("region"),
    "predecessor": _("predecessor"),
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


@dataclass
class Review:
    """Everything publishing the working copy would change against the live edition."""

    first: bool  # no edition yet: whatever the working copy holds is news
    changes: list[Change]  # the page, in both languages, and the catalog
    figures: list[FigureDiff]  # the first FIGURES_LISTED figure changes
    figure_count: int
    un_figures: list[UNDiff]  # the first FIGURES_LISTED changes of the UN's figures
    un_count: int
    fingerprint: str

    @property
    def empty(self):
        return not self.first and not self.changes and not self.figure_count and not self.un_count

    @property
    def corrections_only(self):
        """Only figures change: the page is as it was."""
        return not self.changes and bool(self.figure_count or self.un_count)


def start_fingerprint(document):
    return hashlib.sha256(content_hash(document).encode())


def review(live, document):
    """The Review of publishing `document` (the working copy's) over edition `live`."""
    hasher = start_fingerprint(document)
    figures, figure_count = listed(figure_diff_batches(), hasher)
    un_figures, un_count = listed(un_diff_batches(), hasher)
    return Review(
        first=live is None,
        changes=review_changes(live.document if live else None, document),
        figures=figures,
        figure_count=figure_count,
        un_figures=un_figures,
        un_count=un_count,
        fingerprint=hasher.hexdigest(),
    )


def listed(batches, hasher):
    """(the first FIGURES_LISTED differences, how many there are), each hashed in order."""
    found, count = [], 0
    for batch in batches:
        for diff in batch:
            hasher.update(diff.fingerprint())
        found += batch[: max(FIGURES_LISTED - len(found), 0)]
        count += len(batch)
    return found, count
