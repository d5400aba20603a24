from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import feedback, views
from .caching import public_page

app_name = "missions"

urlpatterns = [
    path(
        _("current-peace-operations/"),
        public_page(views.CurrentOperationsView.as_view()),
        name="current",
    ),
    path(
        format_lazy("{}editions/<int:number>/", _("current-peace-operations/")),
        public_page(views.EditionDetailView.as_view()),
        name="edition",
    ),
    path(
        "missions/<slug:slug>/",
        public_page(views.MissionDetailView.as_view()),
        name="mission_detail",
    ),
    path(
        "regions/<slug:slug>/",
        public_page(views.RegionDetailView.as_view()),
        name="region_detail",
    ),
    path(_("feedback/"), feedback.FeedbackView.as_view(), name="feedback"),
    path(_("feedback/thanks/"), feedback.FeedbackThanksView.as_view(), name="feedback_thanks"),
    path(
        "data/snapshots.csv",
        views.SnapshotDownloadView.as_view(format="csv"),
        name="snapshots_csv",
    ),
    path(
        "data/snapshots.json",
        views.SnapshotDownloadView.as_view(format="json"),
        name="snapshots_json",
    ),
    path(
        "missions/<slug:slug>/snapshots.csv",
        views.SnapshotDownloadView.as_view(format="csv"),
        name="mission_snapshots_csv",
    ),
    path(
        "missions/<slug:slug>/snapshots.json",
        views.SnapshotDownloadView.as_view(format="json"),
        name="mission_snapshots_json",
    ),
]
