from django.urls import path

from gongkai.applications import api as applications_api
from gongkai.applications import public_views as applications_views
from gongkai.catalogue import public_views as catalogue_views
from gongkai.letters import public_views as letters_public_views
from gongkai.organs import api as organs_api
from gongkai.search import views as search_views

from . import views

app_name = "portal"

urlpatterns = [
    path("", catalogue_views.home, name="home"),
    path("xxgk/", catalogue_views.xxgk_index, name="xxgk"),
    path("xxgk/guide/", catalogue_views.guide, name="guide"),
    path("xxgk/mulu/", catalogue_views.catalogue_page, name="catalogue"),
    path("xxgk/lm/<slug:slug>/", catalogue_views.column_page, name="column"),
    path("xxgk/file/<int:pk>/", catalogue_views.attachment_download, name="attachment"),
    path("xxgk/<path:index_no>/", catalogue_views.item_page, name="item"),
    path("search/", search_views.search_page, name="search"),
    path("feeds/all/", catalogue_views.feed_all, name="feed_all"),
    path("feeds/<slug:column>/", catalogue_views.feed_column, name="feed_column"),
    path("ysqgk/apply/", applications_views.apply, name="apply"),
    path("ysqgk/apply/done/<str:tracking_no>/", applications_views.apply_done, name="apply_done"),
    path("ysqgk/apply/done/<str:tracking_no>/receipt.pdf", applications_views.apply_receipt_pdf,
         name="apply_receipt"),
    path("ysqgk/track/", applications_views.track, name="track"),
    path("ysqgk/track/download/", letters_public_views.download, name="track_download"),
    path("api/v1/", views.api_index, name="api_index"),
    path("api/v1/openapi.json", views.openapi, name="openapi"),
    path("api/v1/applications", applications_api.create, name="api_applications"),
    path("api/v1/applications/<str:tracking_no>", applications_api.detail, name="api_application"),
    path("api/v1/organs", organs_api.organs, name="api_organs"),
    path("elder-mode/", views.toggle_elder_mode, name="elder_mode"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("contact/", views.contact, name="contact"),
    path("favicon.ico", views.favicon, name="favicon"),
]
