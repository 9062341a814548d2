"""Read-only admin views: every change to a case goes through the services (audited)."""

from django.contrib import admin

from .models import Applicant, Application


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    list_display = ("tracking_no", "organ", "applicant_kind", "received_on", "status", "due_on", "outcome", "closed_on")
    list_filter = ("status", "outcome", "applicant_kind", "organ")
    search_fields = ("tracking_no", "applicant_name")
    date_hierarchy = "received_on"


@admin.register(Applicant)
class ApplicantAdmin(ReadOnly):
    list_display = ("name", "kind", "created_at")
    search_fields = ("name",)
