"""Staff log-ins and log-outs go to the EventLog like every other action."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gongkai.core.events import record_event
from gongkai.core.models import EventType


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    from .services import login_succeeded

    record_event(actor=user, event_type=EventType.LOGIN_SUCCEEDED, obj=user, details={"ip": _address(request)})
    login_succeeded(user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, event_type=EventType.LOGGED_OUT, obj=user, details={"ip": _address(request)})


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    record_event(
        actor=None,
        actor_name=str(credentials.get("username", ""))[:150],
        event_type=EventType.LOGIN_FAILED,
        details={"ip": _address(request)},
    )
    from .services import login_failed

    login_failed(username=str(credentials.get("username", ""))[:150])
