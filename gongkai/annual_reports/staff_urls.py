from django.urls import path

from . import staff_views

app_name = "annual_reports_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("<str:code>/<int:year>/", staff_views.report, name="report"),
    path("<str:code>/<int:year>/start/", staff_views.start, name="start"),
    path("<str:code>/<int:year>/save/", staff_views.save, name="save"),
    path("<str:code>/<int:year>/<str:action>/", staff_views.transition, name="transition"),
    path("<str:code>/<int:year>/v<int:version>.<str:fmt>", staff_views.preview, name="preview"),
]
