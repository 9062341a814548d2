"""Public pages of 精准推送 (/dingyue/): subscribe, confirm (the link in the mail), unsubscribe (one click)."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.catalogue.selectors import columns_of
from gongkai.catalogue.vocab import GUIDE_COLUMN
from gongkai.core import receipts
from gongkai.core.exceptions import ApplicationError
from gongkai.core.forms import error_summary, show_errors
from gongkai.core.ratelimit import limited
from gongkai.organs.selectors import visible_organs

from . import selectors, services
from .forms import SubscribeForm
from .models import Target

REQUEST_RATE = "10/h"  # subscription requests from one address per hour


def _choices(request):
    organ = request.site.organ  # the portal serving the request (gongkai.portal.middleware)
    columns = columns_of([organ]).exclude(slug=GUIDE_COLUMN).order_by("position", "id") if organ else []
    return columns, request.site.organs.order_by("path")


@require_http_methods(["GET", "POST"])
def subscribe(request):
    columns, organs = _choices(request)
    posted = request.method == "POST"
    form = SubscribeForm(request.POST if posted else None, columns=columns, organs=organs)
    status = 200
    if posted:
        form.is_valid()  # parses the lists; the service decides
        data = getattr(form, "cleaned_data", {})
        names = {**dict(form.fields["columns"].choices), **dict(form.fields["organs"].choices)}
        targets = ([(Target.COLUMN, v, names.get(v, v)) for v in data.get("columns", [])]
                   + [(Target.ORGAN, v, names.get(v, v)) for v in data.get("organs", [])]
                   + [(Target.TOPIC, v, v) for v in data.get("topics", [])]
                   + [(Target.TERM, t, t) for t in re.split(r"[\s,，、；;]+", request.POST.get("terms", "")) if t])
        try:
            if limited(request, group="dingyue", rate=REQUEST_RATE):
                raise services.SubscriptionError({"__all__": "订阅申请过于频繁，请一小时后再试。"})
            services.subscription_request(email=request.POST.get("email", ""),
                                          frequency=request.POST.get("frequency", ""), targets=targets,
                                          base_url=request.build_absolute_uri("/"))
        except services.SubscriptionError as exc:
            show_errors(form, {("terms" if k == "targets" else k): v for k, v in exc.errors.items()})
            status = 429 if "__all__" in exc.errors else 400
        else:
            return receipts.see_other("subscriptions:requested")
    return render(request, "subscriptions/subscribe.html", {
        "form": form, "errors": error_summary(form) if posted else [], "error_intro": "订阅未提交，请按下列提示修改：",
    }, status=status)


@require_GET
def requested(request):
    return render(request, "subscriptions/requested.html")


@require_GET
def confirm(request, token: str):
    try:
        subscriber = services.subscription_confirm(token=token)
    except ApplicationError as exc:
        return render(request, "subscriptions/message.html", {"title": "无法确认订阅", "text": exc.message}, status=400)
    return render(request, "subscriptions/confirmed.html", {"subscriber": subscriber,
                                                           "subscriptions": subscriber.subscriptions.order_by("id")})


@csrf_exempt  # the signed token is the credential; mail clients post RFC 8058 one-click requests without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: one button to unsubscribe (link scanners only GET). POST: done — from that button or from the
    mail client's List-Unsubscribe-Post."""
    if request.method == "GET":
        valid = services.tokens.read(token, "unsubscribe") is not None
        return render(request, "subscriptions/unsubscribe.html", {"token": token, "valid": valid},
                      status=200 if valid else 400)
    cancelled = services.subscription_cancel(token=token)
    return render(request, "subscriptions/message.html", {
        "title": "已退订" if cancelled else "已退订或链接无效",
        "text": "您的电子邮箱和全部订阅已删除，今后不会再收到推送邮件。" if cancelled
        else "该退订链接对应的订阅已不存在，不会再收到推送邮件。"})


@login_required
@require_GET
def staff_counts(request):
    """How many subscribe to what — numbers only, never an address."""
    if not visible_organs(request.user).exists():
        raise Http404("未找到")
    return render(request, "subscriptions/staff/counts.html", {"counts": selectors.counts()})
