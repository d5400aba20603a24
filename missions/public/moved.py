"""The French addresses that were English until issue 30 gave them French words. People
bookmarked and scripted them, so each answers 301 to its French address for ever, with
its query string."""

from django.urls import path
from django.utils import translation
from django.views.generic import RedirectView

# Old address (from the site's root, without the leading slash) → the page's URL name.
MOVED = {
    "fr/missions-en-cours/changes/": "missions:changes",
    "fr/missions-en-cours/changes/feed/": "missions:changes_feed",
    "fr/data/datapackage.json": "missions:datapackage",
    "fr/data/snapshots.csv": "missions:snapshots_csv",
    "fr/data/snapshots.json": "missions:snapshots_json",
    "fr/data/regions.csv": "missions:regions_csv",
    "fr/data/regions.json": "missions:regions_json",
    "fr/data/missions.csv": "missions:missions_csv",
    "fr/data/missions.json": "missions:missions_json",
    "fr/data/un-contributions.csv": "missions:un-contributions_csv",
    "fr/data/un-contributions.json": "missions:un-contributions_json",
}


class MovedView(RedirectView):
    permanent = True
    query_string = True

    def get_redirect_url(self, *args, **kwargs):
        with translation.override("fr"):
            return super().get_redirect_url(*args, **kwargs)


urlpatterns = [path(old, MovedView.as_view(pattern_name=name)) for old, name in MOVED.items()]
