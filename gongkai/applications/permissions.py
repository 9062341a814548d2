"""Who may see and act on applications: `can_<verb>_<noun>(user, obj) -> bool`.

Clerks and reviewers act for their own organ only; supervisors above the organ and system
administrators may look but not act; the public reaches a case only through its 查询码.
"""

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role, is_sysadmin, organs_overseen, supervises

from .models import Application


def can_view_application(user, application: Application) -> bool:
    if is_sysadmin(user):
        return True
    return has_role(user, application.organ, Role.CLERK, Role.REVIEWER) or supervises(user, application.organ)


def may_list_applications(user) -> bool:
    """The application list is for those who may open some case: the organ's clerks and reviewers,
    supervisors and system administrators (the list-side twin of `can_view_application`)."""
    return organs_overseen(user, Role.CLERK, Role.REVIEWER).exists()


def can_view_personal_data(user, application: Application) -> bool:
    """个人信息保护法: the applicant's name, ID number and contacts in full only to the organ's staff
    handling the case (clerks, reviewers); supervisors and administrators see them masked."""
    return has_role(user, application.organ, Role.CLERK, Role.REVIEWER)


def can_register_application(user, organ: Organ) -> bool:
    """第二十九条: the organ's 工作机构 registers letters, visits, faxes and e-mails."""
    return has_role(user, organ, Role.CLERK, Role.REVIEWER)


def can_handle_application(user, application: Application) -> bool:
    """Assign, ask for 补正, consult, propose an extension or a fee, decide, draft letters."""
    return has_role(user, application.organ, Role.CLERK, Role.REVIEWER)


def can_approve_extension(user, application: Application) -> bool:
    """第三十三条第二款: an extension needs the consent of the 工作机构负责人 (the reviewer)."""
    return has_role(user, application.organ, Role.REVIEWER)


def can_transfer_application(user, application: Application) -> bool:
    return has_role(user, application.organ, Role.CLERK, Role.REVIEWER)
