"""The site's public addresses: the pages, their staff previews, the downloads and the API's
documentation. Each page goes through the page cache (missions/pagecache/)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from missions.opendata import downloads, edition_downloads, tables
from missions.opendata.api_docs import ApiDocsView, openapi_document
from missions.pagecache.middleware import public_page
from missions.public import changes, feedback, indexes, views
from missions.staff.previews import previewable

app_name = "missions"

urlpatterns = [
    path(
        _("current-peace-operations/"),
        public_page(previewable(views.CurrentOperationsView)),
        name="current",
    ),
    path(
        format_lazy("{}editions/<int:number>/", _("current-peace-operations/")),
        public_page(views.EditionDetailView.as_view()),
        name="edition",
    ),
    path(
        format_lazy("{}editions/<int:number>/corrections/", _("current-peace-operations/")),
        public_page(views.EditionCorrectionsView.as_view()),
        name="edition_corrections",
    ),
    path(
        format_lazy("{}editions/<int:number>/figures.csv", _("current-peace-operations/")),
        edition_downloads.EditionFiguresView.as_view(format="csv"),
        name="edition_figures_csv",
    ),
    path(
        format_lazy("{}editions/<int:number>/figures.json", _("current-peace-operations/")),
        edition_downloads.EditionFiguresView.as_view(format="json"),
        name="edition_figures_json",
    ),
    path(
        format_lazy("{}{}", _("current-peace-operations/"), _("changes/")),
        public_page(changes.ChangesView.as_view()),
        name="changes",
    ),
    path(
        format_lazy("{}{}", _("current-peace-operations/"), _("changes/feed/")),
        public_page(changes.ChangesFeed()),
        name="changes_feed",
    ),
    path(
        "missions/<slug:slug>/",
        public_page(previewable(views.MissionDetailView)),
        name="mission_detail",
    ),
    path(
        "regions/<slug:slug>/",
        public_page(previewable(views.RegionDetailView)),
        name="region_detail",
    ),
    path(_("feedback/"), feedback.FeedbackView.as_view(), name="feedback"),
    path(_("feedback/thanks/"), feedback.FeedbackThanksView.as_view(), name="feedback_thanks"),
    path(
        "missions/",
        public_page(indexes.MissionIndexView.as_view()),
        name="mission_index",
    ),
    path(
        "regions/",
        public_page(indexes.RegionIndexView.as_view()),
        name="region_index",
    ),
    path(_("data/"), public_page(downloads.OpenDataView.as_view()), name="data"),
    path("api/", public_page(ApiDocsView.as_view()), name="api_docs"),
    path("api/openapi.json", public_page(openapi_document), name="api_schema"),
    path(
        format_lazy("{}datapackage.json", _("data/")),
        downloads.DataPackageView.as_view(),
        name="datapackage",
    ),
    *(
        path(
            format_lazy("{}{}", _("data/"), tables.file_name(table, format)),
            downloads.TableDownloadView.as_view(table=table, format=format),
            name=f"{tables.FILES[table.name]}_{format}",
        )
        for table in tables.TABLES
        for format in tables.FORMATS
    ),
    *(
        path(
            f"{scope}s/<slug:slug>/snapshots.{format}",
            downloads.TableDownloadView.as_view(scope=scope, format=format),
            name=f"{scope}_snapshots_{format}",
        )
        for scope in ("mission", "region")
        for format in tables.FORMATS
    ),
]
