from django.urls import path

from . import views

app_name = "interaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("zixun/ask/", views.ask, name="ask"),
    path("zixun/<str:number>/", views.detail, name="detail"),
    path("zhaocuo/", views.report_error, name="report_error"),
    path("done/<str:number>/", views.done, name="done"),
    path("chaxun/", views.lookup, name="lookup"),
]
