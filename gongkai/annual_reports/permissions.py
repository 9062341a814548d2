"""Who may do what with annual reports: `can_<verb>_<noun>(user, obj) -> bool`."""

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role, is_sysadmin, supervises


def can_save_report_file(user, organ: Organ) -> bool:
    """The organ's clerks and reviewers, a supervisor above it, or a system administrator may keep
    a published report (read and audited) in the organ's records."""
    return is_sysadmin(user) or has_role(user, organ, Role.CLERK, Role.REVIEWER) or supervises(user, organ)


def can_view_report_file(user, report_file) -> bool:
    return can_save_report_file(user, report_file.organ)
