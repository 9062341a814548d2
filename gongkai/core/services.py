"""Core's services: the write helper every app's services share (HackSoft's `model_update`), and the writes of a
staff user's own TOTP second factor (django-otp): starting the set-up and confirming it with a first code, each
atomic, allowed only on the actor's own device, and audited with one EventLog row. Removing a device is the
system administrator's (gongkai.organs.services.totp_remove)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .events import record_event
from .models import EventType
from .permissions import require

M = TypeVar("M", bound=models.Model)
Diff = dict[str, list[Any]]


def audit_value(value: Any) -> Any:
    """A value as the audit trail keeps it: a related row by its name, anything else as it is."""
    return str(value) if isinstance(value, models.Model) else value


def model_update(instance: M, data: Mapping[str, Any], fields: Iterable[str], *, save: bool = True,
                 display: Callable[[Any], Any] = audit_value) -> tuple[M, Diff]:
    """Set on `instance` each of `fields` given in `data` whose value differs; return the instance and the
    diff, `{field: [old, new]}` (values through `display`), for the service's EventLog row.

    Only the changed fields are saved (with `updated_at` where the model keeps one); a row not yet in the
    database is saved whole. `save=False` leaves saving to the caller (which then saves more). A key of
    `data` that is not one of `fields` is a programming error (TypeError), never silently dropped.
    """
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown {type(instance).__name__} fields: {sorted(unknown)}")
    diff: Diff = {}
    for name, new in data.items():  # in the caller's order: the audit sentence lists them so
        old = getattr(instance, name)
        if old != new:
            diff[name] = [display(old), display(new)]
            setattr(instance, name, new)
    if save and (diff or instance._state.adding):
        if instance._state.adding:
            instance.save()
        else:
            auto = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
            instance.save(update_fields=[*(instance._meta.get_field(n).name for n in diff), *auto])
    return instance, diff


@transaction.atomic
def totp_begin(*, actor) -> TOTPDevice:
    """The actor's unconfirmed device (a new secret the first time), for the set-up page to show."""
    require(actor is not None and actor.is_authenticated, "请先登录。")
    device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, confirmed=False, name="authenticator")
        record_event(actor=actor, event_type=EventType.TOTP_STARTED, obj=actor, details={"device": device.pk})
    return device


def totp_confirm(*, actor, device: TOTPDevice, token: str) -> bool:
    """Confirm the actor's device with a first six-digit code; False for a wrong code (django-otp's throttle
    counts it, outside the transaction so the count survives)."""
    require(actor is not None and device.user_id == actor.pk, "只能启用自己的两步验证设备。")
    token = (token or "").strip().replace(" ", "")
    if not (token.isdigit() and len(token) == 6 and device.verify_token(token)):
        return False
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.confirmed:
            return True
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        record_event(actor=actor, event_type=EventType.TOTP_CONFIRMED, obj=actor, details={"device": locked.pk})
    device.confirmed = True
    return True
