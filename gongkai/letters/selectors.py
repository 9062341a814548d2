"""Named reads about letters: the clerk's letter worklists (the home page counts them, the letters list
shows them) and the letters awaiting a reviewer's signature."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.organs.models import Role
from gongkai.organs.selectors import organs_with_role

from .models import Letter


@dataclass(frozen=True)
class Worklist:
    name: str
    label: str
    action: str
    statuses: tuple[str, ...]
    urgent: bool = False


WORKLISTS = (
    Worklist("returned", "退回修改的文书", "按退回意见修改后重新送签，或撤回答复决定", (Letter.Status.RETURNED,),
             urgent=True),
    Worklist("awaiting_signature", "待审核人签发的文书", "等待审核人签发", (Letter.Status.DRAFT,)),
    Worklist("signed", "已签发、未发出的文书", "发出或送达后登记（网上送达的，登记当日即为送达日期）",
             (Letter.Status.APPROVED,), urgent=True),
    Worklist("sent", "已发出、未登记送达的文书", "收到送达回证或邮寄回执后登记送达日期", (Letter.Status.SENT,)),
)
WORKLIST_BY_NAME = {w.name: w for w in WORKLISTS}


def handled_letters(user) -> QuerySet[Letter]:
    """The letters of the organs where the user handles applications (clerk or reviewer)."""
    return Letter.objects.filter(application__organ__in=organs_with_role(user, Role.CLERK, Role.REVIEWER))


def worklist(user, name: str) -> QuerySet[Letter]:
    return handled_letters(user).filter(status__in=WORKLIST_BY_NAME[name].statuses)


def awaiting_signature_by(user) -> QuerySet[Letter]:
    """Unsigned letters of the organs where the user is a reviewer (审核人), oldest first."""
    return (Letter.objects.filter(application__organ__in=organs_with_role(user, Role.REVIEWER),
                                  status=Letter.Status.DRAFT)
            .select_related("application__organ", "application__assigned_to", "decided_by")
            .order_by("updated_at", "id"))
