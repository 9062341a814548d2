"""The public pages: the application form (/ysqgk/apply/), its receipt, and tracking (/ysqgk/track/).

The form follows POST/redirect/GET: a submission that creates a case answers 303 to the receipt page
(/ysqgk/apply/done/<受理编号>/), whose address carries no secret; the 查询码 is kept in the submitting
browser's session for RECEIPT_MINUTES only, so a refresh shows the same receipt — and never submits again.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core import receipts
from gongkai.core.exceptions import ApplicationError
from gongkai.core.forms import error_summary, show_errors
from gongkai.organs.selectors import office_of

from . import pending, ratelimit, selectors, services
from .clock import cn
from .forms import ApplyForm
from .intake import IntakeError, looks_like_several_items
from .models import Applicant, Application

NOT_FOUND = "未找到与该受理编号和查询码相符的申请，请核对后重新输入。"
RECEIPTS_KEY = "apply_receipts"
RECEIPT_MINUTES = 30  # the 查询码 stays on the receipt page (and in its PDF) this long after submitting
ERROR_INTRO = "申请未提交，请按下列提示修改："


def _site_organ(request):
    return request.site.organ  # the portal serving the request (gongkai.portal.middleware)


@require_http_methods(["GET", "POST"])
def apply(request):
    organ = _site_organ(request)
    posted = request.method == "POST"
    form = ApplyForm(request.POST if posted else None, initial={"organ": organ})
    status = 200
    if posted:
        ip = ratelimit.client_ip(request)
        data = {name: request.POST.get(name, "") for name in form.fields}
        uploads = pending.uploads_from(request)
        errors: dict[str, str] = {}
        status = 400
        if not ratelimit.ip_allowed(ip):
            errors["__all__"] = "提交过于频繁，请一小时后再试。"
            status = 429
        elif ratelimit.captcha_needed(request) and not ratelimit.captcha_ok(request, data.get("captcha", "")):
            errors["captcha"] = "验证码不正确，请重新计算。"
        if looks_like_several_items(data.get("description", "")) and not request.POST.get("several_items_ok"):
            errors["description"] = ("您的描述似乎包含多项信息。请一事一申请：分别提交，"
                                     "或勾选下方“我确认本申请只涉及一项政府信息”。")
        if errors:  # not sent: the fields' own problems are shown with these, all at once
            try:
                services.clean_with_uploads(data, uploads)
            except IntakeError as exc:
                errors = {**exc.errors, **errors}
        else:
            key = Applicant.key_for(name=data.get("applicant_name", ""), id_number=data.get("id_number", ""),
                                    phone=data.get("phone", ""), email=data.get("email", ""))
            refused = ratelimit.reserve(ip, key)
            if refused:
                errors["__all__"] = ("提交过于频繁，请一小时后再试。" if refused == ratelimit.IP_REFUSED
                                     else "同一申请人今日提交的申请过多，请明天再试。")
                status = 429
            else:
                try:
                    app, code = services.application_submit(data=data, uploads=uploads)
                except IntakeError as exc:
                    errors = exc.errors
                except services.DuplicateSubmission as exc:
                    pending.clear(request)
                    first = exc.application
                    if receipts.code_for(request, RECEIPTS_KEY, first.tracking_no):
                        ratelimit.release(ip, key)
                        return receipts.see_other("portal:apply_done", tracking_no=first.tracking_no)
                    errors["__all__"] = f"{exc.message}请凭该受理编号和提交时获得的查询码在“申请查询”中查看办理进度。"
                    status = 409
                except ApplicationError as exc:
                    errors[exc.field or "__all__"] = exc.message
                else:
                    pending.clear(request)
                    receipts.remember(request, RECEIPTS_KEY, app.tracking_no, code, minutes=RECEIPT_MINUTES)
                    return receipts.see_other("portal:apply_done", tracking_no=app.tracking_no)
                ratelimit.release(ip, key)  # only accepted submissions count
        show_errors(form, errors)
        pending.keep(request, uploads)
    ctx = {"form": form, "office": office_of(organ) if organ else None, "kept_files": pending.kept_files(request),
           "errors": error_summary(form) if posted else [], "error_intro": ERROR_INTRO}
    if ratelimit.captcha_needed(request):
        ctx["captcha_question"] = ratelimit.new_captcha(request)
    return render(request, "portal/apply.html", ctx, status=status)


def _receipt_context(request, tracking_no: str) -> dict:
    code = receipts.code_for(request, RECEIPTS_KEY, tracking_no)
    app = Application.objects.select_related("organ").filter(tracking_no=tracking_no).first()
    if code is None or app is None:
        raise Http404("回执只在提交申请的浏览器中、提交后30分钟内显示。请凭受理编号和查询码在“申请查询”中查看办理进度。")
    return {"application": app, "query_code": code, "due": app.due, "received": cn(app.received_on),
            "receipt_minutes": RECEIPT_MINUTES, "printed_at": timezone.localtime()}


@require_GET
def apply_done(request, tracking_no: str):
    """The receipt (回执): 受理编号, 查询码, what was asked, 收到日期, 答复期限; refreshing shows it again."""
    return render(request, "applications/apply_done.html", _receipt_context(request, tracking_no))


@require_GET
def apply_receipt_pdf(request, tracking_no: str):
    """打印回执 / 保存: the receipt as an A4 PDF (WeasyPrint), for the applicant's records."""
    from weasyprint import HTML

    html = render_to_string("applications/receipt_pdf.html", _receipt_context(request, tracking_no), request)
    response = HttpResponse(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{tracking_no}.pdf"'
    return response


def find_case(tracking_no: str, code: str) -> Application | None:
    """A case by 受理编号 and 查询码; a wrong code and an unknown number give the same None."""
    app = Application.objects.select_related("organ").filter(tracking_no=tracking_no.strip().upper()).first()
    if app is None:
        Application.hash_query_code(code)  # same work either way
        return None
    return app if app.check_query_code(code) else None


TRACK_CAPTCHA = "track_captcha"


@require_http_methods(["GET", "POST"])
def track(request):
    tracking_no = request.POST.get("tracking_no", "").strip()[:40]
    ctx = {"tracking_no": tracking_no}
    if request.method == "GET":
        return render(request, "portal/track.html", ctx)
    ip = ratelimit.client_ip(request)
    wait = ratelimit.track_wait(ip, tracking_no)
    if wait is not None and not ratelimit.captcha_ok(request, request.POST.get("captcha", ""), key=TRACK_CAPTCHA):
        # Held back by this address's own wrong codes: say how long, and offer the 验证码 to go on now.
        ctx.update(error=f"查询码错误次数过多。请于{ratelimit.wait_text(wait)}后再试，或回答下面的验证码后继续查询。",
                   captcha_question=ratelimit.new_captcha(request, key=TRACK_CAPTCHA))
        response = render(request, "portal/track.html", ctx, status=429)
        response["Retry-After"] = str(wait)
        return response
    app = find_case(tracking_no, request.POST.get("query_code", ""))
    if app is None:
        ratelimit.track_wrong(ip, tracking_no)
        return render(request, "portal/track.html", {**ctx, "error": NOT_FOUND}, status=404)
    clock = selectors.clock_for(app, today=timezone.localdate())
    return render(request, "portal/track.html", {
        **ctx, "application": app, "clock": clock, "timeline": selectors.public_timeline(app),
    })
