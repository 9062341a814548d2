"""Public pages of 互动交流 (/hudong/): the 咨询 column with search, asking a question, reporting a fault on
the site (我为政府网站找错), and the asker's own look-up by 留言编号 and 查询码. Each form follows
POST/redirect/GET to a receipt that shows the 查询码 to the submitting browser only."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.applications import ratelimit
from gongkai.core import receipts
from gongkai.core.forms import error_summary, show_errors
from gongkai.core.ratelimit import limited

from . import selectors, services
from .forms import AskForm, SiteErrorForm
from .models import Kind, Message

RECEIPTS_KEY = "message_receipts"
CAPTCHA_KEY = "message_captcha"
SUBMIT_RATE = "10/h"  # messages from one address per hour (ask and 找错 together)
PER_PAGE = 20


def _portal(request):
    """The site's organ and the organs it serves (request.site, put there by the portal layer)."""
    return request.site.organ, request.site.organs


@require_GET
def index(request):
    """互动交流 · 政务咨询: answered questions published with consent, newest first, searchable."""
    organ, organs = _portal(request)
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(selectors.published_consultations(organs, q=q), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "interaction/index.html", {"page": page, "q": q,
                                                      "query_string": urlencode({"q": q}) if q else ""})


@require_GET
def detail(request, number: str):
    organ, organs = _portal(request)
    message = get_object_or_404(selectors.published_consultations(organs), number=number)
    return render(request, "interaction/detail.html", {"message": message})


def _submit(request, *, kind: str, form_class, template: str):
    organ, organs = _portal(request)
    if organ is None:
        raise Http404("本站尚未设置所属机关。")
    organs = organs.order_by("path")
    posted = request.method == "POST"
    kwargs = {"organs": organs} if kind == Kind.CONSULTATION else {}
    initial = {"organ": organ.code} if kind == Kind.CONSULTATION else {"page_url": request.GET.get("page", "")[:500]}
    form = form_class(request.POST if posted else None, initial=initial, **kwargs)
    status = 200
    if posted:
        errors: dict[str, str] = {}
        if limited(request, group="hudong-submit", rate=SUBMIT_RATE):
            errors["__all__"] = "留言过于频繁，请一小时后再试。"
            status = 429
        elif not ratelimit.captcha_ok(request, request.POST.get("captcha", ""), key=CAPTCHA_KEY):
            errors["captcha"] = "验证码不正确，请重新计算。"
        try:
            if errors:
                services.clean_message(kind, request.POST, organs=organs)  # the fields' problems, shown at once
                raise services.MessageError({})
            message, code = services.message_submit(kind=kind, data=request.POST, organs=organs, default_organ=organ)
        except services.MessageError as exc:
            errors = {**exc.errors, **errors}
        else:
            receipts.remember(request, RECEIPTS_KEY, message.number, code)
            return receipts.see_other("interaction:done", number=message.number)
        show_errors(form, errors)
        status = status if status != 200 else 400
    return render(request, template, {
        "form": form, "errors": error_summary(form) if posted else [], "error_intro": "留言未提交，请按下列提示修改：",
        "captcha_question": ratelimit.new_captcha(request, key=CAPTCHA_KEY),
        "reply_days": services.reply_workdays(kind),
    }, status=status)


@require_http_methods(["GET", "POST"])
def ask(request):
    return _submit(request, kind=Kind.CONSULTATION, form_class=AskForm, template="interaction/ask.html")


@require_http_methods(["GET", "POST"])
def report_error(request):
    return _submit(request, kind=Kind.SITE_ERROR, form_class=SiteErrorForm, template="interaction/report_error.html")


@require_GET
def done(request, number: str):
    code = receipts.code_for(request, RECEIPTS_KEY, number)
    message = Message.objects.filter(number=number).select_related("organ").first()
    if code is None or message is None:
        raise Http404("回执只在提交留言的浏览器中、提交后30分钟内显示。请凭留言编号和查询码查询办理情况。")
    return render(request, "interaction/done.html", {"message": message, "query_code": code})


LOOKUP_CAPTCHA = "message_lookup_captcha"


@require_http_methods(["GET", "POST"])
def lookup(request):
    """The asker's own message by 留言编号 and 查询码: its state and the reply, published or not. Limited as
    application tracking is: by the client's own wrong codes only, with a stated wait."""
    number = request.POST.get("number", "").strip().upper()[:20]
    ctx = {"number": number}
    if request.method == "GET":
        return render(request, "interaction/lookup.html", ctx)
    ip = ratelimit.client_ip(request)
    wait = ratelimit.track_wait(ip, number)
    if wait is not None and not ratelimit.captcha_ok(request, request.POST.get("captcha", ""), key=LOOKUP_CAPTCHA):
        ctx.update(error=f"查询码错误次数过多。请于{ratelimit.wait_text(wait)}后再试，或回答下面的验证码后继续查询。",
                   captcha_question=ratelimit.new_captcha(request, key=LOOKUP_CAPTCHA))
        response = render(request, "interaction/lookup.html", ctx, status=429)
        response["Retry-After"] = str(wait)
        return response
    message = Message.objects.filter(number=number).select_related("organ").first()
    code = request.POST.get("query_code", "")
    if message is None or not message.check_query_code(code):
        if message is None:
            Message.hash_query_code(code)  # the same work either way
        ratelimit.track_wrong(ip, number)
        ctx["error"] = "未找到与该留言编号和查询码相符的留言，请核对后重新输入。"
        return render(request, "interaction/lookup.html", ctx, status=404)
    return render(request, "interaction/lookup.html", {**ctx, "message": message})
