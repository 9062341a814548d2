from django.urls import path

from . import views

app_name = "annual_reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("audit/", views.audit_page, name="audit"),
    path("<str:code>/<int:year>/", views.report_page, name="page"),
    path("<str:code>/<int:year>/report.<str:fmt>", views.report_download, name="download"),
]
