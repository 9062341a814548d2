from django.urls import path

from . import staff_views

app_name = "annual_reports_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("<str:code>/<int:year>/", staff_views.report, name="report"),
    path("<str:code>/<int:year>/start/", staff_views.start, name="start"),
    path("<str:code>/<int:year>/save/", staff_views.save, name="save"),
    path("<str:code>/<int:year>/files/", staff_views.file_save, name="file_save"),
    path("<str:code>/<int:year>/files/<int:pk>/", staff_views.file_download, name="file_download"),
    path("<str:code>/<int:year>/files/<int:pk>/withdraw/", staff_views.file_withdraw, name="file_withdraw"),
    path("<str:code>/<int:year>/<str:action>/", staff_views.transition, name="transition"),
    path("<str:code>/<int:year>/v<int:version>.<str:fmt>", staff_views.preview, name="preview"),
]
