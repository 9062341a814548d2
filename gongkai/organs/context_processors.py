from .selectors import is_sysadmin


def staff(request):
    """The workbench's navigation shows what the user's roles open (a column owner: no applications)."""
    from .models import Role
    from .selectors import grants_of

    user = getattr(request, "user", None)
    roles = {g.role for g in grants_of(user)}
    sysadmin = is_sysadmin(user)
    return {"staff_is_sysadmin": sysadmin,
            "staff_handles_cases": sysadmin or bool(roles & {Role.CLERK, Role.REVIEWER, Role.SUPERVISOR})}
