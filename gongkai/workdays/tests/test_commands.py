"""`manage.py enter_holidays`: the same parser and service, run as the system."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.models import EventLog, EventType
from gongkai.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
D = dt.date
DATA = Path(__file__).parent / "data"


def run(*args):
    out = StringIO()
    call_command("enter_holidays", *args, stdout=out)
    return out.getvalue()


def test_enters_a_structured_file(tmp_path):
    notice = tmp_path / "2099.txt"
    notice.write_text("2099-01-01~2099-01-03 元旦\n2099-01-20~2099-01-26 春节\n2099-04-04 清明节\n2099-05-01~2099-05-05 劳动节\n2099-06-23 端午节\n2099-09-29 中秋节\n2099-10-01~2099-10-07 国庆节\n上班 2099-01-10 元旦调休\n", encoding="utf-8")
    out = run("--year", "2099", "--file", str(notice), "--source", "测试通知（虚构）", "--published-on", "2098-11-01")
    assert "放假 2099-01-01 至 2099-01-03 元旦（3天）" in out and "上班 2099-01-10（星期六）元旦调休" in out
    assert "已录入2099年放假安排" in out
    record = CalendarYear.objects.get(year=2099)
    assert record.entered_by is None and record.complete
    assert CalendarDay.objects.filter(year=record).count() == 26  # 25 days off in seven festivals, one 调休
    assert EventLog.objects.get(event_type=EventType.CALENDAR_YEAR_ENTERED).actor_name == "系统"


def test_enters_the_pasted_notice_with_its_own_source_and_date():
    out = run("--year", "2026", "--file", str(DATA / "notice_2026.txt"))
    record = CalendarYear.objects.get(year=2026)
    assert record.source_document == "《国务院办公厅关于2026年部分节假日安排的通知》"
    assert record.published_on == D(2025, 11, 4)
    assert "放假 2026-02-15 至 2026-02-23 春节（9天）" in out


def test_regional_entry(tmp_path):
    notice = tmp_path / "local.txt"
    notice.write_text("2099-07-11 那达慕（测试）\n", encoding="utf-8")
    run("--year", "2099", "--file", str(notice), "--source", "地方规定（虚构）", "--published-on", "2099-01-05",
        "--region", "150100")
    assert CalendarYear.objects.get().region_code == "1501"
    assert CalendarDay.objects.get().region_code == "1501"


def test_dry_run_writes_nothing():
    out = run("--year", "2025", "--file", str(DATA / "notice_2025.txt"), "--dry-run")
    assert "试运行" in out and "国庆节、中秋节" in out
    assert not CalendarYear.objects.exists() and not EventLog.objects.exists()


@pytest.mark.parametrize(
    "text, args, message",
    [
        ("2099-01-01~2099-01-03 元旦\n上班 2099-01-07\n", [], "不是周末"),
        ("2099-01-01~2099-01-03 元旦\n2099年2月1日 春节\n", [], "第2行：无法识别"),
        ("2099-01-01 元旦\n", ["--region", "12345"], "行政区划代码"),
        ("2099-01-01 元旦\n", ["--published-on", "明天"], "日期“明天”无效"),
    ],
)
def test_bad_input_exits_non_zero_with_a_chinese_message(tmp_path, text, args, message):
    notice = tmp_path / "bad.txt"
    notice.write_text(text, encoding="utf-8")
    base = ["--year", "2099", "--file", str(notice), "--source", "测试", "--published-on", "2098-11-01"]
    with pytest.raises(CommandError, match=message):
        run(*base, *args)
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


def test_missing_file_and_missing_source(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        run("--year", "2099", "--file", str(tmp_path / "none.txt"))
    notice = tmp_path / "n.txt"
    notice.write_text("2099-01-01 元旦\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--source"):
        run("--year", "2099", "--file", str(notice))


def test_exit_status_from_the_command_line(tmp_path):
    import subprocess
    import sys

    notice = tmp_path / "bad.txt"
    notice.write_text("上班 2099-01-07\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "enter_holidays", "--year", "2099", "--file", str(notice), "--source", "测试",
         "--published-on", "2098-11-01", "--dry-run"],
        cwd=Path(__file__).resolve().parents[3], capture_output=True, text=True, timeout=60,
    )
    assert done.returncode != 0
    assert "不是周末" in done.stderr
