"""One screen to put the regions in order: drag and drop, or type positions without
JavaScript. Each region's version goes with the form, so a region changed by someone else
meanwhile makes the whole save refused, as on its own form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from missions.models.locking import VersionConflict


class PositionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    position = forms.IntegerField(label=_("position"), min_value=0, max_value=100_000)


class BasePositionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        ids = [form.cleaned_data.get("id") for form in self.forms if form.cleaned_data]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(_("A region appears twice in the form."))


PositionFormSet = forms.formset_factory(
    PositionForm, formset=BasePositionFormSet, extra=0, max_num=500, absolute_max=500
)


class RegionOrderingMixin:
    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_order"
        view = self.admin_site.admin_view(self.order_view)
        return [path("order/", view, name=name), *super().get_urls()]

    def order_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        regions = {region.pk: region for region in self.model._base_manager.all()}
        initial = [
            {"id": r.pk, "version": r.version, "position": r.position}
            for r in sorted(regions.values(), key=lambda r: (r.position, r.name))
        ]
        if request.method == "POST":
            formset = PositionFormSet(request.POST, initial=initial)
            if formset.is_valid() and self.save_order(request, formset, regions):
                return HttpResponseRedirect(request.path)
        else:
            formset = PositionFormSet(initial=initial)
        rows = [(form, regions.get(to_int(form["id"].value()))) for form in formset]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Order of the regions"),
            "opts": self.model._meta,
            "formset": formset,
            "rows": rows,
            "media": self.media + formset.media,
        }
        return TemplateResponse(request, "admin/missions/region/order.html", context)

    def save_order(self, request, formset, regions):
        """Saves every changed position, or none: False, with a message, if any region
        is unknown or changed since the form was opened."""
        stale = []
        changes = []
        for form in formset.forms:
            data = form.cleaned_data
            region = regions.get(data["id"])
            if region is None or region.version != data["version"]:
                stale.append(region or data["id"])
            elif region.position != data["position"]:
                changes.append((region, data["position"]))
        try:
            if stale:
                raise VersionConflict(stale)
            with transaction.atomic():
                for region, position in changes:
                    region.position = position
                    region._change_reason = gettext("New position on the ordering screen")
                    region.save()
                    self.log_change(request, region, [{"changed": {"fields": ["Position"]}}])
        except VersionConflict:
            self.message_user(
                request,
                gettext(
                    "Someone changed %(regions)s after you opened this screen, so nothing was "
                    "saved. The screen now shows the current order: make your changes again."
                )
                % {"regions": ", ".join(f"“{region}”" for region in stale) or gettext("a region")},
                messages.ERROR,
            )
            return True  # back to the current order and versions
        if changes:
            self.message_user(
                request,
                gettext("The new order is saved (%(count)d regions moved).")
                % {"count": len(changes)},
                messages.SUCCESS,
            )
        return True

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "order_url": reverse("admin:missions_region_order"),
        }
        return super().changelist_view(request, extra_context)


def to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
