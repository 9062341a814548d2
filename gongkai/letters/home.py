"""The letters' part of the home page (gongkai.core.home): the clerk's letters to amend, awaiting
signature, signed but not sent, sent but not served; and each unsigned letter in the reviewer's queue,
signable or returnable from there with its key facts."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from gongkai.applications.clock import mark
from gongkai.core.home import Action, Line, QueueEntry, register_panel, register_queue
from gongkai.organs.models import Role

from . import selectors
from .models import LetterKind, LetterSettings


def worklist_url(name: str) -> str:
    return f"{reverse('letters:list')}?{urlencode({'list': name})}"


@register_panel("letters", title="文书", roles={Role.CLERK, Role.REVIEWER}, order=30)
def letters_panel(user, *, today: dt.date) -> list[Line]:
    return [Line(w.label, selectors.worklist(user, w.name).count(), worklist_url(w.name), w.action, urgent=w.urgent)
            for w in selectors.WORKLISTS]


@register_queue("letters", roles={Role.REVIEWER})
def letters_queue(user, *, today: dt.date) -> list[QueueEntry]:
    letters = list(selectors.awaiting_signature_by(user)[:100])
    one_person = set(LetterSettings.objects.filter(organ__in={x.application.organ_id for x in letters},
                                                   one_person_office=True).values_list("organ_id", flat=True))
    entries = []
    for letter in letters:
        app = letter.application
        facts = [f"受理编号：{app.tracking_no}"]
        if letter.kind == LetterKind.REPLY and app.outcome:
            facts.append(f"办理结果：{app.outcome_label}")
        facts.append(f"答复期限：{mark(app.due) or '—'}")
        facts.append(f"决定人：{letter.decided_by.display_name if letter.decided_by else '—'}")
        if letter.returned_note:
            facts.append(f"上次退回意见：{letter.returned_note}")
        why_not = ""
        if letter.decided_by_id == user.pk and app.organ_id not in one_person:
            why_not = "该文书载明的决定由您本人作出，须由其他审核人签发。"
        elif letter.provisional_dates and not letter.dates_confirmed:
            why_not = "文书载明的日期为暂定日期，须经办人确认后才能签发。"
        entries.append(QueueEntry(
            kind=letter.get_kind_display(), title=f"{app.tracking_no} {letter.title}",
            url=reverse("letters:detail", args=[letter.pk]), organ=app.organ.name, since=letter.updated_at,
            facts=tuple(facts),
            approve=Action(reverse("letters:approve", args=[letter.pk]), "审核签发", disabled=why_not),
            send_back=Action(reverse("letters:return", args=[letter.pk]), "退回修改", reason="note",
                             reason_label="退回意见"),
        ))
    return entries
