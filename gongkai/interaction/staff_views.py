"""The staff workbench for 互动交流 (/staff/hudong/): the queue of messages to answer (政务咨询 and 找错) with
their deadlines, and one page per message with its actions. Thin: each action parses a form, calls a service."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.events import events_for, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import get_object_or_404_for

from . import forms, selectors, services
from .models import Kind, Message, Status
from .permissions import can_handle_message, can_view_asker, can_view_message


def _message(request, number: str) -> Message:
    return get_object_or_404_for(request.user, Message.objects.select_related("organ", "replied_by"),
                                 can_view_message, number=number)


@login_required
@require_GET
def queue(request):
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", Status.OPEN)
    q = request.GET.get("q", "").strip()[:50]
    visible = selectors.messages_visible_to(request.user)
    return render(request, "interaction/staff/queue.html", {
        "messages_list": selectors.queue(request.user, kind=kind, status=status, q=q)[:200],
        "kind": kind, "status": status, "q": q, "kinds": Kind.choices, "statuses": Status.choices, "today": today,
        "overdue_count": selectors.overdue(today=today, queryset=visible).count(),
        "counts": selectors.open_counts(request.user, today=today),
    })


@login_required
@require_GET
def detail(request, number: str):
    message = _message(request, number)
    show_asker = can_view_asker(request.user, message)
    if show_asker:  # every staff view of an asker's personal data is on the audit trail
        record_event(actor=request.user, event_type=EventType.PERSONAL_DATA_VIEWED, obj=message,
                     details={"fields": ["name", "phone", "email"]})
    v = {"version": message.version}
    return render(request, "interaction/staff/detail.html", {
        "message": message, "show_asker": show_asker, "can_act": can_handle_message(request.user, message),
        "today": timezone.localdate(),
        "timeline": events_for(message).exclude(event_type=EventType.PERSONAL_DATA_VIEWED),
        "forms": {"answer": forms.AnswerForm(initial={**v, "publish": message.consent_publish}),
                  "transfer": forms.TransferForm(initial=v), "invalid": forms.InvalidForm(initial=v)},
    })


ACTIONS = {
    "answer": (forms.AnswerForm, lambda user, m, d: services.message_answer(
        actor=user, message=m, reply=d["reply"], publish=d["publish"], version=d["version"]), "已答复。"),
    "publish": (None, lambda user, m, d: services.message_publish(actor=user, message=m, version=d.get("version")),
                "答复已在政务咨询栏目公开。"),
    "transfer": (forms.TransferForm, lambda user, m, d: services.message_transfer(
        actor=user, message=m, to_organ=d["to_organ"], reason=d["reason"], version=d["version"]), "已转办。"),
    "invalid": (forms.InvalidForm, lambda user, m, d: services.message_invalidate(
        actor=user, message=m, reason=d["reason"], version=d["version"]), "已认定为无效留言。"),
}


@login_required
@require_POST
def action(request, number: str, name: str):
    message = _message(request, number)
    if name not in ACTIONS:
        return redirect("interaction_staff:detail", number=number)
    form_class, run, done = ACTIONS[name]
    data = {"version": request.POST.get("version")}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            flash.error(request, "；".join(f"{form.fields[f].label if f in form.fields else ''}：{e[0]}"
                                          for f, e in form.errors.items()))
            return redirect("interaction_staff:detail", number=number)
        data = form.cleaned_data
    try:
        message = run(request.user, message, data)
    except ApplicationError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, done)
    if not can_view_message(request.user, message):  # transferred away from the user's organs
        return redirect("interaction_staff:queue")
    return redirect("interaction_staff:detail", number=number)
