"""Mounted at /staff/calendar/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.index, name="index"),
    path("years/new/", views.year_enter, name="year_enter"),
    path("days/new/", views.day_set, name="day_set"),
    path("days/<int:pk>/delete/", views.day_remove, name="day_remove"),
]
