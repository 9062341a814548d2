"""系统管理 → 门户网站: which organ a site belongs to and its footer's identifiers (网站标识码, ICP 备案号,
公安机关备案号, 党政机关网站标识). Writes go through services.portal_set, so they are audited; `check --deploy
--database default` then refuses any portal still showing a placeholder."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from gongkai.core.admin import ServiceAdmin
from gongkai.core.exceptions import ApplicationError

from . import services
from .checks import problems
from .models import Portal


@admin.register(Portal)
class PortalAdmin(ServiceAdmin):
    list_display = ("__str__", "organ", "hostname", "is_default", "site_code", "footer_ready")
    fields = ("organ", "hostname", "is_default", "site_code", "icp", "police_record", "conac_id")

    @admin.display(description="页脚标识", boolean=True)
    def footer_ready(self, obj) -> bool:
        return not problems(obj.site_code, obj.icp, obj.police_record)

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data.get(f) or "" for f in ("hostname", "site_code", "icp", "police_record", "conac_id")}
        try:
            saved = services.portal_set(actor=request.user, organ=form.cleaned_data["organ"],
                                        is_default=form.cleaned_data["is_default"], **data)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False
