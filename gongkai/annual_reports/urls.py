from django.urls import path

from . import views

app_name = "annual_reports"

urlpatterns = [
    path("audit/", views.audit_page, name="audit"),
]
