"""Who acts in a service: a signed-in user, or the system itself (`gongkai.core.events.SYSTEM`)."""

from gongkai.core.events import SystemActor

from .models import User

Actor = User | SystemActor


def user_of(actor: "Actor | None") -> User | None:
    """The user to store in a `…_by` field: None when the system acted."""
    return actor if isinstance(actor, User) else None
