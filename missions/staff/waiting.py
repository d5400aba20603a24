"""Waiting for review: every region, mission, posting and figure saved since the live
edition was published, deleted ones included, read from their history: what changed, who
changed it and when. Editors and Publishers alike see it."""

from collections import defaultdict

from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Max, Q, Value
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator

from missions.models import DeploymentSnapshot, Edition, Mission, Posting, Region

MODELS = {model._meta.model_name: model for model in (Region, Mission, Posting, DeploymentSnapshot)}
# A figure is named after its mission or region: those are read once for the whole page.
NAMED_AFTER = {"deploymentsnapshot": {"region": Region, "mission": Mission}}
PER_PAGE = 100


def published_at(live):
    """When the live edition was published; None before the first edition."""
    return live.published_at if live else None


def changed_records(since):
    """One row per record saved since `since` (ever, if None), newest change first: its
    model's name, id, latest version, when that was saved, and whether it was added since.
    One query, which a Paginator counts and slices."""
    parts = []
    for name, model in MODELS.items():
        history = model.history.order_by()
        if since is not None:
            history = history.filter(history_date__gt=since)
        parts.append(
            history.values("id").annotate(
                model_name=Value(name, output_field=CharField()),
                latest=Max("history_id"),
                changed=Max("history_date"),
                added=Count("history_id", filter=Q(history_type="+")),
            )
        )
    first, *others = parts
    return first.union(*others, all=True).order_by("-changed", "model_name", "id")


def waiting_count():
    """How many records wait for review."""
    return changed_records(published_at(Edition.objects.live())).count()


def newest_versions(model, ids, until=None):
    """{id: the newest historical version of that record (as of `until`, if given)}."""
    history = model.history.filter(id__in=ids)
    if until is not None:
        history = history.filter(history_date__lte=until)
    newest = history.values("id").annotate(newest=Max("history_id")).values("newest")
    return {version.id: version for version in model.history.filter(history_id__in=newest)}


def changed_fields(model, before, after):
    """The labels of the fields that differ between two versions of a record."""
    try:
        # Each translated text once per language, not also under its untranslated name.
        excluded = translator.get_options_for_model(model).fields
    except NotRegistered:
        excluded = ()
    delta = after.diff_against(before, excluded_fields=excluded)
    return [
        str(capfirst(model._meta.get_field(change.field).verbose_name))
        for change in delta.changes
        if change.old not in (None, "") or change.new not in (None, "")
    ]


def people(model, ids, since):
    """{id: the usernames of who saved that record since `since`, the latest first}."""
    history = model.history.filter(id__in=ids)
    if since is not None:
        history = history.filter(history_date__gt=since)
    saves = (
        history.values("id", "history_user__username")
        .annotate(last=Max("history_id"))
        .order_by("-last")
    )
    found = defaultdict(list)
    for save in saves:
        found[save["id"]].append(save["history_user__username"] or gettext("unknown"))
    return found


def instances(model_name, versions):
    """{id: the record as in its version}, with what it is named after read in bulk."""
    records = {pk: version.instance for pk, version in versions.items()}
    for field, related in NAMED_AFTER.get(model_name, {}).items():
        wanted = {getattr(record, f"{field}_id") for record in records.values()} - {None}
        found = related.objects.in_bulk(wanted)
        # A mission or region deleted since is named as it last was.
        gone = newest_versions(related, wanted - set(found))
        found.update({pk: version.instance for pk, version in gone.items()})
        for record in records.values():
            if getattr(record, f"{field}_id") in found:
                setattr(record, field, found[getattr(record, f"{field}_id")])
    return records


def waiting_rows(entries, since):
    """What the page shows for each of `entries` (rows of changed_records), in a few
    queries per model whatever their number."""
    by_model = defaultdict(list)
    for entry in entries:
        by_model[entry["model_name"]].append(entry)
    shown = {}
    for name, group in by_model.items():
        model = MODELS[name]
        ids = [entry["id"] for entry in group]
        latest = {
            version.id: version
            for version in model.history.filter(history_id__in=[e["latest"] for e in group])
        }
        before = newest_versions(model, ids, since) if since is not None else {}
        who = people(model, ids, since)
        records = instances(name, latest)
        for entry in group:
            pk, version = entry["id"], latest[entry["id"]]
            if version.history_type == "-":
                change = gettext("deleted")
                url = reverse(f"admin:missions_{name}_history", args=[pk])
            else:
                url = reverse(f"admin:missions_{name}_change", args=[pk])
                # A record made without history (seeded, or bulk-loaded) has no before.
                fields = changed_fields(model, before[pk], version) if pk in before else []
                if entry["added"]:
                    change = gettext("added")
                elif fields:
                    change = gettext("changed: %(fields)s") % {"fields": ", ".join(fields)}
                else:
                    change = gettext("changed")
            shown[name, pk] = {
                "model": capfirst(model._meta.verbose_name),
                "record": str(records[pk]),
                "url": url,
                "change": change,
                "people": ", ".join(who[pk]),
                "when": version.history_date,
            }
    return [shown[entry["model_name"], entry["id"]] for entry in entries]


class WaitingListMixin:
    """Adds "Waiting for review" to the Edition admin, for whoever may see the review."""

    def get_urls(self):
        waiting = self.admin_site.admin_view(self.waiting_view)
        return [path("waiting/", waiting, name="missions_edition_waiting"), *super().get_urls()]

    def waiting_view(self, request):
        if not request.user.has_perm("missions.view_edition"):
            raise PermissionDenied
        live = Edition.objects.live()
        since = published_at(live)
        page = Paginator(changed_records(since), PER_PAGE).get_page(request.GET.get(PAGE_VAR))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Waiting for review"),
            "live": live,
            "page": page,
            "page_var": PAGE_VAR,
            "rows": waiting_rows(page.object_list, since),
        }
        return TemplateResponse(request, "admin/missions/waiting.html", context)
