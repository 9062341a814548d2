"""Scoring and ranking (pure): the default 考评办法, 不参评, 加分/扣分, the scheme as data, and the small
pure rules of indicators.py."""

import datetime as dt

import pytest

from gongkai.supervision.indicators import OrganFacts, Period, handling_stats, has_data, rate, report_is_late
from gongkai.supervision.scoring import (
    DEFAULT_SCHEME,
    SchemeError,
    deduction,
    in_use,
    rank,
    ranked,
    rule_text,
    scheme,
    scheme_lines,
    score,
    validate_scheme,
)

RULES = scheme({})


def facts(name="甲", organ_id=1, **kw) -> OrganFacts:
    base = {"report_published": True, "columns_total": 3}
    base.update(kw)
    return OrganFacts(organ_id, "c", name, "department", **base)


def test_clean_organ_scores_100():
    s = score(facts(), RULES)
    assert (s.score, s.passed, s.vetoes, s.deductions, s.verdict) == (100.0, True, [], {}, "合格")


@pytest.mark.parametrize("key,value", [("stale_short", 5), ("long_stale", 10), ("empty", 5)])
def test_single_veto_fails_whatever_the_rest(key, value):
    s = score(facts(**{key: value}), RULES)
    assert not s.passed and s.score == 0 and len(s.vetoes) == 1 and "单项否决" in s.vetoes[0]


@pytest.mark.parametrize("key,value", [("stale_short", 4), ("long_stale", 9), ("empty", 4)])
def test_just_below_the_veto(key, value):
    assert score(facts(**{key: value}), RULES).vetoes == []


def test_deductions_hand_counted():
    # 2 of 10 answered late: 2 × 1 = 2; 3 late items × 0.5 = 1.5; report late 10; 1 corrected case × 2 = 2;
    # 6 overdue × 2 = 12, 40 working days overdue in all × 0.1 = 4; 3 整改逾期 × 2 = 6. 100 − 37.5 = 62.5.
    s = score(facts(timed=10, on_time=8, closed=10, late_items=3, report_late=True, remedies_decided=2,
                    remedies_corrected=1, overdue_open=6, overdue_days=40, rectification_overdue=3), RULES)
    assert s.deductions == {"late_replies": 2.0, "late_items": 1.5, "report_late": 10.0, "remedies_corrected": 2.0,
                            "overdue_open": 12.0, "overdue_days": 4.0, "rectification_overdue": 6.0}
    assert s.score == 62.5 and s.passed and s.deducted == 37.5


def test_the_default_scheme_ranks_answered_late_above_still_unanswered():
    """The same overdue case: answering it late must never cost more than leaving it unanswered."""
    late = facts("逾期答复", 1, closed=1, timed=1, on_time=0)
    for days in (1, 5, 30):
        open_case = facts("仍未答复", 2, overdue_open=1, overdue_days=days)
        rows = ranked([open_case, late], RULES)
        assert [s.facts.name for s in rows] == ["逾期答复", "仍未答复"], days
        assert rows[0].score > rows[1].score
    # and growing with the days overdue
    assert score(facts(overdue_open=1, overdue_days=30), RULES).score < score(facts(overdue_open=1, overdue_days=1),
                                                                            RULES).score
    # many cases: caps keep the order (20 late: 15; 20 unanswered: 20 + days)
    assert score(facts(closed=20, timed=20), RULES).score > score(facts(overdue_open=20, overdue_days=20), RULES).score


def test_one_corrected_case_costs_its_per_case_points_not_the_whole_rate():
    one = score(facts(remedies_decided=1, remedies_corrected=1), RULES)
    assert one.deductions == {"remedies_corrected": 2.0} and one.score == 98.0
    assert score(facts(remedies_decided=9, remedies_corrected=9), RULES).deductions["remedies_corrected"] == 10.0


def test_an_organ_with_no_data_is_not_rated():
    empty = OrganFacts(9, "x", "新设机关", "department")
    assert not has_data(empty)
    s = score(empty, RULES)
    assert (s.participating, s.score, s.passed, s.verdict) == (False, None, False, "不参评")
    rows = ranked([empty, facts("甲", 1, late_items=2)], RULES)
    assert [(r.facts.name, r.rank) for r in rows] == [("甲", 1), ("新设机关", None)]
    assert has_data(OrganFacts(9, "x", "只有一件申请", "department", received=1))


def test_bonus_counts_only_above_the_mark_and_within_each_items_cap():
    bonus = [{"kind": "bonus", "item": "third_party", "points": 4, "reason": "第三方评估优秀"},
             {"kind": "bonus", "item": "third_party", "points": 3, "reason": "又一项"},
             {"kind": "bonus", "item": "gone", "points": 5, "reason": "已删除的加分项"}]
    s = score(facts(late_items=2), RULES, adjustments=bonus)
    assert s.bonus == 5.0 and s.score == 104.0  # 99 + min(4 + 3, 5); an unknown item counts nothing
    assert [a["counted"] for a in s.adjustments] == [4.0, 1.0, 0.0]
    low = score(facts(overdue_open=10), RULES, adjustments=bonus)  # 80 after deductions: not above 80
    assert low.bonus == 0 and low.score == 80.0
    vetoed = score(facts(empty=5), RULES, adjustments=bonus)
    assert vetoed.score == 0 and vetoed.bonus == 0


def test_manual_penalty_is_deducted_and_can_fail_an_organ():
    s = score(facts(), RULES, adjustments=[{"kind": "penalty", "points": 45, "reason": "伪造发稿日期"}])
    assert s.score == 55.0 and s.penalty == 45 and not s.passed and s.verdict == "不合格"


def test_settings_override_seeds_the_first_version(settings):
    settings.GONGKAI_SCORING = {"pass_mark": 90, "veto": {"empty": None},
                                "deductions": {"late_items": {"per": 5, "max": 50}}}
    rules = scheme()
    assert rules["pass_mark"] == 90 and DEFAULT_SCHEME["pass_mark"] == 60
    s = score(facts(empty=7, late_items=3), rules)
    assert s.vetoes == [] and s.deductions["late_items"] == 15 and s.deductions["empty"] == 8
    assert s.score == 77 and not s.passed
    with pytest.raises(ValueError, match="未知的指标"):
        scheme({"deductions": {"nonsense": {"per": 1}}})


def test_validate_scheme_lists_every_problem_in_chinese():
    bad = {"pass_mark": 130, "bonus_above": 80, "veto": {"on_time_rate": 3, "empty": 0},
           "deductions": {"late_items": {"per": "x"}, "unknown": {"per": 1}},
           "bonus": [{"key": "a", "label": "", "max": 3}, {"key": "b", "label": "好", "max": 99}]}
    with pytest.raises(SchemeError) as caught:
        validate_scheme(bad)
    text = "；".join(caught.value.messages)
    for expected in ("合格分数线应在0至100之间", "“按期答复率”不是计数指标", "“空白栏目”的单项否决数应在1至1000之间",
                     "“超期发布信息”的单位扣分应为数字", "未知的指标“unknown”", "须有名称", "上限应在0至30之间"):
        assert expected in text


def test_scheme_in_words_and_in_use():
    assert rule_text("late_replies", {"per": 1, "max": 15}) == "每件扣1分，最多扣15分"
    assert rule_text("on_time_rate", {"per": 0.5, "max": 20, "target": 1.0}) == "低于100%的，每个百分点扣0.5分，最多扣20分"
    assert rule_text("report_published", {"points": 20, "when": False}) == "为“否”时扣20分"
    assert rule_text("late_items", {"per": 1, "max": 5, "allow": 2}) == "超过2条后每条扣1分，最多扣5分"
    used = in_use(RULES)
    assert "on_time_rate" not in used and "late_replies" in used and "long_stale" in used  # veto only
    lines = {line["indicator"].key: line for line in scheme_lines(RULES)}
    assert lines["empty"]["veto"] == "达到5个单项否决" and lines["empty"]["deduction"] == "每个扣2分，最多扣8分"


def test_ranking_ties_and_vetoes_last():
    rows = ranked([facts("乙", 1, late_items=2), facts("甲", 2, empty=5), facts("丙", 3), facts("丁", 4, late_items=2)],
                  RULES)
    assert [(s.facts.name, s.rank, s.score) for s in rows] == [
        ("丙", 1, 100.0), ("丁", 2, 99.0), ("乙", 2, 99.0), ("甲", 4, 0.0)]
    assert [s.rank for s in rank(rows)] == [1, 2, 2, 4]  # ranking again keeps it


def test_deduction_kinds():
    assert deduction({"per": 1, "max": 3, "allow": 2}, "count", 10) == 3
    assert deduction({"per": 1, "max": 30, "target": 0.9}, "rate", 0.95) == 0
    assert deduction({"points": 4, "when": True}, "flag", False) == 0


def test_small_rules():
    assert rate(1, 0) is None and rate(1, 4) == 0.25
    spans = [(dt.date(2025, 3, 3), dt.date(2025, 3, 3), 2), (dt.date(2025, 3, 3), dt.date(2025, 3, 10), 1)]
    assert handling_stats(spans, lambda a, b: (b - a).days) == (7, 7, 2)
    due = dt.date(2025, 1, 31)
    assert report_is_late(dt.date(2025, 1, 31), due, today=dt.date(2026, 1, 1)) is False  # the last day is in time
    assert report_is_late(dt.date(2025, 2, 1), due, today=dt.date(2026, 1, 1)) is True
    assert report_is_late(None, due, today=dt.date(2025, 1, 31)) is False
    assert report_is_late(None, due, today=dt.date(2025, 2, 1)) is True
    assert Period.year(2025).as_of(dt.date(2026, 11, 25)) == dt.date(2025, 12, 31)
    assert Period.months(2024, 2, 2).end == dt.date(2024, 2, 29) and Period.year(2025).label == "2025年"


def test_quarters():
    q3 = Period.quarter(2026, 3)
    assert (q3.start, q3.end, q3.key, q3.label, q3.quarter_no) == (
        dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026Q3", "2026年第三季度", 3)
    assert q3.previous_year == Period.quarter(2025, 3) and Period.year(2026).previous_year == Period.year(2025)
    assert Period.of(2026, 0) == Period.year(2026) and Period.year(2026).key == "2026"
    assert Period.year(2026).report_year == 2025 and Period.months(2026, 2, 3).quarter_no == 0
    assert Period.quarter(2026, 4).as_of(dt.date(2026, 11, 25)) == dt.date(2026, 11, 25)
    with pytest.raises(ValueError):
        Period.quarter(2026, 5)


def test_the_retired_items_without_date_is_no_indicator_and_an_old_scheme_naming_it_still_reads():
    from gongkai.supervision.indicators import BY_KEY
    from gongkai.supervision.scoring import RETIRED_INDICATORS, without_retired

    # A published item always has its 发布日期 (catalogue constraint item_published_has_date_and_index_no),
    # so the count could never be non-zero: the indicator is gone, from the scheme too.
    assert "items_without_date" in RETIRED_INDICATORS
    assert "items_without_date" not in BY_KEY and "items_without_date" not in DEFAULT_SCHEME["deductions"]
    old = {**DEFAULT_SCHEME, "veto": {**DEFAULT_SCHEME["veto"], "items_without_date": 3},
           "deductions": {**DEFAULT_SCHEME["deductions"], "items_without_date": {"per": 1, "max": 5}}}
    cleaned = validate_scheme(old)  # a scheme copied from an older version is accepted without it
    assert cleaned == RULES
    read = without_retired(old)
    assert "items_without_date" not in read["veto"] and "items_without_date" not in read["deductions"]
    assert read["deductions"]["late_items"] == DEFAULT_SCHEME["deductions"]["late_items"]
    assert score(facts(late_items=2), read).score == score(facts(late_items=2), RULES).score == 99.0
    assert without_retired(RULES) is RULES  # nothing to drop: the stored dict as it is
