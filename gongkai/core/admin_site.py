"""The Django admin, for system administrators only (the 系统管理员 role or a superuser)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .permissions import is_sysadmin


class GongkaiAdminSite(admin.AdminSite):
    site_header = "Gongkai 公开 · 系统管理"
    site_title = "Gongkai 系统管理"
    index_title = "机关、用户、角色与日历"

    def has_permission(self, request) -> bool:
        return is_sysadmin(request.user)  # organs' can_use_admin, registered by organs (core imports no app)


class GongkaiAdminConfig(AdminConfig):
    default_site = "gongkai.core.admin_site.GongkaiAdminSite"
