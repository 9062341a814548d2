"""Scoring and ranking (pure), and the small pure rules of indicators.py."""

import datetime as dt

import pytest

from gongkai.supervision.indicators import OrganFacts, Period, handling_stats, rate, report_is_late
from gongkai.supervision.scoring import DEFAULT_SCHEME, deduction, ranked, scheme, score

RULES = scheme({})


def facts(name="甲", **kw) -> OrganFacts:
    base = {"report_published": True}
    base.update(kw)
    return OrganFacts(1, "c", name, "department", **base)


def test_clean_organ_scores_100():
    s = score(facts(), RULES)
    assert (s.score, s.passed, s.vetoes, s.deductions) == (100.0, True, [], {})


@pytest.mark.parametrize("key,value", [("stale_short", 5), ("long_stale", 10), ("empty", 5)])
def test_single_veto_fails_whatever_the_rest(key, value):
    s = score(facts(**{key: value}), RULES)
    assert not s.passed and s.score == 0 and len(s.vetoes) == 1 and "单项否决" in s.vetoes[0]


@pytest.mark.parametrize("key,value", [("stale_short", 4), ("long_stale", 9), ("empty", 4)])
def test_just_below_the_veto(key, value):
    assert score(facts(**{key: value}), RULES).vetoes == []


def test_deductions_hand_counted():
    # on time 8 of 10 → 20 points short × 0.5 = 10; 3 late items × 0.5 = 1.5; report late 10;
    # 1 corrected of 2 decided → 50 points × 0.2 = 10 (max 10); 6 overdue × 2 = 12 → max 10.
    s = score(facts(timed=10, on_time=8, closed=10, late_items=3, report_late=True, remedies_decided=2,
                    remedies_corrected=1, overdue_open=6), RULES)
    assert s.deductions == {"on_time_rate": 10.0, "late_items": 1.5, "report_late": 10.0,
                            "remedies_corrected_rate": 10.0, "overdue_open": 10.0}
    assert s.score == 58.5 and not s.passed  # below 60


def test_unpublished_report_and_undefined_rates():
    s = score(facts(report_published=False), RULES)
    assert s.deductions == {"report_published": 20.0}  # no cases: the on-time rate deducts nothing


def test_settings_override(settings):
    settings.GONGKAI_SCORING = {"pass_mark": 90, "veto": {"empty": None},
                                "deductions": {"late_items": {"per": 5, "max": 50}}}
    rules = scheme()
    assert rules["pass_mark"] == 90 and DEFAULT_SCHEME["pass_mark"] == 60
    s = score(facts(empty=7, late_items=3), rules)
    assert s.vetoes == [] and s.deductions["late_items"] == 15 and s.deductions["empty"] == 8
    assert s.score == 77 and not s.passed
    with pytest.raises(ValueError, match="未知的指标"):
        scheme({"deductions": {"nonsense": {"per": 1}}})


def test_ranking_ties_and_vetoes_last():
    rows = ranked([facts("乙", late_items=2), facts("甲", empty=5), facts("丙"), facts("丁", late_items=2)], RULES)
    assert [(s.facts.name, s.rank, s.score) for s in rows] == [
        ("丙", 1, 100.0), ("丁", 2, 99.0), ("乙", 2, 99.0), ("甲", 4, 0.0)]


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
