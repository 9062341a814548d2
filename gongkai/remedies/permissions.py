"""Who may see and record 复议/诉讼: `can_<verb>_<noun>(user, obj) -> bool`.

The answering organ's clerks and reviewers record and update its cases; supervisors above the
organ and system administrators read them.
"""

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role, is_sysadmin, supervises


def can_view_remedy(user, remedy) -> bool:
    if is_sysadmin(user):
        return True
    return has_role(user, remedy.organ, Role.CLERK, Role.REVIEWER) or supervises(user, remedy.organ)


def can_record_remedy(user, organ: Organ) -> bool:
    return has_role(user, organ, Role.CLERK, Role.REVIEWER)


def can_change_remedy(user, remedy) -> bool:
    return has_role(user, remedy.organ, Role.CLERK, Role.REVIEWER)
