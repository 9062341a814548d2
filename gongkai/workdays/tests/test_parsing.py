"""Reading the administrator's text: the structured lines and the 国务院办公厅 notice's prose."""

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.workdays import calendar, parsing
from gongkai.workdays.parsing import NoticeError, check_year, parse_notice

D = dt.date
DATA = Path(__file__).parent / "data"


def test_structured_lines():
    text = """
    # 2099 (invented)
    2099-01-01~2099-01-03 元旦
    2099-03-02 至 2099-03-06 测试节
    2099-05-01 劳动节
    上班 2099-01-10 元旦调休
    上班 2099-03-07
    """
    parsed = parse_notice(text, 2099)
    assert parsed.holiday_tuples() == [
        (D(2099, 1, 1), D(2099, 1, 3), "元旦"),
        (D(2099, 3, 2), D(2099, 3, 6), "测试节"),
        (D(2099, 5, 1), D(2099, 5, 1), "劳动节"),
    ]
    assert parsed.workday_tuples() == [(D(2099, 1, 10), "元旦调休"), (D(2099, 3, 7), "")]
    assert check_year(2099, parsed.holidays, parsed.workdays) == []


def test_full_width_input_is_accepted():
    parsed = parse_notice("２０９９－０１－０１～２０９９－０１－０３　元旦\n上班　２０９９－０１－１０", 2099)
    assert parsed.holiday_tuples() == [(D(2099, 1, 1), D(2099, 1, 3), "元旦")]
    assert parsed.workday_tuples() == [(D(2099, 1, 10), "")]


def test_errors_name_the_line_and_are_all_reported():
    text = "2099-01-01~2099-01-03 元旦\n2099-02-30 错日\n2099-03-01\n2099年4月1日 放假 清明\n上班 明天"
    with pytest.raises(NoticeError) as caught:
        parse_notice(text, 2099)
    errors = caught.value.errors
    assert any(e.startswith("第2行") and "不存在" in e for e in errors)
    assert any(e.startswith("第3行") and "缺少节日名称" in e for e in errors)
    assert any(e.startswith("第4行") and "无法识别" in e for e in errors)
    assert len(errors) == 3  # "上班 明天" has no date: ignored, like the notice's boilerplate


def test_empty_text_is_an_error():
    with pytest.raises(NoticeError, match="没有读出"):
        parse_notice("国务院办公厅\n", 2099)


def _rules(parsed):
    rules = [calendar.DayRule(d, calendar.HOLIDAY, h.name) for h in parsed.holidays for d in h.days()]
    return rules + [calendar.DayRule(w.date, calendar.WORKDAY, w.name) for w in parsed.workdays]


@pytest.mark.parametrize("year", [2025, 2026])
def test_notice_prose_reproduces_chinesecalendar(year):
    parsed = parse_notice((DATA / f"notice_{year}.txt").read_text(encoding="utf-8"), year)
    assert check_year(year, parsed.holidays, parsed.workdays) == []
    entered = calendar.compose_year(year, entered_complete=True, national=_rules(parsed))
    day = D(year, 1, 1)
    while day.year == year:
        assert entered.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_2025_notice_as_summarised():
    parsed = parse_notice((DATA / "notice_2025.txt").read_text(encoding="utf-8"), 2025)
    spans = {h.name: (h.start, h.end) for h in parsed.holidays}
    assert spans["元旦"] == (D(2025, 1, 1), D(2025, 1, 1))
    assert spans["春节"] == (D(2025, 1, 28), D(2025, 2, 4))
    assert spans["端午节"] == (D(2025, 5, 31), D(2025, 6, 2))
    assert spans["国庆节、中秋节"] == (D(2025, 10, 1), D(2025, 10, 8))
    assert [w.date for w in parsed.workdays] == [
        D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)
    ]
    assert parsing.notice_source(parsed) == (
        "国办发明电〔2024〕12号 《国务院办公厅关于2025年部分节假日安排的通知》", D(2024, 11, 12)
    )


def test_2026_notice_as_summarised():
    parsed = parse_notice((DATA / "notice_2026.txt").read_text(encoding="utf-8"), 2026)
    spans = {h.name: (h.start, h.end) for h in parsed.holidays}
    assert spans == {
        "元旦": (D(2026, 1, 1), D(2026, 1, 3)),
        "春节": (D(2026, 2, 15), D(2026, 2, 23)),
        "清明节": (D(2026, 4, 4), D(2026, 4, 6)),
        "劳动节": (D(2026, 5, 1), D(2026, 5, 5)),
        "端午节": (D(2026, 6, 19), D(2026, 6, 21)),
        "中秋节": (D(2026, 9, 25), D(2026, 9, 27)),
        "国庆节": (D(2026, 10, 1), D(2026, 10, 7)),
    }
    assert sorted(w.date for w in parsed.workdays) == [
        D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)
    ]
    assert parsing.notice_source(parsed) == ("《国务院办公厅关于2026年部分节假日安排的通知》", D(2025, 11, 4))


def test_prose_span_across_new_year_and_explicit_years():
    # The 2019 notice's form: 元旦 from December of the year before.
    text = "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。"
    parsed = parse_notice(text, 2019)
    assert parsed.holiday_tuples() == [(D(2018, 12, 30), D(2019, 1, 1), "元旦")]
    assert parsed.workday_tuples() == [(D(2018, 12, 29), "元旦")]
    assert check_year(2019, parsed.holidays, parsed.workdays) == []
    rolled = parse_notice("元旦：12月30日至1月1日放假，共3天。", 2018)
    assert rolled.holiday_tuples() == [(D(2018, 12, 30), D(2019, 1, 1), "元旦")]


def test_prose_day_count_is_checked():
    with pytest.raises(NoticeError, match="第1行.*共4天"):
        parse_notice("一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。", 2026)


def test_check_year_rules():
    errors = check_year(
        2099,
        [(D(2099, 1, 1), D(2099, 1, 3), "元旦"), (D(2099, 1, 3), D(2099, 1, 4), "重叠"),
         (D(2100, 1, 1), D(2100, 1, 1), "明年"), (D(2099, 2, 5), D(2099, 2, 1), "倒序")],
        [(D(2099, 1, 2), "既放假又上班"), (D(2099, 1, 7), "周三上班"), (D(2099, 1, 10), ""),
         (D(2099, 1, 10), "重复")],
    )
    text = "\n".join(errors)
    assert "2099-01-03同时出现在“元旦”和“重叠”中" in text
    assert "2100-01-01不在2099年内" in text
    assert "结束日期2099-02-01早于开始日期2099-02-05" in text
    assert "2099-01-02既是“元旦”的放假日，又是上班日" in text
    assert "2099-01-07（星期三）不是周末" in text
    assert "上班日2099-01-10重复" in text
    assert check_year(2099, [], []) == ["没有录入2099年的任何放假日。"]
    assert check_year(2099, [], [], national=False) == []


def test_prose_weekdays_catch_a_wrong_year():
    # The 2026 notice pasted as 2027: 1月4日 is a Monday in 2027, the notice says 周日.
    text = (DATA / "notice_2026.txt").read_text(encoding="utf-8")
    with pytest.raises(NoticeError) as caught:
        parse_notice(text, 2027)
    assert "第5行：2027年1月1日是星期五，与通知所写“周四”不符，请检查年度。" in caught.value.errors
