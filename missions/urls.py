from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import changelog, downloads, views
from .caching import cache_public_page

app_name = "missions"

urlpatterns = [
    path(
        _("current-peace-operations/"),
        cache_public_page(views.CurrentOperationsView.as_view()),
        name="current",
    ),
    path(
        format_lazy("{}editions/<int:number>/", _("current-peace-operations/")),
        cache_public_page(views.EditionDetailView.as_view()),
        name="edition",
    ),
    path(
        format_lazy("{}editions/<int:number>/figures.csv", _("current-peace-operations/")),
        downloads.EditionFiguresView.as_view(format="csv"),
        name="edition_figures_csv",
    ),
    path(
        format_lazy("{}editions/<int:number>/figures.json", _("current-peace-operations/")),
        downloads.EditionFiguresView.as_view(format="json"),
        name="edition_figures_json",
    ),
    path(
        format_lazy("{}changes/", _("current-peace-operations/")),
        cache_public_page(changelog.ChangesView.as_view()),
        name="changes",
    ),
    path(
        format_lazy("{}changes/feed/", _("current-peace-operations/")),
        cache_public_page(changelog.ChangesFeed()),
        name="changes_feed",
    ),
    path(
        "missions/<slug:slug>/",
        cache_public_page(views.MissionDetailView.as_view()),
        name="mission_detail",
    ),
    path(
        "regions/<slug:slug>/",
        cache_public_page(views.RegionDetailView.as_view()),
        name="region_detail",
    ),
    path(
        "data/snapshots.csv",
        downloads.SnapshotDownloadView.as_view(format="csv"),
        name="snapshots_csv",
    ),
    path(
        "data/snapshots.json",
        downloads.SnapshotDownloadView.as_view(format="json"),
        name="snapshots_json",
    ),
    path(
        "missions/<slug:slug>/snapshots.csv",
        downloads.SnapshotDownloadView.as_view(format="csv"),
        name="mission_snapshots_csv",
    ),
    path(
        "missions/<slug:slug>/snapshots.json",
        downloads.SnapshotDownloadView.as_view(format="json"),
        name="mission_snapshots_json",
    ),
]
