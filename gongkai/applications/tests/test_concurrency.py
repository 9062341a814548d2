"""Concurrency on PostgreSQL and on SQLite (BEGIN IMMEDIATE): distinct 受理编号 under load; two clerks on one
case cannot both win."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core.exceptions import ApplicationError
from gongkai.letters.models import Letter

from .factories import applicant_data, registered_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
]


def _in_thread(fn):
    def run(*args):
        try:
            return fn(*args)
        finally:
            connections.close_all()
    return run


def test_100_submissions_from_20_workers_get_100_distinct_numbers(world, frozen_today):
    organ = world.district

    @_in_thread
    def submit(i):
        app, _code = services.application_submit(data=applicant_data(organ, description=f"第{i}份文件的名称"))
        return app.tracking_no

    with ThreadPoolExecutor(max_workers=20) as pool:
        numbers = list(pool.map(submit, range(100)))
    assert len(set(numbers)) == 100 == Application.objects.count()
    assert sorted(numbers) == [f"YS2026{n:06d}" for n in range(1, 101)]  # gap-free


def test_two_clerks_deciding_at_once_one_wins(world, frozen_today):
    app, _ = registered_case(world.district_clerk, world.district, received_on=dt.date(2026, 11, 20))
    version = app.version
    barrier = threading.Barrier(2)

    @_in_thread
    def act(args):
        actor, code = args
        barrier.wait()
        try:
            services.outcome_decide(actor=actor, application=app, basis_code=code, reason="理由。", version=version)
            return "won"
        except ApplicationError as exc:
            return exc.code

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(act, [(world.district_clerk, "provided"), (world.district_reviewer, "not_held")]))
    assert sorted(results) == ["conflict", "won"]
    assert Letter.objects.filter(application=app).count() == 1
