"""The one way to write the audit trail. Every service calls `record_event` once per action."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import EventLog, EventType

# Actions that change what the public portal shows: once one commits, every cached public page is
# stale (gongkai.core.middleware.PublicPageCacheMiddleware), so a publication shows at once.
PUBLIC_EVENTS = frozenset({
    EventType.ITEM_PUBLISHED, EventType.ITEM_WITHDRAWN, EventType.ITEM_UPDATED, EventType.ITEMS_IMPORTED,
    EventType.INTERPRETATION_LINKED, EventType.ATTACHMENT_ADDED, EventType.ATTACHMENT_REMOVED,
    EventType.COLUMN_UPDATED, EventType.COLUMNS_SEEDED, EventType.REPORT_PUBLISHED, EventType.OFFICE_UPDATED,
    EventType.ORGAN_CREATED, EventType.ORGAN_UPDATED, EventType.PORTAL_UPDATED, EventType.MESSAGE_PUBLISHED,
})
PUBLIC_GENERATION_KEY = "gongkai:page:generation"

SYSTEM_ACTOR_NAME = "系统"
PUBLIC_ACTOR_NAME = "公众"


class SystemActor:
    """The system itself acting (the chase, a recompute after a calendar change, a job): never a user.

    Services take `actor=SYSTEM` where nobody signs; its EventLog rows read 系统. It is not a user,
    so the permission predicates (which look at memberships) deny it: a service that lets the system
    act says so explicitly with `is_system(actor)` before its check.
    """

    pk = None
    is_authenticated = False
    is_active = True
    is_superuser = False
    username = "system"
    display_name = SYSTEM_ACTOR_NAME

    def __repr__(self) -> str:
        return "SYSTEM"

    def __bool__(self) -> bool:
        return True


SYSTEM = SystemActor()


def is_system(actor: object) -> bool:
    """True for the system actor (and for None, which older callers still pass for the system)."""
    return actor is None or actor is SYSTEM


def _organ_of(obj: models.Model | None):
    if obj is None:
        return None
    if obj._meta.label == "organs.Organ":
        return obj
    return getattr(obj, "organ", None)


def record_event(
    *,
    actor,
    event_type: EventType,
    obj: models.Model | None = None,
    organ=None,
    details: dict[str, Any] | None = None,
    actor_name: str | None = None,
) -> EventLog:
    """Append one EventLog row.

    `actor` is the acting user, `SYSTEM` for the system (written 系统), or None for the public (then
    give `actor_name`; without it None is also written 系统).
    `organ` defaults to the object's organ (or the object itself when it is an Organ).
    """
    event_type = EventType(event_type)  # a typo in an event type fails loudly, here
    if event_type in PUBLIC_EVENTS:
        transaction.on_commit(bump_public_generation)
    if actor is SYSTEM:
        actor, actor_name = None, actor_name or SYSTEM_ACTOR_NAME
    elif actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if actor_name is None:
        actor_name = (actor.display_name if actor is not None else SYSTEM_ACTOR_NAME)[:150]
    return EventLog.objects.create(
        actor=actor,
        actor_name=actor_name,
        organ=organ if organ is not None else _organ_of(obj),
        event_type=event_type,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        details=details or {},
    )


def events_for(obj: models.Model):
    """The timeline of one object, oldest first."""
    return EventLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("created_at", "id")


def public_generation() -> int:
    """The generation of the public pages: part of every cached page's key."""
    from django.core.cache import cache

    return cache.get(PUBLIC_GENERATION_KEY, 0)


def bump_public_generation() -> None:
    """Make every cached public page stale (a new generation; old entries expire on their own)."""
    from django.core.cache import cache

    if not cache.add(PUBLIC_GENERATION_KEY, 1, timeout=None):
        try:
            cache.incr(PUBLIC_GENERATION_KEY)
        except ValueError:  # evicted between add and incr
            cache.set(PUBLIC_GENERATION_KEY, 1, timeout=None)
