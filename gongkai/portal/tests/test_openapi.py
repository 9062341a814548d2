"""/api/v1/openapi.json is the API (issue 14): real answers of every endpoint — every status each can give —
are checked against the document. Every returned key is documented with its type (the document's objects
are closed: additionalProperties false), every returned status is documented, every documented status is
seen, and every /api/v1 route is in the document."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import get_resolver
from jsonschema import Draft202012Validator

from gongkai.applications import services
from gongkai.applications.models import ApplicantKind, Delivery, IdType, InfoForm, Status
from gongkai.applications.outcomes import Outcome
from gongkai.applications.tests.factories import applicant_data, correction_sent, registered_case
from gongkai.letters import services as letters
from gongkai.organs.models import Organ
from gongkai.portal.services import portal_set

API = "/api/v1"


class Walk:
    """Calls the API and keeps (path template, method, response) for each answer."""

    def __init__(self):
        self.seen: list[tuple[str, str, object]] = []

    def call(self, template: str, method: str, path: str, *, client: Client | None = None, body=None,
             content_type="application/json", **headers):
        client = client or Client()
        kwargs = {"content_type": content_type} if body is not None else {}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str | bytes) else json.dumps(body)
        response = getattr(client, method.lower())(API + path, **kwargs, **headers)
        self.seen.append((template, method.lower(), response))
        return response


@pytest.fixture
def document(db):
    return Client().get(f"{API}/openapi.json").json()


def _walk_every_endpoint(world, settings) -> Walk:
    portal_set(actor=None, organ=world.district, is_default=True)
    walk = Walk()
    new, case = "/applications", "/applications/{tracking_no}"

    # POST /applications: 201, 409, 400 (a field, not JSON, not an object, a control character), 413, 415, 405
    created = walk.call(new, "POST", "/applications", body=applicant_data(world.district))
    assert created.status_code == 201
    assert walk.call(new, "POST", "/applications", body=applicant_data(world.district)).status_code == 409
    bad = walk.call(new, "POST", "/applications", body=applicant_data(world.district, applicant_kind="alien"))
    assert bad.status_code == 400 and bad.json()["errors"]["applicant_kind"]
    assert walk.call(new, "POST", "/applications", body="not json").status_code == 400
    assert walk.call(new, "POST", "/applications", body=[1]).status_code == 400
    assert walk.call(new, "POST", "/applications", body={"description": "a\x00b"}).status_code == 400
    assert walk.call(new, "POST", "/applications", body={"description": "x" * 70000}).status_code == 413
    assert walk.call(new, "POST", "/applications", body="a=b", content_type="text/plain").status_code == 415
    assert walk.call(new, "GET", "/applications").status_code == 405

    # GET and POST /applications/{tracking_no}: 200 (new, waiting on a 补正, closed), 400, 404, 429, 405
    number, code = created.json()["tracking_no"], created.json()["query_code"]
    got = walk.call(case, "GET", f"/applications/{number}", HTTP_X_QUERY_CODE=code)
    assert got.status_code == 200 and got.json()["timeline"]
    waiting, waiting_code = registered_case(world.district_clerk, world.district, received_on=dt.date(2026, 11, 2),
                                            applicant_name="李四")
    letter = correction_sent(world, waiting, on=dt.date(2026, 11, 3))
    letters.letter_serve(actor=world.district_clerk, letter=letter, method="in_person", served_on=dt.date(2026, 11, 4),
                         today=dt.date(2026, 11, 4))
    answer = walk.call(case, "GET", f"/applications/{waiting.tracking_no}", HTTP_X_QUERY_CODE=waiting_code)
    assert answer.json()["waiting"]["date"] and answer.json()["status"] == Status.AWAITING_CORRECTION
    services.correction_lapse(actor=world.district_clerk, application=waiting, today=dt.date(2026, 12, 31))
    closed = walk.call(case, "POST", f"/applications/{waiting.tracking_no}", body={"code": waiting_code})
    assert closed.json()["outcome"] == Outcome.OTHER_NO_CORRECTION and closed.json()["closed_on"]
    assert walk.call(case, "GET", f"/applications/{number}").status_code == 400
    assert walk.call(case, "GET", f"/applications/{number}?code={code}").status_code == 400
    assert walk.call(case, "POST", f"/applications/{number}", body={"kode": code}).status_code == 400
    # (the limit is set before the first wrong code: django-ratelimit counts per rate, so a new rate counts anew)
    settings.GONGKAI_TRACK_LIMITS = {"wrong_per_case": 2}
    assert walk.call(case, "POST", f"/applications/{number}", body={"code": "WRONG"}).status_code == 404
    assert walk.call(case, "GET", f"/applications/{number}", HTTP_X_QUERY_CODE="WRONG").status_code == 404
    held = walk.call(case, "GET", f"/applications/{number}", HTTP_X_QUERY_CODE=code)
    assert held.status_code == 429 and int(held["Retry-After"]) > 0
    assert walk.call(case, "POST", f"/applications/{number}", body={"code": code}).status_code == 429
    assert walk.call(case, "PUT", f"/applications/{number}", body={}).status_code == 405

    # The per-address limit on submissions: 429.
    # (django-ratelimit counts per rate: under the new rate the address has one place left, then none)
    settings.GONGKAI_APPLY_LIMITS = {"ip_per_hour": 1}
    other = {"applicant_name": "王五", "description": "2026年岭东区供暖补贴发放文件"}
    assert walk.call(new, "POST", "/applications", body=applicant_data(world.district, **other)).status_code == 201
    limited = walk.call(new, "POST", "/applications", body=applicant_data(world.district, applicant_name="赵六",
                                                                          description="2026年岭东区道路维修计划"))
    assert limited.status_code == 429

    # GET /organs: 200, 405
    Organ.objects.filter(pk=world.jyj.pk).update(is_active=False)
    organs = walk.call("/organs", "GET", "/organs")
    assert organs.status_code == 200
    codes = [o["code"] for o in organs.json()["organs"]]
    assert world.district.code in codes and world.jyj.code not in codes  # only active organs
    assert walk.call("/organs", "POST", "/organs", body={}).status_code == 405
    return walk


def test_every_answer_of_every_endpoint_is_in_the_document(world, settings, frozen_today, document):
    walk = _walk_every_endpoint(world, settings)
    exercised: dict[tuple[str, str], set[str]] = {}
    for template, method, response in walk.seen:
        status = str(response.status_code)
        operations = document["paths"][template]
        # A 405 answers a method the path does not have: it is documented on each of the path's operations.
        for name in ([method] if method in operations else list(operations)):
            answers = operations[name]["responses"]
            assert status in answers, f"{method.upper()} {template} answered {status}, undocumented"
            exercised.setdefault((template, name), set()).add(status)
            schema = answers[status]["content"]["application/json"]["schema"]
            assert response["Content-Type"] == "application/json"
            errors = list(Draft202012Validator(schema).iter_errors(response.json()))
            assert not errors, f"{method.upper()} {template} {status}: {[e.message for e in errors]}"
            for header in answers[status].get("headers", {}):
                assert response.has_header(header), (template, status, header)
    documented = {(template, name): set(op["responses"]) for template, ops in document["paths"].items()
                  for name, op in ops.items()}
    assert exercised == documented  # every documented status is one the API really gives


def test_every_api_route_is_documented_without_a_trailing_slash(document):
    def patterns(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                yield from patterns(entry, prefix + str(entry.pattern))
            else:
                yield prefix + str(entry.pattern)

    routes = {p for p in patterns(get_resolver()) if p.startswith("api/")}
    served = {"/" + r.removeprefix("api/v1/").replace("<str:tracking_no>", "{tracking_no}") for r in routes
              if r not in ("api/v1/", "api/v1/openapi.json")}
    assert served == set(document["paths"]) == {"/applications", "/applications/{tracking_no}", "/organs"}
    assert Client().get(f"{API}/organs/").status_code == 404


def test_the_documents_choices_are_the_models_choices(document):
    request = document["paths"]["/applications"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    props = request["properties"]
    assert props["applicant_kind"]["enum"] == list(ApplicantKind.values)
    assert props["id_type"]["enum"] == list(IdType.values)
    assert props["info_form"]["enum"] == list(InfoForm.values)
    assert props["delivery"]["enum"] == list(Delivery.values)
    progress = document["paths"]["/applications/{tracking_no}"]["get"]["responses"]["200"]["content"]
    schema = progress["application/json"]["schema"]["properties"]
    assert schema["status"]["enum"] == list(Status.values)
    assert schema["outcome"]["enum"] == [*Outcome.values, None]
    organ = document["paths"]["/organs"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert organ["properties"]["organs"]["items"]["properties"]["kind"]["enum"] == list(Organ.Kind.values)


def test_an_answer_that_strays_from_its_schema_is_a_programming_error():
    from gongkai.core import openapi as oa

    schema = oa.obj({"a": oa.string(), "b": oa.nullable(oa.integer())}, required=["a"])
    assert oa.serialise(schema, {"b": 1, "a": "x"}) == {"a": "x", "b": 1}
    with pytest.raises(KeyError, match="undocumented"):
        oa.serialise(schema, {"a": "x", "c": 2})
    with pytest.raises(KeyError, match="missing"):
        oa.serialise(schema, {"b": 1})
