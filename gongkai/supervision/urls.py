from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("<str:code>/", views.organ_detail, name="organ"),
]
