from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("xxgk/", views.xxgk_index, name="xxgk"),
    path("xxgk/<path:index_no>/", views.xxgk_item, name="item"),
    path("search/", views.search, name="search"),
    path("feeds/all/", views.feed_all, name="feed_all"),
    path("feeds/<slug:column>/", views.feed_column, name="feed_column"),
    path("ysqgk/apply/", views.apply, name="apply"),
    path("ysqgk/track/", views.track, name="track"),
    path("ndbg/", views.annual_reports, name="annual_reports"),
    path("ndbg/<str:organ_code>/<int:year>/", views.annual_report, name="annual_report"),
    path("api/v1/", views.api_index, name="api_index"),
    path("api/v1/openapi.json", views.openapi, name="openapi"),
    path("elder-mode/", views.toggle_elder_mode, name="elder_mode"),
]
