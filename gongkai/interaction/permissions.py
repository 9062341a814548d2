"""Who may see and act on messages: `can_<verb>_<noun>(user, obj) -> bool`.

The receiving organ's clerks and reviewers answer; supervisors above it and system administrators may look
(the asker's personal data masked); the public reaches a message through its 查询码 or, once published, the
咨询 column.
"""

from gongkai.organs.models import Role
from gongkai.organs.selectors import has_role, is_sysadmin, supervises

from .models import Message

HANDLERS = (Role.CLERK, Role.REVIEWER)


def can_view_message(user, message: Message) -> bool:
    return is_sysadmin(user) or has_role(user, message.organ, *HANDLERS) or supervises(user, message.organ)


def can_handle_message(user, message: Message) -> bool:
    """Answer, transfer, publish with consent, or mark invalid."""
    return has_role(user, message.organ, *HANDLERS)


def can_view_asker(user, message: Message) -> bool:
    """个人信息保护法: the asker's name and contacts in full only to the staff handling the message."""
    return has_role(user, message.organ, *HANDLERS)
