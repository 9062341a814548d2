from django.contrib import admin
from django.urls import include, path

from gongkai.core.views import healthz
from gongkai.subscriptions import views as subscription_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("staff/admin/", admin.site.urls),
    path("staff/calendar/", include("gongkai.workdays.urls")),
    path("staff/catalogue/", include("gongkai.catalogue.urls")),
    path("staff/applications/", include("gongkai.applications.urls")),
    path("staff/letters/", include("gongkai.letters.urls")),
    path("staff/reports/", include("gongkai.annual_reports.staff_urls")),
    path("staff/remedies/", include("gongkai.remedies.urls")),
    path("staff/", include("gongkai.core.urls")),  # ops/, otp/ (before the organs' staff/ pages)
    path("staff/supervision/", include("gongkai.supervision.urls")),
    path("staff/hudong/", include("gongkai.interaction.staff_urls")),
    path("staff/dingyue/", subscription_views.staff_counts, name="subscription_counts"),
    path("staff/", include("gongkai.organs.urls")),
    path("ndbg/", include("gongkai.annual_reports.urls")),
    path("hudong/", include("gongkai.interaction.urls")),
    path("dingyue/", include("gongkai.subscriptions.urls")),
    path("zhuanqu/", include("gongkai.zhuanqu.urls")),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.not_found"
