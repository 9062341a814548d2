"""One definition for each JSON answer of the public API: the schema dict in the OpenAPI document is also the
list of keys the view serialises (`serialise`), so the document cannot drift from what is returned.

Response objects are closed (`additionalProperties: false`): a key returned but not documented is a failing
test (gongkai/portal/tests/test_openapi.py walks real answers of every endpoint against the document). Pure:
no app is imported here; each API module builds its schemas with these helpers and lists them in its
OPENAPI_PATHS, which the portal merges into /api/v1/openapi.json.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import JsonResponse

Schema = dict[str, Any]


def nullable(schema: Schema) -> Schema:
    """The same schema, or null (an enum lists null too, or JSON Schema refuses it)."""
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    widened = {**schema, "type": [*kinds, "null"]}
    if "enum" in schema:
        widened["enum"] = [*schema["enum"], None]
    return widened


def string(description: str = "", **extra) -> Schema:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def date(description: str = "") -> Schema:
    return string(description, format="date")


def boolean(description: str = "") -> Schema:
    return {"type": "boolean", **({"description": description} if description else {})}


def integer(description: str = "") -> Schema:
    return {"type": "integer", **({"description": description} if description else {})}


def enum_of(choices, description: str = "") -> Schema:
    """A string from a Django `TextChoices`: the values from the code, the labels in the description."""
    labels = "；".join(f"{value}：{label}" for value, label in choices.choices)
    return string(f"{description}（{labels}）" if description else labels, enum=list(choices.values))


def obj(properties: dict[str, Schema], *, required: Iterable[str] | None = None, description: str = "") -> Schema:
    """A closed object: only these keys; all of them required unless `required` names fewer."""
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False,
                      "required": list(properties if required is None else required)}
    if description:
        schema["description"] = description
    return schema


def array(items: Schema, description: str = "") -> Schema:
    return {"type": "array", "items": items, **({"description": description} if description else {})}


ERROR = obj({"error": string("中文说明"),
             "errors": {"type": "object", "additionalProperties": {"type": "string"},
                        "description": "逐字段的中文说明（字段名 → 说明）"}},
            required=["error"], description="错误")


def serialise(schema: Schema, values: dict[str, Any]) -> dict[str, Any]:
    """The answer for `schema`, keyed in the document's order. A key the document lacks, or one it names but
    `values` lacks, is a programming error, raised here rather than answered."""
    names = list(schema["properties"])
    extra, missing = set(values) - set(names), set(schema.get("required", ())) - set(values)
    if extra or missing:
        raise KeyError(f"answer does not match its schema: undocumented {sorted(extra)}, missing {sorted(missing)}")
    return {name: values[name] for name in names if name in values}


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error(message: str, status: int, errors: dict[str, str] | None = None) -> JsonResponse:
    return json_response(serialise(ERROR, {"error": message, **({"errors": errors} if errors is not None else {})}),
                         status)


def content(schema: Schema, description: str) -> Schema:
    """An OpenAPI response object with a JSON body."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def failure(description: str) -> Schema:
    return content(ERROR, description)


METHOD_NOT_ALLOWED = failure("请求方法不被支持（响应头 Allow 列出可用的方法）")


def methods(*allowed: str) -> Callable:
    """Like django.views.decorators.http.require_http_methods, but the 405 is a Chinese JSON error (listed in
    the document as METHOD_NOT_ALLOWED)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in allowed:
                response = error(f"不支持 {request.method} 请求，请使用 {'、'.join(allowed)}。", 405)
                response["Allow"] = ", ".join(allowed)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
