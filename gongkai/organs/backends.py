"""Gives system administrators (the 系统管理员 role) every model permission, for the Django admin."""

from django.contrib.auth.backends import BaseBackend

from .selectors import is_sysadmin


class RoleBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return is_sysadmin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return is_sysadmin(user_obj)
