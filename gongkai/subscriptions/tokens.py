"""Signed links for subscribers: confirm (valid for CONFIRM_DAYS) and unsubscribe (valid as long as the
subscription). A token names the subscriber and its key, so a new subscription voids an old link."""

from __future__ import annotations

from django.core import signing

CONFIRM_DAYS = 7
_CONFIRM = "gongkai.subscriptions.confirm"
_UNSUBSCRIBE = "gongkai.subscriptions.unsubscribe"


def make(subscriber, purpose: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=_CONFIRM if purpose == "confirm" else _UNSUBSCRIBE,
                         compress=True)


def read(token: str, purpose: str) -> tuple[int, str] | None:
    """(subscriber id, key) from a token; None when it is forged, damaged or (for confirm) too old."""
    try:
        if purpose == "confirm":
            value = signing.loads(token, salt=_CONFIRM, max_age=CONFIRM_DAYS * 86400)
        else:
            value = signing.loads(token, salt=_UNSUBSCRIBE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str)):
        return None
    return value[0], value[1]
