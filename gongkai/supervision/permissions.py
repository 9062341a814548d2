"""Who may see 考评: `can_<verb>_<noun>(user, obj) -> bool` (see selectors.supervision_organs)."""

from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role, is_sysadmin, supervises


def can_view_supervision(user, organ: Organ) -> bool:
    """A system administrator, a 主管部门 above (or at) the organ, or the organ's own clerk or reviewer."""
    if not organ.is_active:
        return False
    return is_sysadmin(user) or supervises(user, organ) or has_role(user, organ, Role.CLERK, Role.REVIEWER)


def can_audit_reports(user, organ: Organ) -> bool:
    """Recording a batch audit: the system (a command, user None), an administrator or a supervisor."""
    return user is None or is_sysadmin(user) or supervises(user, organ)
