"""Who may change the working-day calendar: `can_<verb>_<noun>(user, obj) -> bool`."""

from gongkai.organs.selectors import is_sysadmin


def can_manage_calendar(user, obj=None) -> bool:
    """Entering holiday notices and regional days is the system administrator's job (DESIGN: 系统管理员).

    Services pass `actor=SYSTEM` for the system and the command line; they skip this check then (`is_system`).
    """
    return is_sysadmin(user)


def can_view_calendar(user, obj=None) -> bool:
    """The staff calendar page sits with the administration tools; others get a 404."""
    return is_sysadmin(user)
