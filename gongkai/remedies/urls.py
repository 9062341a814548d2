from django.urls import path

from . import views

app_name = "remedies"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.record, name="record"),
    path("import/", views.import_records, name="import"),
    path("<slug:kind>/<int:pk>/", views.detail, name="detail"),
    path("<slug:kind>/<int:pk>/document/", views.document, name="document"),
    path("<slug:kind>/<int:pk>/<slug:name>/", views.action, name="action"),
]
