from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/serve/", views.serve, name="serve"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/confirm-dates/", views.confirm_dates, name="confirm_dates"),
    path("<int:pk>.<str:fmt>", views.download, name="download"),
    path("templates/<str:code>/", views.templates, name="templates"),
]
