"""The JSON API: POST /api/v1/applications and GET (X-Query-Code header) or POST (JSON) /api/v1/applications/<tracking_no>

Anonymous, without a CSRF token (nothing rides on a cookie): only `Content-Type: application/json` is
accepted (415 otherwise), so a cross-site page cannot post to it unasked. Instead of the form's 验证码 it
holds the same per-address and per-applicant limits, reserved atomically before the write.
Invalid input is a 400 with a Chinese message per field.

One definition (gongkai.core.openapi): the request's fields, their choices (from the models' TextChoices) and
each answer's keys are the schema dicts below; the views serialise through them and the portal serves them
in /api/v1/openapi.json, with every status each view can answer.
"""

import json

from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from gongkai.core import openapi as oa
from gongkai.core.exceptions import ApplicationError

from . import ratelimit, selectors, services
from .intake import REQUIRED_FIELDS
from .models import Applicant, ApplicantKind, Delivery, IdType, InfoForm, Status
from .outcomes import Outcome
from .public_views import find_case

# --- the one definition of the request and the answers ---------------------------------------------------

APPLICATION_REQUEST = oa.obj({
    "organ": oa.string("受理机关的机关代码（统一社会信用代码，见 GET /organs）"),
    "applicant_kind": oa.enum_of(ApplicantKind, "申请人类型"),
    "applicant_name": oa.string("申请人姓名或名称"),
    "id_type": oa.enum_of(IdType, "证件类型"),
    "id_number": oa.string("证件号码"),
    "contact_person": oa.string("联系人（法人或其他组织填写）"),
    "phone": oa.string("联系电话"),
    "email": oa.string("电子邮箱"),
    "address": oa.string("通信地址"),
    "postcode": oa.string("邮政编码"),
    "description": oa.string("所需政府信息的内容描述（第二十九条）"),
    "doc_no": oa.string("文号（如知道）"),
    "info_form": oa.enum_of(InfoForm, "所需信息的形式"),
    "delivery": oa.enum_of(Delivery, "获取信息的方式"),
}, required=REQUIRED_FIELDS)
FIELDS = tuple(APPLICATION_REQUEST["properties"])

DEADLINE = oa.obj({
    "date": oa.date(),
    "provisional": oa.boolean("是否暂定（所涉年度放假安排尚未公布）"),
    "note": oa.nullable(oa.string("暂定的原因")),
    "calendar_version": oa.nullable(oa.integer("计算所依据的工作日历版本")),
}, description="期限：日期、是否暂定、原因、工作日历版本")

CREATED = oa.obj({
    "tracking_no": oa.string("受理编号"),
    "query_code": oa.string("查询码（只在此返回一次，请妥善保存）"),
    "received_on": oa.date("收到申请之日"),
    "due_on": oa.nullable(oa.date("答复期限")),
    "due_provisional": oa.boolean("答复期限是否暂定"),
    "due": oa.nullable(DEADLINE),
})

DUPLICATE = oa.obj({"error": oa.string("中文说明"), "tracking_no": oa.string("第一件申请的受理编号")})

PROGRESS = oa.obj({
    "tracking_no": oa.string("受理编号"),
    "organ": oa.string("受理机关名称"),
    "status": oa.enum_of(Status, "办理状态"),
    "status_label": oa.string("办理状态（中文）"),
    "received_on": oa.date("收到申请之日"),
    "due_on": oa.nullable(oa.date("答复期限")),
    "due_provisional": oa.boolean("答复期限是否暂定"),
    "due": oa.nullable(DEADLINE),
    "waiting": oa.nullable({**DEADLINE, "description": "补正或征求意见期间，申请人或第三方的期限"}),
    "outcome": oa.nullable(oa.enum_of(Outcome, "办理结果（办结后）")),
    "closed_on": oa.nullable(oa.date("办结日期")),
    "timeline": oa.array(oa.obj({"on": oa.date(), "event": oa.string("固定的中文说明，不含个人信息")}),
                         "办理经过"),
})

MAX_BODY_BYTES = 64 * 1024  # an application is a few kilobytes of text; attachments go through the form


def _body_too_large(request, limit: int) -> bool:
    """Refused by the declared length before the body is read (Django would answer a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE with an HTML 400), then by the length read."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    return declared > limit or len(request.body) > limit


@csrf_exempt
@oa.methods("POST")
def create(request):
    ip = ratelimit.client_ip(request)
    if not ratelimit.ip_allowed(ip):
        return oa.error("提交过于频繁，请一小时后再试。", 429)
    if request.content_type != "application/json":
        # A cross-site page can POST text/plain or a form without asking (no CORS preflight); only a
        # client that sends JSON, which a browser will not do across sites unasked, gets through.
        return oa.error("请求体须为 JSON（Content-Type: application/json）。", 415, {})
    if _body_too_large(request, MAX_BODY_BYTES):
        return oa.error("请求体过大。", 413, {})
    try:
        payload = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return oa.error("请求体不是有效的 JSON。", 400, {})
    if not isinstance(payload, dict):
        return oa.error("请求体应为 JSON 对象。", 400, {})
    unknown = sorted(set(payload) - set(FIELDS))
    if unknown:
        return oa.error("请求含有未知字段。", 400, dict.fromkeys(unknown, "未知字段。"))
    data = {k: payload.get(k, "") for k in FIELDS}
    if any(not isinstance(v, str) for v in data.values()):
        return oa.error("字段值应为字符串。", 400, {k: "应为字符串。" for k, v in data.items() if not isinstance(v, str)})
    key = Applicant.key_for(name=data["applicant_name"], id_number=data["id_number"], phone=data["phone"],
                            email=data["email"])
    refused = ratelimit.reserve(ip, key)
    if refused == ratelimit.IP_REFUSED:
        return oa.error("提交过于频繁，请一小时后再试。", 429)
    if refused:
        return oa.error("同一申请人今日提交的申请过多，请明天再试。", 429)
    try:
        app, code = services.application_submit(data=data)
    except services.DuplicateSubmission as exc:  # a retry of the same request: the first case, no second one
        ratelimit.release(ip, key)
        return oa.json_response(oa.serialise(DUPLICATE, {"error": exc.message,
                                                         "tracking_no": exc.application.tracking_no}), 409)
    except ApplicationError as exc:
        ratelimit.release(ip, key)
        return oa.error(exc.message, 400, getattr(exc, "errors", {}))
    due = app.due
    return oa.json_response(oa.serialise(CREATED, {
        "tracking_no": app.tracking_no, "query_code": code, "received_on": app.received_on.isoformat(),
        "due_on": due.due.isoformat() if due else None, "due_provisional": bool(due and due.provisional),
        "due": due.as_json() if due else None}), 201)


CODE_HEADER = "X-Query-Code"


def _query_code(request) -> str | None:
    """The 查询码 from the X-Query-Code header (GET) or a JSON body {"code": …} (POST); None when missing."""
    if request.method == "POST":
        if request.content_type != "application/json" or _body_too_large(request, 4096):
            return None
        try:
            payload = json.loads(request.body.decode("utf-8") or "{}")
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
        code = payload.get("code") if isinstance(payload, dict) else None
        return code if isinstance(code, str) else None
    return request.headers.get(CODE_HEADER)


@csrf_exempt
@oa.methods("GET", "POST")
def detail(request, tracking_no: str):
    """The case's progress. The 查询码 is a secret: it travels in the X-Query-Code header or a POSTed JSON
    body, never in the URL, which every proxy and access log records; `?code=` is refused."""
    if "code" in request.GET:
        return oa.error(f"查询码不能放在网址中（网址会被记入访问日志）：请放在请求头 {CODE_HEADER} 中，"
                        "或以 POST 提交 JSON {\"code\": \"查询码\"}。", 400)
    ip = ratelimit.client_ip(request)
    wait = ratelimit.track_wait(ip, tracking_no)
    if wait is not None:  # this client's own wrong codes, never another's (ratelimit.track_wait)
        response = oa.error(f"查询码错误次数过多，请于{ratelimit.wait_text(wait)}后再试。", 429)
        response["Retry-After"] = str(wait)
        return response
    code = _query_code(request)
    if not code:
        return oa.error(f"缺少查询码：请放在请求头 {CODE_HEADER} 中，或以 POST 提交 JSON {{\"code\": \"查询码\"}}。", 400)
    app = find_case(tracking_no, code)
    if app is None:
        ratelimit.track_wrong(ip, tracking_no)
        return oa.error("未找到与该受理编号和查询码相符的申请。", 404)
    clock = selectors.clock_for(app, today=timezone.localdate())
    waiting = clock.waiting
    return oa.json_response(oa.serialise(PROGRESS, {
        "tracking_no": app.tracking_no,
        "organ": app.organ.name,
        "status": app.status,
        "status_label": app.get_status_display(),
        "received_on": app.received_on.isoformat(),
        "due_on": clock.due_on.isoformat() if clock.due_on else None,
        "due_provisional": bool(clock.due and clock.due.provisional),
        # Every date as one value: the date, whether it is provisional, why, and the calendar version.
        "due": clock.due.as_json() if clock.due else None,
        "waiting": waiting.as_json() if waiting else None,
        "outcome": app.outcome or None,
        "closed_on": app.closed_on.isoformat() if app.closed_on else None,
        "timeline": selectors.public_timeline(app),
    }))


# --- the document ---------------------------------------------------------------------------------------

_TRACKING_NO = {"name": "tracking_no", "in": "path", "required": True, "schema": oa.string("受理编号")}
_TOO_MANY_CODES = {**oa.failure("该客户端查询码错误次数过多：响应头 Retry-After 为需等待的秒数"),
                   "headers": {"Retry-After": {"schema": oa.integer("需等待的秒数")}}}
_PROGRESS_ANSWERS = {
    "200": oa.content(PROGRESS, "办理进度"),
    "400": oa.failure("缺少查询码，或查询码放在了网址中（?code= 一律拒绝），或请求含有控制字符"),
    "404": oa.failure("受理编号或查询码不符"),
    "405": oa.METHOD_NOT_ALLOWED,
    "429": _TOO_MANY_CODES,
}

# Merged into /api/v1/openapi.json by the portal.
OPENAPI_PATHS = {
    "/applications": {
        "post": {
            "summary": "提交政府信息公开申请（第二十九条）",
            "requestBody": {"required": True, "content": {"application/json": {"schema": APPLICATION_REQUEST}}},
            "responses": {
                "201": oa.content(CREATED, "已受理"),
                "400": oa.failure("输入有误（逐字段中文说明），或请求体不是 JSON 对象，或含有控制字符"),
                "405": oa.METHOD_NOT_ALLOWED,
                "409": oa.content(DUPLICATE, "同一申请人刚提交过内容相同的申请：返回第一件的受理编号，不重复受理"),
                "413": oa.failure(f"请求体超过 {MAX_BODY_BYTES // 1024} KB"),
                "415": oa.failure("请求体不是 JSON（Content-Type 须为 application/json）"),
                "429": oa.failure("提交过于频繁（同一地址每小时、同一申请人每日的上限）"),
            },
        }
    },
    "/applications/{tracking_no}": {
        "get": {
            "summary": "按受理编号和查询码查询办理进度",
            "parameters": [
                _TRACKING_NO,
                {"name": CODE_HEADER, "in": "header", "required": True, "schema": oa.string(),
                 "description": "查询码（不得放在网址中：?code= 返回400）"},
            ],
            "responses": _PROGRESS_ANSWERS,
        },
        "post": {
            "summary": "按受理编号和查询码查询办理进度（查询码放在 JSON 请求体中）",
            "parameters": [_TRACKING_NO],
            "requestBody": {"required": True, "content": {"application/json": {"schema": oa.obj(
                {"code": oa.string("查询码")})}}},
            "responses": _PROGRESS_ANSWERS,
        },
    },
}
