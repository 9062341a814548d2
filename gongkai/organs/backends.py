"""Authentication backends: the password check with the account lock-out, and system administrators'
(the 系统管理员 role) model permissions for the Django admin."""

from django.contrib.auth.backends import BaseBackend, ModelBackend

from .selectors import is_sysadmin


class RoleBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return is_sysadmin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return is_sysadmin(user_obj)


class LockOutModelBackend(ModelBackend):
    """Django's username/password check, refusing an account locked after repeated failures
    (User.locked_at, set by services.login_failed from any address). When the right password is given
    for a locked account, the request is marked so the log-in page can say why (a wrong password
    learns nothing about the lock)."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and getattr(user, "locked_at", None) is None

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and request is not None and username and password:
            from .models import User

            locked = User.objects.filter(username=username, locked_at__isnull=False).first()
            if locked is not None and locked.check_password(password):
                request.gongkai_account_locked = True
        return user
