"""Staff previews: a public page with ?preview=1 shows the working copy, drafts included,
under a banner, to signed-in staff only, and is never cached. The page's own view renders
it, with the working copy mixed in for the published copy it reads."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from missions.core.choices import PersonnelType
from missions.editions.building import build_document, catalog
from missions.models import DeploymentSnapshot, Mission, UNContribution


class WorkingCopyPreview:
    """Mixed into a public page's view, before it: the same page from the working copy."""

    preview = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (request.user.is_staff and request.user.has_module_perms("missions")):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def preview_document(self, on_date):
        return build_document(on_date)

    def read_catalog(self, live):
        return catalog(drafts=True)

    def read_figures(self, **filters):
        return DeploymentSnapshot.objects.filter(
            **{f"{name}__slug": value for name, value in filters.items()}
        ).values_list("as_of", "authorized", "deployed")

    def read_region_figures(self, slug):
        return (
            DeploymentSnapshot.objects.filter(region__slug=slug)
            .annotate(mission_slug=Coalesce("mission__slug", Value("")))
            .order_by("mission_slug", "as_of")
            .values_list("mission_slug", "as_of", "authorized", "deployed")
        )

    def read_un_figures(self, slug):
        return (
            UNContribution.objects.filter(
                mission__slug=slug, personnel_type=PersonnelType.INDIVIDUAL_POLICE
            )
            .order_by("month", "acronym")
            .values_list("month", "male", "female", "total", "source")
        )

    def is_draft(self, slug):
        return not Mission.objects.published().filter(slug=slug).exists()


def previewable(view_class):
    """The view of a public page whose ?preview=1 is the staff preview of it."""
    public = view_class.as_view()
    preview = type(f"{view_class.__name__}Preview", (WorkingCopyPreview, view_class), {}).as_view()

    @wraps(public)
    def view(request, *args, **kwargs):
        if request.GET.get("preview") == "1":
            return preview(request, *args, **kwargs)
        return public(request, *args, **kwargs)

    return view
