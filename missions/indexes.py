"""Every mission and every region, past and present, with filters for analysts. Bad
filter values get a 400 page saying what is wrong; the lists take the same number of
queries however many records there are."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from .forms import IsoDateField
from .models import Mission, Region, Status


class ActiveOnForm(forms.Form):
    active_on = IsoDateField(
        label=gettext_lazy("Active on (YYYY-MM-DD)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_active_on(self):
        value = self.cleaned_data["active_on"]
        if value and value > timezone.localdate():
            raise ValidationError(
                _("%(value)s is in the future. Choose today or an earlier date."),
                code="future",
                params={"value": value.isoformat()},
            )
        return value


class MissionFilterForm(ActiveOnForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + Status.choices,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + Mission.Kind.choices,
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        empty_label=gettext_lazy("Any"),
        to_field_name="slug",
        queryset=Region.objects.published().only("slug", "name_en", "name_fr"),
    )
    field_order = ["status", "kind", "region", "active_on"]


def with_page(form_class):
    """The view's query parameters for the page cache (missions/caching.py): its filters and
    the page number. Any other parameter is ignored, as tracking parameters are."""
    return type(
        f"{form_class.__name__}Query",
        (form_class,),
        {"page": forms.IntegerField(min_value=1, required=False)},
    )


class FilteredListView(ListView):
    """A list narrowed by the filters of form_class, read from the query string; a bad
    value is a 400 with a message."""

    form_class = None
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.form = self.form_class(request.GET)
        if not self.form.is_valid():
            field, errors = next(iter(self.form.errors.items()))
            message = f"{self.form.fields[field].label}: {errors[0]}"
        else:
            return super().get(request, *args, **kwargs)
        return render(
            request,
            "missions/index_bad_request.html",
            {"message": message, "retry_url": request.path},
            status=400,
        )

    def get_context_data(self, **kwargs):
        filters = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form, filtered=bool(filters), query=query.urlencode(), **kwargs
        )


class MissionIndexView(FilteredListView):
    """/missions/: every published mission with its dates, status and latest figures."""

    template_name = "missions/mission_index.html"
    form_class = MissionFilterForm
    query_form = with_page(MissionFilterForm)

    def get_queryset(self):
        today = timezone.localdate()
        missions = Mission.objects.published().select_related("region")
        data = self.form.cleaned_data
        if data["status"]:
            missions = missions.filter(status=data["status"])
        if data["kind"]:
            missions = missions.filter(kind=data["kind"])
        if data["region"]:
            missions = missions.filter(region=data["region"])
        if data["active_on"]:
            missions = missions.active_on(data["active_on"])
        return missions.with_latest_figures(today).order_by(
            "region__position", "region__slug", "position", "slug"
        )


class RegionIndexView(FilteredListView):
    """/regions/: every published region with its missions and its summary-table figure."""

    template_name = "missions/region_index.html"
    form_class = ActiveOnForm
    query_form = with_page(ActiveOnForm)

    def get_queryset(self):
        today = timezone.localdate()
        published = Mission.objects.published()
        counts = (
            published.filter(region=OuterRef("pk"))
            .order_by()
            .values("region")
            .annotate(count=Count("pk"))
            .values("count")
        )
        active = published.active_on(today).with_latest_figures(today)
        regions = (
            Region.objects.published()
            .with_latest_figures(today)
            .annotate(mission_count=Subquery(counts))
            .prefetch_related(Prefetch("missions", queryset=active, to_attr="active_missions"))
        )
        on_date = self.form.cleaned_data["active_on"]
        if on_date:
            regions = regions.filter(pk__in=published.active_on(on_date).values("region"))
        return regions.order_by("position", "slug")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (region, region.cap(region.active_missions)) for region in context["object_list"]
        ]
        return context
