"""The explicit system actor: written 系统, denied by every permission predicate, let through by the
services only where they say so (`is_system`)."""

import pytest

from gongkai.core.events import SYSTEM, SYSTEM_ACTOR_NAME, is_system, record_event
from gongkai.core.exceptions import PermissionDeniedError
from gongkai.core.models import EventType

pytestmark = pytest.mark.django_db


def test_the_system_is_written_as_such(world):
    event = record_event(actor=SYSTEM, event_type=EventType.JOB_SUCCEEDED, details={"job": "x"})
    assert event.actor is None and event.actor_name == SYSTEM_ACTOR_NAME
    assert is_system(SYSTEM) and not is_system(world.district_clerk)


def test_predicates_deny_the_system_and_services_let_it_through_explicitly(world):
    from gongkai.organs.permissions import can_manage_organs
    from gongkai.portal.services import portal_set

    assert can_manage_organs(SYSTEM) is False  # not a user: no role anywhere
    portal = portal_set(actor=SYSTEM, organ=world.district, is_default=True)
    assert portal.is_default
    with pytest.raises(PermissionDeniedError):
        portal_set(actor=world.district_clerk, organ=world.district, is_default=True)
