"""Writes of a staff user's own TOTP second factor (django-otp): starting the set-up and confirming it with a
first code. Each is atomic, allowed only on the actor's own device, and audited with one EventLog row.
Removing a device is the system administrator's (gongkai.organs.services.totp_remove)."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .events import record_event
from .models import EventType
from .permissions import require


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
