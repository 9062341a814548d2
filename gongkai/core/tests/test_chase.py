import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core import chase
from gongkai.core.chase import ChaseItem, register_chaser


@pytest.fixture
def fake_chaser(monkeypatch):
    monkeypatch.setattr(chase, "_CHASERS", {})
    calls = []

    @register_chaser("demo")
    def _demo(*, today, dry_run):
        calls.append((today, dry_run))
        return [ChaseItem("demo.overdue", "岭东区教育局", "YS-1", "已逾期2个工作日", ("jyj_clerk",))]

    return calls


@pytest.mark.django_db
def test_chase_overdue_prints_what_it_found_and_passes_dry_run(fake_chaser, frozen_today):
    out = io.StringIO()
    call_command("chase_overdue", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "岭东区教育局 · YS-1：已逾期2个工作日 → jyj_clerk" in text
    assert "共 1 项（试运行" in text
    assert fake_chaser == [(dt.date(2026, 11, 25), True)]


@pytest.mark.django_db
def test_chase_overdue_unknown_category_is_a_chinese_usage_error(fake_chaser):
    with pytest.raises(CommandError, match="没有名为"):
        call_command("chase_overdue", "--only", "nothing")


@pytest.mark.django_db
def test_chase_task_runs_eagerly_without_a_broker(fake_chaser):
    from gongkai.core.tasks import chase_overdue

    assert chase_overdue.delay().get() == 1
    assert fake_chaser[0][1] is False
