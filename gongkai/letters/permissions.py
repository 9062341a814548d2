"""Who may draft, sign off and serve letters: `can_<verb>_<noun>(user, obj) -> bool`."""

from gongkai.applications.permissions import can_handle_application, can_view_application
from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role

from .models import Letter


def can_view_letter(user, letter: Letter) -> bool:
    return can_view_application(user, letter.application)


def can_edit_letter(user, letter: Letter) -> bool:
    return can_handle_application(user, letter.application)


def can_approve_letter(user, letter: Letter) -> bool:
    """A letter goes out only after the organ's reviewer (审核人) signs it off."""
    return has_role(user, letter.application.organ, Role.REVIEWER)


def can_serve_letter(user, letter: Letter) -> bool:
    return can_handle_application(user, letter.application)


def can_edit_letter_template(user, organ: Organ) -> bool:
    return has_role(user, organ, Role.CLERK, Role.REVIEWER)
