"""The JSON API: POST /api/v1/applications and GET (X-Query-Code header) or POST (JSON) /api/v1/applications/<tracking_no>

Anonymous, without a CSRF token (nothing rides on a cookie): only `Content-Type: application/json` is
accepted (415 otherwise), so a cross-site page cannot post to it unasked. Instead of the form's 验证码 it
holds the same per-address and per-applicant limits, reserved atomically before the write.
Invalid input is a 400 with a Chinese message per field.
"""

import json

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.exceptions import ApplicationError

from . import ratelimit, selectors, services
from .models import Applicant
from .public_views import find_case

FIELDS = ("organ", "applicant_kind", "applicant_name", "id_type", "id_number", "contact_person", "phone", "email",
          "address", "postcode", "description", "doc_no", "info_form", "delivery")


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


MAX_BODY_BYTES = 64 * 1024  # an application is a few kilobytes of text; attachments go through the form


@csrf_exempt
@require_POST
def create(request):
    ip = ratelimit.client_ip(request)
    if not ratelimit.ip_allowed(ip):
        return _json({"error": "提交过于频繁，请一小时后再试。"}, 429)
    if request.content_type != "application/json":
        # A cross-site page can POST text/plain or a form without asking (no CORS preflight); only a
        # client that sends JSON, which a browser will not do across sites unasked, gets through.
        return _json({"error": "请求体须为 JSON（Content-Type: application/json）。", "errors": {}}, 415)
    if len(request.body) > MAX_BODY_BYTES:
        return _json({"error": "请求体过大。", "errors": {}}, 413)
    try:
        payload = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _json({"error": "请求体不是有效的 JSON。", "errors": {}}, 400)
    if not isinstance(payload, dict):
        return _json({"error": "请求体应为 JSON 对象。", "errors": {}}, 400)
    unknown = sorted(set(payload) - set(FIELDS))
    if unknown:
        return _json({"error": "请求含有未知字段。", "errors": dict.fromkeys(unknown, "未知字段。")}, 400)
    data = {k: payload.get(k, "") for k in FIELDS}
    if any(not isinstance(v, str) for v in data.values()):
        return _json({"error": "字段值应为字符串。", "errors": {k: "应为字符串。" for k, v in data.items()
                                                      if not isinstance(v, str)}}, 400)
    key = Applicant.key_for(name=data["applicant_name"], id_number=data["id_number"], phone=data["phone"],
                            email=data["email"])
    refused = ratelimit.reserve(ip, key)
    if refused == ratelimit.IP_REFUSED:
        return _json({"error": "提交过于频繁，请一小时后再试。"}, 429)
    if refused:
        return _json({"error": "同一申请人今日提交的申请过多，请明天再试。"}, 429)
    try:
        app, code = services.application_submit(data=data)
    except services.DuplicateSubmission as exc:  # a retry of the same request: the first case, no second one
        ratelimit.release(ip, key)
        return _json({"error": exc.message, "tracking_no": exc.application.tracking_no}, 409)
    except ApplicationError as exc:
        ratelimit.release(ip, key)
        return _json({"error": exc.message, "errors": getattr(exc, "errors", {})}, 400)
    due = app.due
    return _json({"tracking_no": app.tracking_no, "query_code": code, "received_on": app.received_on.isoformat(),
                  "due_on": due.due.isoformat() if due else None, "due_provisional": bool(due and due.provisional),
                  "due": due.as_json() if due else None}, 201)


CODE_HEADER = "X-Query-Code"


def _query_code(request) -> str | None:
    """The 查询码 from the X-Query-Code header (GET) or a JSON body {"code": …} (POST); None when missing."""
    if request.method == "POST":
        if request.content_type != "application/json" or len(request.body) > 4096:
            return None
        try:
            payload = json.loads(request.body.decode("utf-8") or "{}")
        except (ValueError, UnicodeDecodeError):
            return None
        code = payload.get("code") if isinstance(payload, dict) else None
        return code if isinstance(code, str) else None
    return request.headers.get(CODE_HEADER)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def detail(request, tracking_no: str):
    """The case's progress. The 查询码 is a secret: it travels in the X-Query-Code header or a POSTed JSON
    body, never in the URL, which every proxy and access log records; `?code=` is refused."""
    if "code" in request.GET:
        return _json({"error": f"查询码不能放在网址中（网址会被记入访问日志）：请放在请求头 {CODE_HEADER} 中，"
                               "或以 POST 提交 JSON {\"code\": \"查询码\"}。"}, 400)
    ip = ratelimit.client_ip(request)
    wait = ratelimit.track_wait(ip, tracking_no)
    if wait is not None:  # this client's own wrong codes, never another's (ratelimit.track_wait)
        response = _json({"error": f"查询码错误次数过多，请于{ratelimit.wait_text(wait)}后再试。"}, 429)
        response["Retry-After"] = str(wait)
        return response
    code = _query_code(request)
    if not code:
        return _json({"error": f"缺少查询码：请放在请求头 {CODE_HEADER} 中。"}, 400)
    app = find_case(tracking_no, code)
    if app is None:
        ratelimit.track_wrong(ip, tracking_no)
        return _json({"error": "未找到与该受理编号和查询码相符的申请。"}, 404)
    clock = selectors.clock_for(app, today=timezone.localdate())
    waiting = clock.waiting
    return _json({
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
    })


_APPLICATION_PROPS = {k: {"type": "string"} for k in FIELDS}
_APPLICATION_PROPS["organ"]["description"] = "受理机关的机关代码（统一社会信用代码）"
_APPLICATION_PROPS["applicant_kind"]["enum"] = ["natural_person", "commercial", "research", "public_interest",
                                                "legal_service", "other_org"]
_APPLICATION_PROPS["id_type"]["enum"] = ["id_card", "passport", "hk_mo_tw", "uscc", "other"]
_APPLICATION_PROPS["info_form"]["enum"] = ["paper", "electronic", "disc"]
_APPLICATION_PROPS["delivery"]["enum"] = ["post", "email", "fax", "collect", "inspect", "online"]
_DEADLINE = {"type": ["object", "null"], "description": "期限：日期、是否暂定（所涉年度放假安排尚未公布）、原因、工作日历版本",
             "properties": {"date": {"type": "string", "format": "date"}, "provisional": {"type": "boolean"},
                            "note": {"type": ["string", "null"]}, "calendar_version": {"type": ["integer", "null"]}}}
_ERROR = {"type": "object", "properties": {"error": {"type": "string"},
                                           "errors": {"type": "object", "additionalProperties": {"type": "string"}}}}

# Merged into /api/v1/openapi.json by the portal.
OPENAPI_PATHS = {
    "/applications": {
        "post": {
            "summary": "提交政府信息公开申请（第二十九条）",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": _APPLICATION_PROPS,
                "required": ["organ", "applicant_kind", "applicant_name", "id_type", "id_number", "description",
                             "info_form", "delivery"]}}}},
            "responses": {
                "201": {"description": "已受理", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"tracking_no": {"type": "string"},
                                                     "query_code": {"type": "string"},
                                                     "received_on": {"type": "string", "format": "date"},
                                                     "due_on": {"type": "string", "format": "date"},
                                                     "due_provisional": {"type": "boolean"},
                                                     "due": _DEADLINE}}}}},
                "400": {"description": "输入有误（逐字段中文说明）", "content": {"application/json": {"schema": _ERROR}}},
                "409": {"description": "同一申请人刚提交过内容相同的申请：返回第一件的受理编号（tracking_no），不重复受理"},
                "429": {"description": "提交过于频繁"},
            },
        }
    },
    "/applications/{tracking_no}": {
        "get": {
            "summary": "按受理编号和查询码查询办理进度",
            "parameters": [
                {"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": CODE_HEADER, "in": "header", "required": True, "schema": {"type": "string"},
                 "description": "查询码（不得放在网址中：?code= 返回400）"},
            ],
            "responses": {
                "200": {"description": "办理进度", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "status": {"type": "string"}, "received_on": {"type": "string", "format": "date"},
                        "due_on": {"type": ["string", "null"], "format": "date"},
                        "due_provisional": {"type": "boolean"}, "due": _DEADLINE, "waiting": _DEADLINE,
                        "timeline": {"type": "array", "items": {"type": "object", "properties": {
                            "on": {"type": "string", "format": "date"}, "event": {"type": "string"}}}}}}}}},
                "400": {"description": "缺少查询码，或查询码放在了网址中"},
                "404": {"description": "受理编号或查询码不符"},
            },
        },
        "post": {
            "summary": "按受理编号和查询码查询办理进度（查询码放在 JSON 请求体中）",
            "parameters": [{"name": "tracking_no", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"code": {"type": "string", "description": "查询码"}},
                "required": ["code"]}}}},
            "responses": {"200": {"description": "办理进度，同 GET"}, "404": {"description": "受理编号或查询码不符"}},
        },
    },
}
