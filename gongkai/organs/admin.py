"""Admin for system administrators. Writes go through the services, so they are audited."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError

from gongkai.core.events import record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType

from . import services
from .models import DisclosureOffice, Membership, Organ, User


class DisclosureOfficeInline(admin.StackedInline):
    model = DisclosureOffice
    can_delete = False
    extra = 0


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "region_code", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code", "short_name")
    fields = ("name", "short_name", "kind", "parent", "code", "region_code", "website", "is_active")
    inlines = [DisclosureOfficeInline]

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in services.ORGAN_FIELDS if f in form.cleaned_data}
        try:
            if change:
                saved = services.organ_update(actor=request.user, organ=obj, parent=form.cleaned_data["parent"],
                                              **data)
            else:
                data.pop("is_active", None)
                saved = services.organ_create(actor=request.user, parent=form.cleaned_data["parent"], **data)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc
        obj.pk, obj.path, obj.depth = saved.pk, saved.path, saved.depth

    def has_delete_permission(self, request, obj=None):
        # Records belong to organs; an organ is deactivated, never deleted.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organ", "role", "created_at")
    list_filter = ("role", "organ")
    search_fields = ("user__username", "user__full_name", "organ__name")
    autocomplete_fields = ("user", "organ")

    def has_change_permission(self, request, obj=None):
        return False  # grant or revoke; a grant is never edited in place

    def save_model(self, request, obj, form, change):
        saved = services.role_grant(actor=request.user, user=obj.user, organ=obj.organ, role=obj.role)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.role_revoke(actor=request.user, user=obj.user, organ=obj.organ, role=obj.role)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            self.delete_model(request, membership)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ("organ", "role", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email", "phone")}),
        ("状态", {"fields": ("is_active", "is_superuser", "last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            record_event(actor=request.user, event_type=EventType.USER_CREATED, obj=obj,
                         details={"username": obj.username, "via": "admin"})
            messages.info(request, "用户已创建。请在“角色授权”中为其授予角色。")
