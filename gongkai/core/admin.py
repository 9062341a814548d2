"""The admin is no back door: every model shown read-only (ReadOnlyAdmin) unless its admin writes through the
audited services; no delete of an audited record; applicants' personal data masked and each view audited.

Third-party registrations are brought under the same rule here: django.contrib.auth's groups are not used
(roles are organs.Membership) and unregistered; django-axes' lock-out records are read-only (a lock is lifted
through the audited "解除登录锁定" action on the user); django-otp's devices are in gongkai.organs.admin.
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from .exceptions import ApplicationError
from .models import EventLog, EventType


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only through services (audited there): the admin shows them, never edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(admin.ModelAdmin):
    """An admin whose save_model (and save_formset) call the audited services. A refusal of the service (an
    ApplicationError, or the ValidationError an admin turns it into) is shown in Chinese on the same page, the
    whole change rolled back (the admin's change view is one transaction), never a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ApplicationError, ValidationError) as exc:
            for message in getattr(exc, "messages", None) or [exc.message]:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())


class PersonalDataAdmin(ReadOnlyAdmin):
    """Read-only admin of records holding applicants' personal data (个人信息保护法 第五十一条): every field
    named in `masked` is shown masked (the function of gongkai.core.privacy given), on the list and the
    record's page; `hidden` fields (free text that may name the applicant) are not shown at all; each view
    of a record is on the audit trail (EventType.PERSONAL_DATA_VIEWED, "via": "admin"). The full values are
    only on the staff case page, to the organ's handlers."""

    masked: dict = {}  # field name -> masking function (value, obj) -> str
    hidden: tuple[str, ...] = ()
    # Never searched, on this model or through a relation: a case is found by its number, not by a person.
    PERSONAL_FIELDS = frozenset({"name", "applicant_name", "contact_person", "id_number", "phone", "email",
                                 "address", "postcode", "claimant", "recipient", "identity_key"})

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for name, mask in self.masked.items():
            label = model._meta.get_field(name).verbose_name

            def shown(obj, _name=name, _mask=mask):
                return _mask(getattr(obj, _name), obj)

            shown.short_description = f"{label}（已脱敏）"
            setattr(self, f"{name}_masked", shown)

    def _shown(self, name: str) -> str:
        return f"{name}_masked" if name in self.masked else name

    def get_list_display(self, request):
        return [self._shown(n) if isinstance(n, str) else n for n in super().get_list_display(request)]

    def get_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.fields if f.name not in self.hidden and f.name != "id"]
        return [self._shown(n) for n in names]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_search_fields(self, request):
        refused = self.PERSONAL_FIELDS | set(self.masked) | set(self.hidden)
        return [f for f in super().get_search_fields(request) if f.lstrip("^=@").split("__")[-1] not in refused]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and response.status_code == 200:
            from .events import record_event

            record_event(actor=request.user, event_type=EventType.PERSONAL_DATA_VIEWED, obj=obj,
                         details={"via": "admin", "model": self.model._meta.model_name, "fields": sorted(self.masked),
                                  "masked": True})
        return response


class EventTypeFilter(admin.SimpleListFilter):
    """By the event types' Chinese labels (EventLog.event_type has no choices, so apps add types freely)."""

    title = "事件类型"
    parameter_name = "event_type"

    def lookups(self, request, model_admin):
        return EventType.choices

    def queryset(self, request, queryset):
        return queryset.filter(event_type=self.value()) if self.value() else queryset


@admin.register(EventLog)
class EventLogAdmin(ReadOnlyAdmin):
    """The audit trail is read-only, even for system administrators."""

    list_display = ("created_at", "actor_name", "organ", "event", "object_repr")
    list_filter = (EventTypeFilter, "organ")
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "created_at"

    @admin.display(description="事件", ordering="event_type")
    def event(self, obj):
        return obj.event_label


# django.contrib.auth's groups and their permissions are not used: a role is a Membership, granted audited.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

# django-axes names its app by its label, in English, in the admin's index and breadcrumbs (no migration state).
apps.get_app_config("axes").verbose_name = "登录失败记录"
for _model, _base in ((AccessAttempt, axes_admin.AccessAttemptAdmin), (AccessLog, axes_admin.AccessLogAdmin),
                      (AccessFailureLog, axes_admin.AccessFailureLogAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, type(f"ReadOnly{_base.__name__}", (ReadOnlyAdmin, _base), {"actions": []}))
