"""Changes to this page: every edition with its date, its summary and what changed from
the edition before, as a public page and as an Atom feed."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from modeltranslation.utils import get_language

from missions.editions.diff import diff_documents
from missions.models.editions import Edition, date_modified

ADDED = {
    "table": gettext_lazy("Row added to the summary table: %(label)s."),
    "region": gettext_lazy("Region added: %(label)s."),
    "mission": gettext_lazy("Mission added: %(label)s."),
    "posting": gettext_lazy("Posting added: %(label)s."),
}
REMOVED = {
    "table": gettext_lazy("Row removed from the summary table: %(label)s."),
    "region": gettext_lazy("Region removed: %(label)s."),
    "mission": gettext_lazy("Mission removed: %(label)s."),
    "posting": gettext_lazy("Posting removed: %(label)s."),
}
RENAMED = {
    "table": gettext_lazy("Summary-table row renamed from “%(before)s” to “%(after)s”."),
    "region": gettext_lazy("Region renamed from “%(before)s” to “%(after)s”."),
    "mission": gettext_lazy("Mission renamed from “%(before)s” to “%(after)s”."),
    "posting": gettext_lazy("Posting renamed from “%(before)s” to “%(after)s”."),
}
FIELDS = {
    "status": gettext_lazy("Status"),
    "note": gettext_lazy("Note"),
    "intro": gettext_lazy("Introduction"),
    "body": gettext_lazy("Text"),
    "acronym": gettext_lazy("Acronym"),
    "status_note": gettext_lazy("Status line"),
    "language": gettext_lazy("Language of operation"),
    "armed": gettext_lazy("Armed or unarmed"),
    "since": gettext_lazy("Participation since"),
    "authorized": gettext_lazy("Authorized deployments"),
    "deployed": gettext_lazy("Currently deployed"),
    "kind": gettext_lazy("Kind"),
}


def describe(change):
    """One sentence for a DocumentChange, in the current language."""
    values = {
        "label": change.label,
        "field": FIELDS.get(change.field, change.field),
        "before": change.before or _("none"),
        "after": change.after or _("none"),
    }
    if change.section == "table" and change.field == "authorized":
        values["field"] = _("Summary-table figure")
    if change.kind == "added":
        return ADDED[change.section] % values
    if change.kind == "removed":
        return REMOVED[change.section] % values
    if change.kind == "renamed":
        return RENAMED[change.section] % values
    if change.kind in ("status", "figure"):
        return _("%(label)s: %(field)s changed from %(before)s to %(after)s.") % values
    return _("%(label)s: %(field)s changed.") % values


@dataclass
class Entry:
    number: int
    took_effect: datetime.date
    published_at: datetime.datetime
    summary: str
    significant: bool
    url: str
    changes: list = field(default_factory=list)

    @property
    def descriptions(self):
        return [describe(change) for change in self.changes]


def entries(editions, before, language):
    """An Entry per edition of `editions` (newest first), each diffed against the one
    before it; `before` is the edition before the oldest of them, or None."""
    editions = list(editions)
    older = [*editions[1:], before]
    return [
        Entry(
            number=edition.number,
            took_effect=edition.took_effect,
            published_at=edition.published_at,
            summary=edition.summary(language),
            significant=edition.significant,
            url=edition.get_absolute_url(),
            changes=[
                change
                for change in diff_documents(
                    previous.document if previous else None, edition.document, language
                )
                # The page's title and the order of its items: the review shows them, the
                # change log keeps to what the items say.
                if change.section != "page" and change.kind != "moved"
            ],
        )
        for edition, previous in zip(editions, older, strict=True)
    ]


def edition_before(edition):
    return (
        Edition.objects.filter(
            Q(took_effect__lt=edition.took_effect)
            | Q(took_effect=edition.took_effect, number__lt=edition.number)
        )
        .newest_first()
        .first()
    )


class PageForm(forms.Form):
    """The change log's one query parameter (missions/pagecache/addresses.py)."""

    page = forms.IntegerField(min_value=1, required=False)


class ChangesView(TemplateView):
    """Every edition, newest first, a page at a time: four queries, however many."""

    template_name = "missions/changes.html"
    paginate_by = 50
    query_form = PageForm

    def get_context_data(self, **kwargs):
        paginator = Paginator(Edition.objects.newest_first(), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        editions = list(page.object_list)
        before = edition_before(editions[-1]) if editions else None
        live = Edition.objects.live()
        return super().get_context_data(
            page_obj=page,
            entries=entries(editions, before, get_language()),
            date_modified=date_modified(live) if live else None,
            **kwargs,
        )


class ChangesFeed(Feed):
    """The change log as an Atom feed: an entry per edition, linking to it."""

    feed_type = Atom1Feed

    def title(self):
        return _("Current peace operations: changes to this page")

    def subtitle(self):
        return _("Every edition of the page, with what changed.")

    def link(self):
        return reverse("missions:changes")

    def feed_url(self):
        return reverse("missions:changes_feed")

    def items(self):
        editions = list(Edition.objects.newest_first())
        found, language = [], get_language()
        for index, edition in enumerate(editions):
            previous = editions[index + 1] if index + 1 < len(editions) else None
            found.extend(entries([edition], previous, language))
        return found

    def item_title(self, item):
        return _("Edition %(number)s") % {"number": item.number}

    def item_description(self, item):
        return render_to_string("missions/change_entry.html", {"entry": item})

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
