"""Read-only admin: every change goes through the services (audited). The claimant's name is masked and
each view of a record audited, as for the applications."""

from django.contrib import admin

from gongkai.core import privacy
from gongkai.core.admin import PersonalDataAdmin

from .models import Lawsuit, Review

_MASKED = {"claimant": lambda v, o: privacy.mask_name(v)}


@admin.register(Review)
class ReviewAdmin(PersonalDataAdmin):
    list_display = ("case_no", "organ", "filed_on", "result")
    masked = _MASKED
    hidden = ("note", "decision_document")


@admin.register(Lawsuit)
class LawsuitAdmin(PersonalDataAdmin):
    list_display = ("case_no", "organ", "kind", "filed_on", "result")
    masked = _MASKED
    hidden = ("note", "decision_document")
