from django.urls import path

from . import otp, views

app_name = "core"

urlpatterns = [
    path("ops/", views.ops, name="ops"),
    path("otp/", otp.verify, name="otp_verify"),
    path("otp/setup/", otp.setup, name="otp_setup"),
]
