"""互动交流's part of the home page (gongkai.core.home): the 政务咨询 and 网站找错 messages awaiting the
organ's answer, each count linking to the queue that lists them (selectors.open_counts counts what
selectors.queue lists), overdue and due-soon messages said beside it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from gongkai.core.home import Line, register_panel
from gongkai.organs.models import Role

from . import selectors
from .models import Kind, Status


@register_panel("interaction", title="互动交流", roles={Role.CLERK, Role.REVIEWER}, order=45)
def interaction_panel(user, *, today: dt.date) -> list[Line]:
    counts = selectors.open_counts(user, today=today)
    lines = []
    for kind, label in Kind.choices:
        c = counts[kind]
        note = "；".join(part for part in (f"其中{c['overdue']}件已超过答复期限" if c["overdue"] else "",
                                           f"{c['due_soon']}件{selectors.DUE_SOON_DAYS}日内到期"
                                           if c["due_soon"] else "") if part)
        url = f"{reverse('interaction_staff:queue')}?{urlencode({'kind': kind, 'status': Status.OPEN})}"
        lines.append(Line(f"待答复的{label}", c["open"], url, "答复、转办或认定无效", urgent=bool(c["overdue"]),
                          note=note))
    return lines
