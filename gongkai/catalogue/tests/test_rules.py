"""Pure rules: 索引号 schemes, column freshness, attachment sniffing, import row checks."""

import datetime as dt

import pytest

from gongkai.catalogue import indexno
from gongkai.catalogue.freshness import freshness, is_published_late
from gongkai.catalogue.importing import parse
from gongkai.core.importing import parse_date
from gongkai.organs.codes import make_uscc

USCC = make_uscc("230502", "D0000002")  # org code inside: D00000027 … (check char computed)
ORG9 = USCC[8:17]


def test_default_index_no_is_org_code_slash_year_serial():
    assert indexno.format_index_no(indexno.DEFAULT_SCHEME, USCC, year=2026, month=3, serial=7) == f"{ORG9}/2026-00007"


@pytest.mark.parametrize("scheme, expected", [
    (indexno.IndexScheme(code_kind="uscc18", period="month"), f"{USCC}/202603-00012"),
    (indexno.IndexScheme(hyphenate_org_code=True), f"{ORG9[:8]}-{ORG9[8]}/2026-00012"),
    (indexno.IndexScheme(separator="-", serial_width=6), f"{ORG9}-2026-000012"),
])
def test_configurable_schemes(scheme, expected):
    assert indexno.format_index_no(scheme, USCC, year=2026, month=3, serial=12) == expected
    assert indexno.parse_serial(scheme, USCC, expected)[1] == 12


def test_serial_overflow_and_bad_schemes_are_refused():
    with pytest.raises(ValueError):
        indexno.format_index_no(indexno.DEFAULT_SCHEME, USCC, year=2026, month=1, serial=100000)
    with pytest.raises(ValueError):
        indexno.IndexScheme(separator="_")
    with pytest.raises(ValueError, match="统一社会信用代码"):
        indexno.prefix(indexno.IndexScheme(code_kind="uscc18"), ORG9)


def test_freshness_windows():
    today = dt.date(2026, 11, 25)
    assert freshness(today - dt.timedelta(days=14), 14, today).is_stale is False
    news = freshness(today - dt.timedelta(days=15), 14, today)
    assert news.is_stale and news.overdue_days == 1
    assert freshness(None, 183, today).is_empty and not freshness(None, 183, today).is_stale
    assert freshness(today - dt.timedelta(days=400), None, today).is_stale is False  # no cycle (指南)


def test_twenty_working_days_rule():
    assert not is_published_late(20) and is_published_late(21)


def test_sniffing_refuses_renamed_and_unknown_files():
    from gongkai.catalogue.attachments import check_upload
    from gongkai.catalogue.tests.factories import make_png
    from gongkai.core.exceptions import ApplicationError

    assert check_upload("图解.png", make_png()).kind == "png"
    with pytest.raises(ApplicationError, match="扩展名与内容不符"):
        check_upload("图解.pdf", make_png())
    with pytest.raises(ApplicationError, match="不支持的附件类型"):
        check_upload("脚本.pdf", b"<script>alert(1)</script>")
    with pytest.raises(ApplicationError, match="空文件"):
        check_upload("a.pdf", b"")


def test_size_limit(settings):
    from gongkai.catalogue.attachments import check_upload
    from gongkai.core.exceptions import ApplicationError

    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ApplicationError, match="不能超过 1 MB"):
        check_upload("big.pdf", b"%PDF-" + b"0" * (1024 * 1024))


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05", dt.date(2024, 3, 5)), ("2024/3/5", dt.date(2024, 3, 5)), ("2024年3月5日", dt.date(2024, 3, 5)),
    ("20240305", dt.date(2024, 3, 5)), ("", None),
])
def test_dates_in_common_forms(text, expected):
    assert parse_date(text) == expected


def test_parse_reports_every_bad_row_with_line_field_and_chinese_message():
    columns = {"zcwj": object(), "行政法规、规章和规范性文件": object()}
    table = [
        ["名称", "栏目", "成文日期", "发布日期", "有效性", "废止日期"],
        ["好的一行", "zcwj", "2024-03-01", "2024-03-05", "有效", ""],
        ["", "zcwj", "2024-03-01", "2024-03-05", "有效", ""],
        ["日期不对", "zcwj", "三月一日", "2024-03-05", "有效", ""],
        ["发布早于成文", "zcwj", "2024-03-06", "2024-03-05", "作废", ""],
        ["无此栏目", "xyz", "2024-03-01", "2024-03-05", "废止", ""],
    ]
    parsed = parse(table, columns=columns, today=dt.date(2026, 11, 25))
    assert [line for line, _ in parsed.rows] == [2]
    messages = [str(e) for e in parsed.errors]
    assert "第 3 行【名称】不能为空。" in messages
    assert any(m.startswith("第 4 行【成文日期】日期“三月一日”无法识别") for m in messages)
    assert "第 5 行【发布日期】发布日期不能早于成文日期。" in messages
    assert any(m.startswith("第 5 行【有效性】有效性“作废”无效") for m in messages)
    assert "第 6 行【栏目】没有名为“xyz”的栏目。" in messages
    assert "第 6 行【废止日期】失效或废止的文件须填写废止日期。" in messages
