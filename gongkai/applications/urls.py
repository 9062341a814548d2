from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.register, name="register"),
    path("fees/", views.fee_calculator, name="fees"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<str:tracking_no>/", views.detail, name="detail"),
    path("<str:tracking_no>/<slug:name>/", views.action, name="action"),
]
