"""The catalogue's part of the home page (gongkai.core.home): the clerk's drafts returned, items awaiting
review or publication, stale and empty columns, policies without a 解读; the column owner's own columns;
and each submitted item in the reviewer's queue, approvable (and published) or returnable from there."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from gongkai.core.home import Action, Line, QueueEntry, register_panel, register_queue
from gongkai.organs.models import Role
from gongkai.organs.selectors import organs_with_role

from . import selectors


def items_url(name: str) -> str:
    return f"{reverse('catalogue:items')}?{urlencode({'list': name})}"


def columns_url(name: str) -> str:
    return f"{reverse('catalogue:columns')}?{urlencode({'list': name})}"


@register_panel("catalogue", title="主动公开", roles={Role.CLERK, Role.REVIEWER}, order=40)
def catalogue_panel(user, *, today: dt.date) -> list[Line]:
    lines = []
    for name in ("returned", "submitted", "approved"):
        label, action = selectors.ITEM_WORKLISTS[name]
        lines.append(Line(label, selectors.item_worklist(user, name).count(), items_url(name), action,
                          urgent=name == "returned"))
    for name in ("stale", "empty"):
        label, action = selectors.COLUMN_WORKLISTS[name]
        lines.append(Line(label, len(selectors.column_worklist(user, name, today=today)), columns_url(name), action,
                          urgent=True))
    label, action = selectors.ITEM_WORKLISTS["no_interpretation"]
    lines.append(Line(label, selectors.item_worklist(user, "no_interpretation").count(),
                      items_url("no_interpretation"), action))
    return lines


@register_panel("columns", title="我负责的栏目", roles={Role.COLUMN_OWNER}, order=60)
def column_owner_panel(user, *, today: dt.date) -> list[Line]:
    """The column owner's own columns, each with its state, and their drafts sent back."""
    mine = selectors.column_worklist(user, "mine", today=today)
    label, action = selectors.ITEM_WORKLISTS["returned"]
    lines = [Line(label, selectors.item_worklist(user, "returned").count(), items_url("returned"), action,
                  urgent=True)]
    for s in mine:
        if s.is_stale:
            note, urgent = f"已{s.state.days_since}天未更新，超过{s.column.update_every_days}天的更新周期", True
        elif s.is_empty and s.column.update_every_days is not None:
            note, urgent = "空白栏目：尚无已发布的信息", True
        else:
            last = f"最后发布于{s.last_published:%Y-%m-%d}" if s.last_published else "尚无已发布的信息"
            cycle = f"，更新周期{s.column.update_every_days}天" if s.column.update_every_days else ""
            note, urgent = last + cycle, False
        lines.append(Line(f"{s.column.organ.name} · {s.column.name}（已发布）", s.count,
                          f"{reverse('catalogue:item_new')}?{urlencode({'column': s.column.pk})}", "起草新信息",
                          urgent=urgent, note=note))
    return lines


@register_queue("catalogue", roles={Role.REVIEWER})
def catalogue_queue(user, *, today: dt.date) -> list[QueueEntry]:
    entries = []
    queue = selectors.review_queue(organs_with_role(user, Role.REVIEWER)).select_related("interpretation__policy")
    for item in queue[:100]:
        facts = [f"栏目：{item.column.name}", f"提交人：{item.submitted_by.display_name if item.submitted_by else '—'}",
                 f"成文日期：{item.written_on:%Y-%m-%d}"]
        if item.doc_no:
            facts.append(f"文号：{item.doc_no}")
        link = _interpretation(item)
        if link is not None:
            facts.append(f"{link.form}解读：《{link.policy.title}》")
        own = item.submitted_by_id == user.pk
        entries.append(QueueEntry(
            kind="政府信息", title=item.title, url=reverse("catalogue:item", args=[item.pk]), organ=item.organ.name,
            since=item.submitted_at, facts=tuple(facts),
            approve=Action(reverse("catalogue:item_action", args=[item.pk, "approve"]), "审核通过并发布",
                           (("publish", "1"),),
                           disabled="提交人不能审核自己提交的政府信息，须由其他审核人审核。" if own else ""),
            send_back=Action(reverse("catalogue:item_action", args=[item.pk, "return"]), "退回修改", reason="note",
                             reason_label="退回理由"),
        ))
    return entries


def _interpretation(item):
    from .models import Interpretation

    try:
        return item.interpretation
    except Interpretation.DoesNotExist:
        return None
