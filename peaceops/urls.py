from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from missions.opendata.api import api, not_found

urlpatterns = [
    path("", TemplateView.as_view(template_name="splash.html"), name="splash"),
    path("api/v1/", api.urls),
    # An address under the API that names nothing: JSON, as the API answers, not a page.
    path("api/v1/<path:rest>", not_found),
    # The French addresses given French words by issue 30: a 301 to each, for ever.
    path("", include("missions.public.moved")),
]

urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("missions.urls")),
    prefix_default_language=True,
)
