"""Who may see and change organs, offices and roles: `can_<verb>_<noun>(user, obj) -> bool`."""

from .models import Organ, Role
from .selectors import grants_of, has_role, is_sysadmin, supervises


def can_view_organ(user, organ: Organ) -> bool:
    """A member of the organ (any role), a supervisor above it, or a system administrator."""
    if is_sysadmin(user):
        return True
    return any(g.organ_id == organ.pk for g in grants_of(user)) or supervises(user, organ)


def can_change_office(user, organ: Organ) -> bool:
    """The organ's own clerks and reviewers keep its 工作机构 contacts current; and administrators."""
    return is_sysadmin(user) or has_role(user, organ, Role.CLERK, Role.REVIEWER)


def can_manage_organs(user, organ: Organ | None = None) -> bool:
    """Creating and changing organs, users and roles is the system administrator's."""
    return is_sysadmin(user)


def can_use_admin(user) -> bool:
    """The Django admin is for system administrators only."""
    return is_sysadmin(user)
