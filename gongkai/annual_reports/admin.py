from django.contrib import admin

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """Saved through the audit page (and audited there); read-only here."""

    list_display = ("organ", "year", "original_name", "kind", "errors", "warnings", "saved_by", "created_at")
    list_filter = ("year", "kind")
    search_fields = ("organ__name", "original_name")
    readonly_fields = [f.name for f in ReportFile._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a saved report file is on the audit trail
