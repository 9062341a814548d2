"""Read-only admin views: every change to a case goes through the services (audited)."""

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Applicant, Application


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("tracking_no", "organ", "applicant_kind", "received_on", "status", "due_on", "outcome", "closed_on")
    list_filter = ("status", "outcome", "applicant_kind", "organ")
    search_fields = ("tracking_no", "applicant_name")
    date_hierarchy = "received_on"


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "created_at")
    search_fields = ("name",)
