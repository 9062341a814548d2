from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("settings/<str:code>/", views.settings_page, name="settings"),
    path("receipt/<str:tracking_no>.<str:fmt>", views.receipt, name="receipt"),
    path("files/<int:pk>/", views.provided_file, name="provided_file"),
    path("files/<int:pk>/delete/", views.provided_file_delete, name="provided_file_delete"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/return/", views.return_letter, name="return"),
    path("<int:pk>/files/", views.provided_file_upload, name="provided_file_upload"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/serve/", views.serve, name="serve"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/confirm-dates/", views.confirm_dates, name="confirm_dates"),
    path("<int:pk>.<str:fmt>", views.download, name="download"),
    path("templates/<str:code>/", views.templates, name="templates"),
]
