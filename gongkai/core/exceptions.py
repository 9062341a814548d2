"""Errors shared by every app."""


class ApplicationError(Exception):
    """A rule of the domain was broken; `message` is shown to people, in Chinese.

    Services raise it when the starting state, the input or the permission does not allow the
    action; views turn it into a form error or a 400/409 response, commands into a clean exit.
    """

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message


class PermissionDeniedError(ApplicationError):
    """The actor may not do this. Views answer 404 (not 403) so nothing leaks about other organs' records."""

    def __init__(self, message: str = "您没有权限执行此操作。", **kwargs):
        super().__init__(message, code="permission_denied", **kwargs)
