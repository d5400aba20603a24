"""Changes to this page: every edition with its date, its summary and what changed from
the edition before, as a public page and as an Atom feed."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.generic import TemplateView
from modeltranslation.utils import get_language

from missions.core.dates import long_date
from missions.core.links import absolute_url
from missions.core.text import text_in
from missions.editions.diff import diff_documents, items
from missions.editions.document import catalog_names
from missions.models.editions import Edition, date_modified
from missions.models.published import FigureChange
from missions.public.errors import bad_request

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
# A text or fact that changed, by field: whole sentences, so that each language agrees
# them with its noun ("Remarque modifiée", "Texte modifié").
CHANGED = {
    "title": gettext_lazy("%(label)s: title changed."),
    "header": gettext_lazy("%(label)s: header lines changed."),
    "intro": gettext_lazy("%(label)s: introduction changed."),
    "note": gettext_lazy("%(label)s: note changed."),
    "body": gettext_lazy("%(label)s: text changed."),
    "acronym": gettext_lazy("%(label)s: acronym changed."),
    "status_note": gettext_lazy("%(label)s: status line changed."),
    "language": gettext_lazy("%(label)s: language of operation changed."),
    "armed": gettext_lazy("%(label)s: armed or unarmed changed."),
    "since": gettext_lazy("%(label)s: participation date changed."),
    "kind": gettext_lazy("%(label)s: kind changed."),
    "name": gettext_lazy("%(label)s: name changed."),
    "status": gettext_lazy("%(label)s: status changed."),
    "region": gettext_lazy("%(label)s: region changed."),
    "started": gettext_lazy("%(label)s: start date changed."),
    "ended": gettext_lazy("%(label)s: end date changed."),
    "predecessor": gettext_lazy("%(label)s: predecessor changed."),
}
# A figure that changed, was first given, or is no longer given.
FIGURE_CHANGED = {
    "table": (
        gettext_lazy("%(label)s: summary-table figure changed from %(before)s to %(after)s."),
        gettext_lazy("%(label)s: summary-table figure now given (%(after)s)."),
        gettext_lazy("%(label)s: summary-table figure no longer given (it was %(before)s)."),
    ),
    "authorized": (
        gettext_lazy("%(label)s: authorized deployments changed from %(before)s to %(after)s."),
        gettext_lazy("%(label)s: authorized deployments now given (%(after)s)."),
        gettext_lazy("%(label)s: authorized deployments no longer given (they were %(before)s)."),
    ),
    "deployed": (
        gettext_lazy("%(label)s: officers deployed changed from %(before)s to %(after)s."),
        gettext_lazy("%(label)s: officers deployed now given (%(after)s)."),
        gettext_lazy("%(label)s: officers deployed no longer given (they were %(before)s)."),
    ),
}


def in_language(text, lang):
    """`text` escaped, in an element marked with its language where that is not the
    page's."""
    return (
        format_html('<span lang="{}">{}</span>', lang, text) if lang else conditional_escape(text)
    )


def sentence(message, **values):
    """An interface message with its values, as HTML: the message escaped, each value
    escaped (or marked up by in_language())."""
    return mark_safe(
        conditional_escape(str(message)) % {k: conditional_escape(v) for k, v in values.items()}
    )


def describe(change, langs=None):
    """One sentence for a DocumentChange, in the current language, as HTML; `langs` holds
    (where, slug) → the language of the name, where it is not the page's ("before" and
    "after" of a renamed item: that of the old and the new name)."""
    langs = langs or {}
    label = in_language(change.label, langs.get((change.section, change.slug)))
    if change.kind == "added":
        return sentence(ADDED[change.section], label=label)
    if change.kind == "removed":
        return sentence(REMOVED[change.section], label=label)
    if change.kind == "renamed":
        before = in_language(change.before, langs.get(("before", change.slug)))
        after = in_language(change.after, langs.get(("after", change.slug)))
        return sentence(RENAMED[change.section], before=before, after=after)
    if change.kind == "status":
        message = _("%(label)s: status changed from %(before)s to %(after)s.")
        return sentence(message, label=label, before=change.before, after=change.after)
    if change.kind == "figure":
        name = "table" if change.section == "table" else change.field
        changed, given, gone = FIGURE_CHANGED[name]
        message = given if not change.before else gone if not change.after else changed
        return sentence(message, label=label, before=change.before, after=change.after)
    return sentence(CHANGED.get(change.field, _("%(label)s: changed.")), label=label)


@dataclass
class Entry:
    number: int
    took_effect: datetime.date
    published_at: datetime.datetime
    summary: str
    significant: bool
    url: str
    changes: list = field(default_factory=list)
    figures: list = field(default_factory=list)  # sentences on the published series
    langs: dict = field(default_factory=dict)  # for describe()

    @property
    def descriptions(self):
        return [describe(change, self.langs) for change in self.changes] + self.figures


def name_langs(old, new, language):
    """describe()'s `langs`: the language of each name the `language` pages of documents
    `old` and `new` give in the other language only."""
    langs = {}
    for key, document in (("before", old), ("after", new)):
        for section, found in items(document, language).items():
            for slug, item in found.items():
                # The new name's where the item is on both pages.
                langs[key, slug] = langs[section, slug] = text_in(item["name"], language).lang
        for kind in ("region", "mission"):
            for entry in (document or {}).get("catalog", {}).get(f"{kind}s", []):
                langs.setdefault((kind, entry["slug"]), text_in(entry["name"], language).lang)
    return langs


def figure_values(before, after):
    """ "authorized 25 → 30; deployed 20 → 22": the figures that changed."""
    parts = []
    for label, old, new in (
        (_("authorized"), before[0], after[0]),
        (_("deployed"), before[1], after[1]),
    ):
        if old != new:
            parts.append(f"{label} {number_or_none(old)} → {number_or_none(new)}")
    return pgettext("between two parts of a sentence", "; ").join(parts)


def number_or_none(value):
    return _("none") if value is None else number_format(value, force_grouping=True)


def figure_sentences(editions):
    """{edition id: [sentence]}: the figures of the published series each edition
    corrected or withdrew (mission, date, old → new), and how many it added. Two queries."""
    found = {edition.pk: [] for edition in editions}
    names = {edition.pk: catalog_names(edition.document) for edition in editions}
    language = get_language()
    corrected = (
        FigureChange.objects.corrections()
        .filter(edition__in=editions)
        .order_by("edition", "region", "mission", "as_of")
    )
    for change in corrected:
        where = text_in(names[change.edition_id].get(change.mission or change.region), language)
        values = {
            "where": in_language(where.value or change.mission or change.region, where.lang),
            "date": long_date(change.as_of),
        }
        if change.kind == FigureChange.Kind.REMOVED:
            message = _("Figure withdrawn: %(where)s, as of %(date)s.")
        else:
            values["values"] = figure_values(
                (change.authorized_before, change.deployed_before),
                (change.authorized_after, change.deployed_after),
            )
            message = _("Figure corrected: %(where)s, as of %(date)s: %(values)s.")
        found[change.edition_id].append(sentence(message, **values))
    added = (
        FigureChange.objects.filter(edition__in=editions, kind=FigureChange.Kind.ADDED)
        .values_list("edition")
        .annotate(count=Count("pk"))
    )
    for edition, count in added:
        found[edition].append(
            ngettext(
                "%(count)s figure added to the history.",
                "%(count)s figures added to the history.",
                count,
            )
            % {"count": number_format(count, force_grouping=True)}
        )
    return found


def entries(editions, before, language):
    """An Entry per edition of `editions` (newest first), each diffed against the one
    before it; `before` is the edition before the oldest of them, or None."""
    editions = list(editions)
    older = [*editions[1:], before]
    figures = figure_sentences(editions)
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
            figures=figures[edition.pk],
            langs=name_langs(previous.document if previous else None, edition.document, language),
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


def past_the_end_message(last):
    """What a page number past the last gets, with %(value)s where the number asked goes:
    the same for every number, so that its page is rendered once."""
    return _("This list has no page %(value)s. Its last page is %(last)s.") % {
        "value": "%(value)s",
        "last": last,
    }


class ChangesView(TemplateView):
    """Every edition, newest first, a page at a time: six queries, however many. A page
    past the last is a 404, not the last page again under another address (the address
    middleware answers it from the editions' dates while it knows them)."""

    template_name = "missions/changes.html"
    paginate_by = 50
    query_form = PageForm

    def get(self, request, *args, **kwargs):
        paginator = Paginator(Edition.objects.newest_first(), self.paginate_by)
        number = request.GET.get("page") or 1
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            message = past_the_end_message(paginator.num_pages) % {"value": number}
            return bad_request(request, message, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = self.page
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

    def get_object(self, request, *args, **kwargs):
        # For the links and ids, at SITE_URL: Feed would put them at the request's host.
        return request

    def title(self):
        return _("Current peace operations: changes to this page")

    def subtitle(self):
        return _("Every edition of the page, with what changed.")

    def link(self, request):
        return absolute_url(request, reverse("missions:changes"))

    def feed_url(self, request):
        return absolute_url(request, reverse("missions:changes_feed"))

    def items(self, request):
        items = entries(Edition.objects.newest_first(), None, get_language())
        for item in items:
            item.url = absolute_url(request, item.url)
        return items

    def item_title(self, item):
        return _("Edition %(number)s") % {"number": item.number}

    def item_description(self, item):
        return render_to_string("missions/change_entry.html", {"entry": item})

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return took_effect_at(item)

    def item_updateddate(self, item):
        return took_effect_at(item)


def took_effect_at(entry):
    """When an edition took effect: its publishing time, or for one that took effect
    another day (a historical edition, loaded long after), the start of that day."""
    published = timezone.localtime(entry.published_at)
    if published.date() == entry.took_effect:
        return published
    return timezone.make_aware(datetime.datetime.combine(entry.took_effect, datetime.time()))
