from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin):
    """Saved through the audit page (and audited there); read-only here."""

    list_display = ("organ", "year", "original_name", "kind", "errors", "warnings", "saved_by", "created_at")
    list_filter = ("year", "kind")
    search_fields = ("organ__name", "original_name")
    readonly_fields = [f.name for f in ReportFile._meta.fields]  # a saved report file is on the audit trail
