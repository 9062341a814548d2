from django.urls import path

from . import staff_views

app_name = "interaction_staff"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("<str:number>/", staff_views.detail, name="detail"),
    path("<str:number>/<slug:name>/", staff_views.action, name="action"),
]
