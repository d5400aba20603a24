from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import downloads, indexes, opendata, views
from .api import ApiDocsView
from .caching import cache_public_page

app_name = "missions"

urlpatterns = [
    path(
        _("current-peace-operations/"),
        cache_public_page(views.CurrentOperationsView.as_view()),
        name="current",
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
        "missions/",
        cache_public_page(indexes.MissionIndexView.as_view()),
        name="mission_index",
    ),
    path(
        "regions/",
        cache_public_page(indexes.RegionIndexView.as_view()),
        name="region_index",
    ),
    path(_("data/"), cache_public_page(downloads.OpenDataView.as_view()), name="data"),
    path("api/", cache_public_page(ApiDocsView.as_view()), name="api_docs"),
    path("data/datapackage.json", downloads.DataPackageView.as_view(), name="datapackage"),
    *(
        path(
            f"data/{opendata.file_name(table, format)}",
            downloads.TableDownloadView.as_view(table=table, format=format),
            name=f"{opendata.FILES[table.name]}_{format}",
        )
        for table in opendata.TABLES
        for format in opendata.FORMATS
    ),
    *(
        path(
            f"{scope}s/<slug:slug>/snapshots.{format}",
            downloads.TableDownloadView.as_view(scope=scope, format=format),
            name=f"{scope}_snapshots_{format}",
        )
        for scope in ("mission", "region")
        for format in opendata.FORMATS
    ),
]
