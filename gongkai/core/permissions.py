"""Permission plumbing shared by every app.

Each app's `permissions.py` holds `can_<verb>_<noun>(user, obj) -> bool` functions. Views load
objects through `get_object_or_404_for`, so "not yours" and "does not exist" give the same 404.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


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
