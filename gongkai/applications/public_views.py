"""The public pages: the application form (/ysqgk/apply/) and tracking (/ysqgk/track/)."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gongkai.core.exceptions import ApplicationError
from gongkai.organs.selectors import office_of
from gongkai.portal.context_processors import current_portal

from . import ratelimit, selectors, services
from .clock import cn
from .forms import ApplyForm
from .intake import IntakeError, Upload, looks_like_several_items
from .models import Applicant, Application, Attachment

NOT_FOUND = "未找到与该受理编号和查询码相符的申请，请核对后重新输入。"


def uploads_from(files) -> list[Upload]:
    result = []
    for field, kind in (("id_copy", Attachment.Kind.ID_COPY), ("other_file", Attachment.Kind.OTHER)):
        f = files.get(field)
        if f:
            result.append(Upload(kind=kind, name=f.name, data=f.read()))
    return result


def _site_organ(request):
    portal = current_portal(request)
    return portal.organ if portal else None


@require_http_methods(["GET", "POST"])
def apply(request):
    organ = _site_organ(request)
    posted = request.method == "POST"
    form = ApplyForm(request.POST if posted else None, request.FILES if posted else None, initial={"organ": organ})
    ctx = {"form": form, "office": office_of(organ) if organ else None}
    status = 200
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        data = {name: request.POST.get(name, "") for name in form.fields}
        if not ratelimit.ip_allowed(ip):
            form.add_error(None, "提交过于频繁，请一小时后再试。")
            status = 429
        elif ratelimit.captcha_needed(request) and not ratelimit.captcha_ok(request, data.get("captcha", "")):
            form.add_error("captcha", "验证码不正确，请重新计算。")
            status = 400
        elif looks_like_several_items(data.get("description", "")) and not request.POST.get("several_items_ok"):
            form.add_error("description", "您的描述似乎包含多项信息。请一事一申请：分别提交，或确认本申请只涉及一项信息。")
            status = 400
        else:
            key = Applicant.key_for(name=data.get("applicant_name", ""), id_number=data.get("id_number", ""),
                                    phone=data.get("phone", ""), email=data.get("email", ""))
            refused = ratelimit.reserve(ip, key)
            if refused:
                form.add_error(None, "提交过于频繁，请一小时后再试。" if refused == ratelimit.IP_REFUSED
                               else "同一申请人今日提交的申请过多，请明天再试。")
                status = 429
            else:
                try:
                    app, code = services.application_submit(data=data, uploads=uploads_from(request.FILES))
                except IntakeError as exc:
                    ratelimit.release(ip, key)
                    for field, message in exc.errors.items():
                        form.add_error(field if field in form.fields else None, message)
                    status = 400
                except ApplicationError as exc:
                    ratelimit.release(ip, key)
                    form.add_error(None, exc.message)
                    status = 400
                else:
                    clock = selectors.clock_for(app, today=app.received_on)
                    return render(request, "applications/apply_done.html", {
                        "application": app, "query_code": code, "due": clock.due, "received": cn(app.received_on),
                    }, status=201)
    if ratelimit.captcha_needed(request):
        ctx["captcha_question"] = ratelimit.new_captcha(request)
    return render(request, "portal/apply.html", ctx, status=status)


def find_case(tracking_no: str, code: str) -> Application | None:
    """A case by 受理编号 and 查询码; a wrong code and an unknown number give the same None."""
    app = Application.objects.select_related("organ").filter(tracking_no=tracking_no.strip().upper()).first()
    if app is None:
        Application.hash_query_code(code)  # same work either way
        return None
    return app if app.check_query_code(code) else None


@require_http_methods(["GET", "POST"])
def track(request):
    tracking_no = request.POST.get("tracking_no", "").strip()[:40]
    if request.method == "GET":
        return render(request, "portal/track.html", {"tracking_no": ""})
    ip = ratelimit.client_ip(request)
    if ratelimit.hit(f"track:{ip}", 3600) > 60:
        return render(request, "portal/track.html", {"tracking_no": tracking_no,
                                                     "error": "查询过于频繁，请稍后再试。"}, status=429)
    app = find_case(tracking_no, request.POST.get("query_code", ""))
    if app is None:
        return render(request, "portal/track.html", {"tracking_no": tracking_no, "error": NOT_FOUND}, status=404)
    from django.utils import timezone

    clock = selectors.clock_for(app, today=timezone.localdate())
    return render(request, "portal/track.html", {
        "tracking_no": tracking_no, "application": app, "clock": clock,
        "timeline": selectors.public_timeline(app),
    })
