"""Read-only admin: every change goes through the services (audited)."""

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Lawsuit, Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organ", "filed_on", "result")


@admin.register(Lawsuit)
class LawsuitAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organ", "kind", "filed_on", "result")
