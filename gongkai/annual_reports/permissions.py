"""Who may do what with annual reports: `can_<verb>_<noun>(user, obj) -> bool`."""

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role, is_sysadmin, supervises


def can_save_report_file(user, organ: Organ) -> bool:
    """The organ's clerks and reviewers, a supervisor above it, or a system administrator may keep
    a published report (read and audited) in the organ's records."""
    return is_sysadmin(user) or has_role(user, organ, Role.CLERK, Role.REVIEWER) or supervises(user, organ)


def can_manage_report_file(user, organ: Organ) -> bool:
    """Replace or withdraw the organ's saved report file: its clerks, a supervisor above it, an administrator."""
    return is_sysadmin(user) or has_role(user, organ, Role.CLERK) or supervises(user, organ)


def can_accept_contradicting_file(user, organ: Organ) -> bool:
    """Keep a file that contradicts its organ, year or date, with a written reason: a supervisor above the
    organ (or an administrator) only — never the organ's own staff."""
    return is_sysadmin(user) or supervises(user, organ)


def can_view_report_file(user, report_file) -> bool:
    return can_save_report_file(user, report_file.organ)


def can_draft_report(user, organ: Organ) -> bool:
    """Only the organ's own clerks draft, edit, submit and correct its report."""
    return has_role(user, organ, Role.CLERK)


def can_review_report(user, organ: Organ) -> bool:
    """Only the organ's own reviewers return, approve and publish its report."""
    return has_role(user, organ, Role.REVIEWER)


def can_view_report(user, report) -> bool:
    """Published versions are public. Unpublished ones: the organ's clerks and reviewers, a
    supervisor above it (read-only), and system administrators."""
    if report.is_published:
        return True
    return (is_sysadmin(user) or has_role(user, report.organ, Role.CLERK, Role.REVIEWER)
            or supervises(user, report.organ))


def can_view_organ_reports(user, organ: Organ) -> bool:
    """Who may open an organ's report workspace in the workbench."""
    return (is_sysadmin(user) or has_role(user, organ, Role.CLERK, Role.REVIEWER) or supervises(user, organ))
