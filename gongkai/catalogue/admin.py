"""Admin for system administrators: read the catalogue, set owners, cycles and 索引号 rules.

Items are read-only here — they change only through the review chain on the staff pages, so the
发布日期 and 索引号 cannot be touched from the admin (and the database refuses it anyway).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError

from gongkai.core.admin import ReadOnlyAdmin, ServiceAdmin
from gongkai.core.exceptions import ApplicationError

from . import services
from .models import Attachment, Column, IndexNoScheme, Interpretation, Item


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("name", "kind", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "index_no", "organ", "column", "status", "validity", "published_at")
    list_filter = ("status", "validity", "organ")
    search_fields = ("title", "index_no", "doc_no")
    date_hierarchy = "published_at"
    inlines = [AttachmentInline]


@admin.register(Interpretation)
class InterpretationAdmin(ReadOnlyAdmin):
    list_display = ("item", "policy", "form")


@admin.register(Column)
class ColumnAdmin(ServiceAdmin):
    list_display = ("name", "organ", "slug", "owner", "update_every_days", "is_active")
    list_filter = ("organ", "is_active")
    fields = ("organ", "slug", "name", "owner", "update_every_days", "needs_interpretation", "is_active")
    readonly_fields = ("organ", "slug")

    def has_add_permission(self, request):
        return False  # columns are created by 初始化栏目 (services.columns_seed)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in ("name", "owner", "update_every_days", "needs_interpretation",
                                                 "is_active")}
        try:
            services.column_update(actor=request.user, column=Column.objects.get(pk=obj.pk), **data)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc


@admin.register(IndexNoScheme)
class IndexNoSchemeAdmin(ServiceAdmin):
    list_display = ("organ", "code_kind", "separator", "period", "serial_width")
    fields = ("organ", "code_kind", "hyphenate_org_code", "separator", "period", "serial_width")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in ("code_kind", "hyphenate_org_code", "separator", "period",
                                                 "serial_width")}
        try:
            saved = services.index_scheme_set(actor=request.user, organ=form.cleaned_data["organ"], **data)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc
        obj.pk = saved.pk
