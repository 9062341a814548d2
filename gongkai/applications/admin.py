"""Read-only admin views: every change to a case goes through the services (audited). Applicants' personal
data is masked here as on every page but the organ's case page, and each view is audited."""

from django.contrib import admin

from gongkai.core import privacy
from gongkai.core.admin import PersonalDataAdmin

from .models import Applicant, Application

_KIND_NAME = {"applicant_name": lambda v, o: privacy.mask_name(v, o.applicant_kind),
              "contact_person": lambda v, o: privacy.mask_name(v)}


@admin.register(Application)
class ApplicationAdmin(PersonalDataAdmin):
    list_display = ("tracking_no", "organ", "applicant_kind", "applicant_name", "received_on", "status", "due_on",
                    "outcome", "closed_on")
    list_filter = ("status", "outcome", "applicant_kind", "organ")
    search_fields = ("tracking_no",)
    date_hierarchy = "received_on"
    masked = {**_KIND_NAME,
              "id_number": lambda v, o: privacy.mask_id_number(v),
              "phone": lambda v, o: privacy.mask_phone(v),
              "email": lambda v, o: privacy.mask_email(v),
              "address": lambda v, o: privacy.mask_address(v),
              "postcode": lambda v, o: "*" * len(v or "")}
    hidden = ("query_code_hash", "applicant")


@admin.register(Applicant)
class ApplicantAdmin(PersonalDataAdmin):
    """The list only (masked): an applicant's record page would carry the name unmasked in its title and
    breadcrumbs, and into the audit trail's object description (an Applicant prints as its name)."""

    list_display = ("name", "kind", "created_at")
    list_display_links = None
    masked = {"name": lambda v, o: privacy.mask_name(v, o.kind)}
    hidden = ("identity_key",)

    def has_view_permission(self, request, obj=None):
        return obj is None and super().has_view_permission(request, obj)
