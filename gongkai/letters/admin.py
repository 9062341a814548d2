"""Read-only admin views: letters are drafted, signed off and served through the services."""

from django.contrib import admin

from gongkai.core import privacy
from gongkai.core.admin import PersonalDataAdmin, ReadOnlyAdmin

from .models import Letter, LetterTemplate


@admin.register(Letter)
class LetterAdmin(PersonalDataAdmin):
    """A letter names and addresses the applicant: the recipient masked, the text not shown (it is read on the
    case page by the organ's handlers)."""

    list_display = ("doc_no", "title", "application", "status", "approved_on", "served_on")
    list_filter = ("kind", "status")
    search_fields = ("doc_no", "application__tracking_no")
    masked = {"recipient": lambda v, o: privacy.mask_name(v)}
    hidden = ("body", "basis_text", "remedy_text", "extra", "registered_no")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyAdmin):
    """Templates are changed on the staff pages (audited), never deleted here."""

    list_display = ("organ", "kind", "basis", "title", "updated_at")
    list_filter = ("kind",)
