"""Named reads for annual reports."""

from django.db.models import Q, QuerySet

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import grants_of, is_sysadmin

from .models import ReportFile


def organs_for_report_files(user) -> QuerySet[Organ]:
    """The organs this user may save published reports for (see permissions.can_save_report_file)."""
    if is_sysadmin(user):
        return Organ.objects.filter(is_active=True)
    condition = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role in (Role.CLERK, Role.REVIEWER):
            condition |= Q(pk=grant.organ_id)
        elif grant.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=grant.organ_path)
    return Organ.objects.filter(condition, is_active=True)


def report_files_visible_to(user) -> QuerySet[ReportFile]:
    return ReportFile.objects.filter(organ__in=organs_for_report_files(user)).select_related("organ", "saved_by")
