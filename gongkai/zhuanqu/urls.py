from django.urls import path

from . import views

app_name = "zhuanqu"

urlpatterns = [
    path("", views.home, name="home"),
    path("zhinan/", views.guide, name="guide"),
    path("mulu/", views.catalogue_page, name="catalogue"),
    path("mulu/<slug:slug>/", views.catalogue_page, name="column"),
    path("xxgk/<path:index_no>/", views.item, name="item"),
    path("ndbg/", views.reports, name="reports"),
    path("ndbg/<str:code>/<int:year>/", views.report, name="report"),
    path("banshi/", views.services_page, name="services"),
    path("search/", views.search_page, name="search"),
]
