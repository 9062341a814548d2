"""Permission plumbing shared by every app.

Each app's `permissions.py` holds `can_<verb>_<noun>(user, obj) -> bool` functions. Views load
objects through `get_object_or_404_for`, so "not yours" and "does not exist" give the same 404.

Roles are organs' (an app above core): organs registers who is a system administrator with
`register_sysadmin_check` in its `AppConfig.ready`, and core's own pages (the admin site, /staff/ops/)
ask `is_sysadmin`, so core imports no app.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)

_SYSADMIN_CHECK: list[Callable[[object], bool]] = []


def register_sysadmin_check(check: Callable[[object], bool]) -> None:
    """organs' `is_sysadmin(user)` (the 系统管理员 role or a superuser), registered once in its ready()."""
    _SYSADMIN_CHECK[:] = [check]


def is_sysadmin(user) -> bool:
    """The registered check; nobody is a system administrator before organs has registered it."""
    return bool(_SYSADMIN_CHECK) and _SYSADMIN_CHECK[0](user)


def get_object_or_404_for(
    user, queryset: type[M] | models.QuerySet, check: Callable[[object, M], bool], **lookup
) -> M:
    """Load one object and require `check(user, obj)`; a missing or forbidden object is the same 404."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到") from exc
    if not check(user, obj):
        raise Http404("未找到")
    return obj


def require(allowed: bool, message: str = "您没有权限执行此操作。") -> None:
    """Services call this with a `can_…` result; raises PermissionDeniedError when False."""
    from .exceptions import PermissionDeniedError

    if not allowed:
        raise PermissionDeniedError(message)
