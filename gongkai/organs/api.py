"""GET /api/v1/organs: the organs an API client can send an application to — each organ's code (the `organ`
of POST /api/v1/applications), name, short name, kind and parent. Only active organs. One definition
(gongkai.core.openapi): ORGAN is both what the view serialises and what /api/v1/openapi.json documents."""

from gongkai.core import openapi as oa

from .models import Organ
from .selectors import active_organs

ORGAN = oa.obj({
    "code": oa.string("机关代码（统一社会信用代码或组织机构代码）：提交申请时的 organ"),
    "name": oa.string("机关名称"),
    "short_name": oa.string("简称（可为空）"),
    "kind": oa.enum_of(Organ.Kind, "机关类型"),
    "kind_label": oa.string("机关类型（中文）"),
    "parent": oa.nullable(oa.string("上级机关的机关代码")),
    "region_code": oa.string("行政区划代码（GB/T 2260）"),
})
ORGANS = oa.obj({"organs": oa.array(ORGAN, "启用的机关，上级在前")})


@oa.methods("GET")
def organs(request):
    rows = [oa.serialise(ORGAN, {
        "code": organ.code, "name": organ.name, "short_name": organ.short_name, "kind": organ.kind,
        "kind_label": organ.get_kind_display(), "region_code": organ.region_code,
        "parent": organ.parent.code if organ.parent is not None and organ.parent.is_active else None,
    }) for organ in active_organs()]
    return oa.json_response(oa.serialise(ORGANS, {"organs": rows}))


# Merged into /api/v1/openapi.json by the portal.
OPENAPI_PATHS = {
    "/organs": {
        "get": {
            "summary": "可受理申请的机关：机关代码、名称、类型（提交申请时以机关代码指明受理机关）",
            "responses": {"200": oa.content(ORGANS, "启用的机关"), "405": oa.METHOD_NOT_ALLOWED},
        },
    },
}
