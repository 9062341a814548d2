from .selectors import is_sysadmin


def staff(request):
    return {"staff_is_sysadmin": is_sysadmin(getattr(request, "user", None))}
