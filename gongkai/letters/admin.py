"""Read-only admin views: letters are drafted, signed off and served through the services."""

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Letter, LetterTemplate


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("doc_no", "title", "application", "status", "approved_on", "served_on")
    list_filter = ("kind", "status")
    search_fields = ("doc_no", "application__tracking_no")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("organ", "kind", "basis", "title", "updated_at")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
