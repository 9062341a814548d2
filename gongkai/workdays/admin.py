"""Admin for system administrators (the admin site itself admits no one else): read-mostly.

Entering a notice goes through the staff calendar page or the `enter_holidays` command, which
check the days and record the change; here rows can be looked at, and single days removed
through the audited service.
"""

from django.contrib import admin, messages

from gongkai.core.admin import ReadOnlyAdmin
from gongkai.core.exceptions import ApplicationError

from . import services
from .models import CalendarDay, CalendarYear


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ("date", "kind", "name", "region_code")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "region_code", "source_document", "published_on", "complete", "entered_by", "updated_at")
    list_filter = ("complete", "region_code")
    search_fields = ("source_document", "region_code")
    readonly_fields = ("year", "region_code", "source_document", "published_on", "complete", "source_text",
                       "entered_by", "created_at", "updated_at")
    inlines = [CalendarDayInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin):
    list_display = ("date", "region_code", "kind", "name", "year", "entered_by")
    list_filter = ("kind", "region_code")
    search_fields = ("name", "region_code")
    date_hierarchy = "date"
    readonly_fields = ("date", "region_code", "kind", "name", "year", "entered_by", "created_at", "updated_at")
    actions = ["remove_days"]

    @admin.action(description="删除所选日期（记入操作日志）")
    def remove_days(self, request, queryset):
        removed = 0
        for day in queryset:
            try:
                services.calendar_day_remove(actor=request.user, day=day)
            except ApplicationError as exc:
                self.message_user(request, f"{day}：{exc.message}", messages.ERROR)
            else:
                removed += 1
        self.message_user(request, f"已删除{removed}个日期。", messages.SUCCESS)
