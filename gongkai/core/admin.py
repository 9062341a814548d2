from django.contrib import admin

from .models import EventLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only through services (audited there): the admin shows them, never edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EventLog)
class EventLogAdmin(ReadOnlyAdmin):
    """The audit trail is read-only, even for system administrators."""

    list_display = ("created_at", "actor_name", "organ", "event_label", "object_repr")
    list_filter = ("event_type", "organ")
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "created_at"
