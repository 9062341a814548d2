"""Admin for system administrators. Writes go through the services, so they are audited."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.admin import ReadOnlyAdmin, ServiceAdmin
from gongkai.core.exceptions import ApplicationError

from . import services
from .models import DisclosureOffice, Membership, Organ, TwoFactorDevice, User


class DisclosureOfficeInline(admin.StackedInline):
    """The organ's 工作机构, changed through services.office_update (OrganAdmin.save_formset)."""

    model = DisclosureOffice
    can_delete = False
    extra = 0


@admin.register(Organ)
class OrganAdmin(ServiceAdmin):
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

    def save_formset(self, request, form, formset, change):
        """The office inline goes through services.office_update (audited), never a raw save."""
        if formset.model is not DisclosureOffice:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for office_form in formset.forms:
            if not office_form.has_changed():
                continue
            data = {f: office_form.cleaned_data[f] for f in services.OFFICE_FIELDS if f in office_form.cleaned_data}
            # A refusal rolls back the organ's change too and is shown on the page (ServiceAdmin).
            services.office_update(actor=request.user, organ=form.instance, **data)

    def has_delete_permission(self, request, obj=None):
        # Records belong to organs; an organ is deactivated, never deleted.
        return False


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
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


class _PasswordRequired:
    """Every account has a password (user_create, user_set_password): Django's "password-based log-in
    disabled" choice, and its untranslated warning, are not offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("usable_password", None)
        for name in ("password1", "password2"):
            self.fields[name].required = True


class PasswordChangeForm(_PasswordRequired, AdminPasswordChangeForm):
    pass


class UserCreationForm(_PasswordRequired, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


@admin.register(User)
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    """Every write goes through the services (audited): create, details and flags (user_update), password
    (user_set_password), unlock (user_unlock). Users are deactivated, never deleted: the audit trail and
    the cases name them."""

    list_display = ("username", "full_name", "email", "is_active", "locked_at", "last_login")
    list_filter = ("is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email", "phone")}),
        ("状态", {"fields": ("is_active", "is_superuser", "failed_logins", "locked_at", "last_login",
                           "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),)
    readonly_fields = ("failed_logins", "locked_at", "last_login", "date_joined")
    add_form = UserCreationForm
    change_password_form = PasswordChangeForm
    inlines = [MembershipInline]
    actions = ["unlock"]

    def save_model(self, request, obj, form, change):
        try:
            if change:
                fields = {f: form.cleaned_data[f] for f in services.USER_FIELDS if f in form.changed_data}
                saved = services.user_update(actor=request.user, user=obj, **fields)
            else:
                saved = services.user_create(actor=request.user, username=form.cleaned_data["username"],
                                             password=form.cleaned_data["password1"])
                messages.info(request, "用户已创建。请在“角色授权”中为其授予角色。")
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Memberships are granted and revoked in 角色授权 (MembershipAdmin, audited), never edited here.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def user_change_password(self, request, id, form_url=""):
        if request.method == "POST":
            user = self.get_object(request, id)
            form = self.change_password_form(user, request.POST)
            if user is not None and form.is_valid():
                try:
                    services.user_set_password(actor=request.user, user=user, password=form.cleaned_data["password1"])
                except ApplicationError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, "密码已修改。")
                return redirect("admin:organs_user_change", user.pk)
        return super().user_change_password(request, id, form_url)

    @admin.action(description="解除登录锁定")
    def unlock(self, request, queryset):
        for user in queryset:
            services.user_unlock(actor=request.user, user=user)
        messages.success(request, f"已解除{queryset.count()}个账号的登录锁定。")

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own admin edits and deletes devices (and shows their secret key) without a trace: replaced by a
# read-only list (under a Chinese name, the proxy TwoFactorDevice) whose one action removes a user's devices
# through the audited service.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class ConfirmedFilter(admin.SimpleListFilter):
    title = "已启用"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return (("1", "是"), ("0", "否"))

    def queryset(self, request, queryset):
        return queryset.filter(confirmed=self.value() == "1") if self.value() in ("0", "1") else queryset


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(ReadOnlyAdmin):
    """Set up and confirmed by the user (gongkai.core.services), removed here (services.totp_remove)."""

    list_display = ("owner", "device_name", "is_confirmed", "last_used", "created")
    list_filter = (ConfirmedFilter,)
    search_fields = ("user__username", "user__full_name")
    fields = ("owner", "device_name", "is_confirmed", "last_used", "created", "failures")
    readonly_fields = fields
    actions = ["remove_devices"]

    @admin.display(description="用户", ordering="user__username")
    def owner(self, obj):
        return obj.user

    @admin.display(description="设备名称")
    def device_name(self, obj):
        return obj.name

    @admin.display(description="已启用", boolean=True)
    def is_confirmed(self, obj):
        return obj.confirmed

    @admin.display(description="最近使用时间")
    def last_used(self, obj):
        return obj.last_used_at

    @admin.display(description="设置时间")
    def created(self, obj):
        return obj.created_at

    @admin.display(description="连续错误次数")
    def failures(self, obj):
        return obj.throttling_failure_count

    @admin.action(description="移除所选用户的两步验证设备（记入操作日志）")
    def remove_devices(self, request, queryset):
        users = User.objects.filter(pk__in=queryset.values("user_id"))
        for user in users:
            try:
                count = services.totp_remove(actor=request.user, user=user)
            except ApplicationError as exc:
                messages.error(request, f"{user}：{exc.message}")
            else:
                messages.success(request, f"已移除{user}的{count}个两步验证设备。")
