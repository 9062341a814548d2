"""考评 periods: computed from what existed in them, 不参评, 定稿 and recomputation, the scheme as versioned
data, manual 加分/扣分 — on the hand-counted fixtures (fixtures.py), "today" 2026-11-25."""

import datetime as dt

import pytest

from gongkai.catalogue.services import column_update, columns_seed
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.organs.models import Organ
from gongkai.organs.services import organ_update
from gongkai.organs.tests.factories import OrganFactory
from gongkai.supervision import periods, services
from gongkai.supervision.indicators import Period
from gongkai.supervision.models import Adjustment, Evaluation, Result, SchemeVersion
from gongkai.supervision.scoring import scheme

from .fixtures import at, build, item

pytestmark = pytest.mark.django_db
Y2025, Y2026 = Period.year(2025), Period.year(2026)


@pytest.fixture
def counted(world, frozen_today):
    world.built = build(world)
    return world


def table(root, period):
    """{organ name: (rank, score, verdict, values)} of the outcome shown."""
    return {s.facts.name: (s.rank, s.score, s.verdict, s.values) for s in periods.outcome(root, period).scores}


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


# --- computed from what existed in the period ---------------------------------------------------------


def test_columns_created_later_do_not_change_a_past_period(counted):
    w = counted
    before = table(w.district, Y2025)
    columns_seed(actor=None, organ=w.fgj)  # the 21 default columns, created today, all empty
    columns_seed(actor=None, organ=w.jyj)
    assert table(w.district, Y2025) == before
    jyj_now = {s.facts.name: s for s in periods.outcome(w.district, Y2026).scores}[w.jyj.name]
    assert jyj_now.verdict == "不合格" and any("空白栏目" in v for v in jyj_now.vetoes)


def test_a_column_deactivated_since_still_counts_in_the_past(counted):
    w = counted
    before = periods.period_facts([w.fgj], Y2025, today=dt.date(2026, 11, 25))[0]
    column_update(actor=None, column=w.built["columns"]["news2"], is_active=False)  # stale in 2025
    after = periods.period_facts([w.fgj], Y2025, today=dt.date(2026, 11, 25))[0]
    assert (after.columns_total, after.stale_short) == (before.columns_total, before.stale_short) == (8, 3)
    now = periods.period_facts([w.fgj], Y2026, today=dt.date(2026, 11, 25))[0]
    assert now.columns_total == 7


def test_organs_by_their_creation_and_deactivation(counted, frozen_today):
    w = counted
    new = OrganFactory(name="岭东区数据局", parent=w.district, region_code=w.fgj.region_code)  # created today
    assert new.name not in table(w.district, Y2025)
    assert table(w.district, Y2026)[new.name][2] == "不参评"
    # an organ abolished this year (机构改革) keeps its 2025 result, records included
    before = table(w.district, Y2025)[w.jyj.name]
    organ_update(actor=None, organ=w.jyj, is_active=False)
    w.jyj.refresh_from_db()
    assert w.jyj.deactivated_at is not None
    assert table(w.district, Y2025)[w.jyj.name] == before
    # an organ created today holding records of 2025 (its imported history) is in 2025
    col_org = OrganFactory(name="岭东区档案馆", parent=w.district, region_code=w.fgj.region_code)
    from .fixtures import column

    item(column(col_org, "hist", 365, created=at(2026, 11, 1)), at(2025, 6, 1))
    assert table(w.district, Y2025)[col_org.name][2] in ("合格", "不合格")


def test_an_organ_with_no_data_is_not_rated_and_not_ranked(counted):
    w = counted
    rows = table(w.district, Y2025)
    assert rows[w.district.name][:3] == (None, None, "不参评")  # 岭东区人民政府 has nothing in 2025
    ranks = sorted(r[0] for name, r in rows.items() if r[0] is not None)
    assert ranks == [1, 2]  # fgj and jyj
    assert periods.outcome(w.district, Y2025).scores[-1].facts.name == w.district.name  # listed last


# --- 定稿 ---------------------------------------------------------------------------------------------


def test_a_locked_period_does_not_change_and_a_recomputation_is_a_new_version(counted):
    w = counted
    result = services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025)
    assert (result.version, result.as_of, result.scheme.version) == (1, dt.date(2025, 12, 31), 1)
    assert result.scheme.reason == "定稿时采用：默认考评办法"
    locked = table(w.district, Y2025)
    # data of 2025 changes afterwards: a late item of fgj, and the overdue case answered
    item(w.built["columns"]["news"], at(2025, 11, 3), delay=40)
    assert table(w.district, Y2025) == locked
    live = {s.facts.name: s for s in periods.outcome(w.district, Y2025, live=True).scores}
    assert live[w.fgj.name].values["late_items"] == locked[w.fgj.name][3]["late_items"] + 1
    with pytest.raises(ApplicationError, match="重新定稿须写明原因"):
        services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025)
    second = services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025,
                                      reason="发改局补录一条2025年信息的发布用时")
    assert second.version == 2 and second.reason.startswith("发改局")
    shown = periods.outcome(w.district, Y2025)
    assert shown.result == second and [r.version for r in shown.results] == [2, 1]
    diff = periods.result_diff(result, second)
    assert [d["organ"] for d in diff] == [w.fgj]
    change = next(c for c in diff[0]["changes"] if c["indicator"].key == "late_items")
    assert (change["after"] - change["before"], change["deduction_after"] - change["deduction_before"]) == (1, 0.5)
    assert diff[0]["before"].score - diff[0]["after"].score == pytest.approx(0.5)
    events = EventLog.objects.filter(event_type__in=[EventType.EVALUATION_LOCKED, EventType.EVALUATION_RELOCKED])
    assert [e.details["version"] for e in events.order_by("id")] == [1, 2]
    assert events.order_by("id").last().details["changed"] == [w.fgj.name]


def test_only_a_finished_period_is_locked_and_only_by_its_supervisor(counted):
    w = counted
    with pytest.raises(ApplicationError, match="结束后才能定稿"):
        services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2026)
    for user in (w.fgj_clerk, w.district_clerk, w.district_reviewer, w.district_column_owner, w.sysadmin, w.nobody):
        with pytest.raises(PermissionDeniedError):
            services.evaluation_lock(actor=user, root=w.district, period=Y2025)
    with pytest.raises(PermissionDeniedError):  # the district's supervisor does not lock the city's period
        services.evaluation_lock(actor=w.district_supervisor, root=w.city, period=Y2025)
    services.evaluation_lock(actor=w.city_supervisor, root=w.city, period=Period.quarter(2026, 3))
    assert Evaluation.objects.get(organ=w.city, year=2026, quarter=3).is_locked
    assert not Result.objects.filter(evaluation__organ=w.district).exists()


def test_a_clerk_sees_its_row_of_the_supervisors_lock(counted):
    w = counted
    services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025)
    mine = periods.own_outcome([w.fgj], Y2025)
    assert mine.locked and [s.facts.name for s in mine.scores] == [w.fgj.name]
    assert mine.scores[0].rank == table(w.district, Y2025)[w.fgj.name][0]


# --- the 考评办法 as data --------------------------------------------------------------------------------


def test_the_scheme_is_versioned_per_period_and_inherited(counted):
    w = counted
    rules = scheme({})
    rules["deductions"]["late_items"] = {"per": 2, "max": 10}
    with pytest.raises(ApplicationError, match="修改考评办法的原因"):
        services.scheme_save(actor=w.district_supervisor, root=w.district, period=Y2025, rules=rules, reason="")
    v1 = services.scheme_save(actor=w.district_supervisor, root=w.district, period=Y2025, rules=rules,
                              reason="超期发布每条扣2分")
    assert v1.version == 1
    with pytest.raises(ApplicationError, match="没有变化"):
        services.scheme_save(actor=w.district_supervisor, root=w.district, period=Y2025, rules=rules, reason="再存")
    fgj_2025 = {s.facts.name: s for s in periods.outcome(w.district, Y2025).scores}[w.fgj.name]
    assert fgj_2025.deductions["late_items"] == 2.0  # 1 late item
    inherited = periods.scheme_for(w.district, Y2026)
    assert inherited.version is None and inherited.origin == "沿用2025年的考评办法（第1版）"
    assert inherited.rules["deductions"]["late_items"]["per"] == 2
    assert periods.scheme_for(w.jyj, Y2026).origin == "沿用岭东区人民政府2025年的考评办法（第1版）"
    bad = {**rules, "pass_mark": 200}
    with pytest.raises(ApplicationError, match="合格分数线"):
        services.scheme_save(actor=w.district_supervisor, root=w.district, period=Y2025, rules=bad, reason="x")
    with pytest.raises(PermissionDeniedError):
        services.scheme_save(actor=w.fgj_clerk, root=w.district, period=Y2025, rules=rules, reason="x")
    assert EventLog.objects.filter(event_type=EventType.SCHEME_SAVED).count() == 1


def test_a_scheme_changed_after_locking_shows_until_relocked(counted):
    w = counted
    first = services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025)
    rules = scheme({})
    rules["pass_mark"] = 99
    services.scheme_save(actor=w.district_supervisor, root=w.district, period=Y2025, rules=rules, reason="提高合格线")
    shown = periods.outcome(w.district, Y2025)
    assert shown.result == first and shown.rules["pass_mark"] == 60 and shown.stale == ["考评办法已修改为第2版"]
    second = services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025, reason="按新办法")
    assert second.scheme.version == 2 and periods.outcome(w.district, Y2025).rules["pass_mark"] == 99
    assert SchemeVersion.objects.filter(evaluation__organ=w.district).count() == 2


# --- manual 加分/扣分 ---------------------------------------------------------------------------------


def test_adjustments_with_reason_and_attachment(counted):
    w = counted
    kw = {"actor": w.district_supervisor, "root": w.district, "period": Y2025, "organ": w.jyj}
    with pytest.raises(ApplicationError, match="加分项"):
        services.adjustment_add(**kw, kind="bonus", points=3, reason="优秀")
    with pytest.raises(ApplicationError, match="最多加5分"):
        services.adjustment_add(**kw, kind="bonus", item="third_party", points=6, reason="优秀")
    with pytest.raises(ApplicationError, match="理由"):
        services.adjustment_add(**kw, kind="penalty", points=3, reason=" ")
    with pytest.raises(ApplicationError, match="附件"):
        services.adjustment_add(**kw, kind="bonus", item="third_party", points=3, reason="优秀",
                                attachment=b"<script>alert(1)</script>", attachment_name="评估.pdf")
    with pytest.raises(ApplicationError, match="不在本次考评范围"):
        services.adjustment_add(**{**kw, "organ": w.city}, kind="penalty", points=1, reason="x")
    with pytest.raises(PermissionDeniedError):
        services.adjustment_add(**{**kw, "actor": w.jyj_clerk}, kind="penalty", points=1, reason="x")
    before = table(w.district, Y2025)[w.jyj.name][1]
    bonus = services.adjustment_add(**kw, kind="bonus", item="third_party", points=3, reason="2025年第三方评估优秀",
                                    attachment=png(), attachment_name="评估结果.png")
    assert bonus.attachment.name.endswith(".png") and bonus.attachment_name == "评估结果.png"
    penalty = services.adjustment_add(**kw, kind="penalty", points="1.5", reason="政务公开日活动未报送")
    after = {s.facts.name: s for s in periods.outcome(w.district, Y2025).scores}[w.jyj.name]
    assert after.penalty == 1.5 and after.bonus == (3.0 if before - 1.5 > 80 else 0.0)
    assert after.score == round(before - 1.5 + after.bonus, 1)
    services.adjustment_withdraw(actor=w.district_supervisor, adjustment=penalty, reason="误录")
    assert Adjustment.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert EventLog.objects.filter(event_type=EventType.ADJUSTMENT_ADDED).count() == 2
    assert EventLog.objects.filter(event_type=EventType.ADJUSTMENT_WITHDRAWN).count() == 1
    services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025)
    row = Result.objects.get().rows.get(organ=w.jyj)
    assert [a["reason"] for a in row.adjustments] == ["2025年第三方评估优秀"]


def test_the_organ_existence_rule_ignores_inactive_organs_created_and_abolished_before(counted):
    w = counted
    old = OrganFactory(name="岭东区已撤销局", parent=w.district, region_code=w.fgj.region_code)
    Organ.objects.filter(pk=old.pk).update(created_at=at(2019, 1, 1), is_active=False,
                                           deactivated_at=at(2024, 6, 1))
    assert old.name not in table(w.district, Y2025)
    assert old.name in {o.name for o in periods.candidate_organs(w.district, Period.year(2024))}


def test_a_locked_period_whose_stored_scheme_names_the_retired_indicator_reads_unchanged(counted):
    """SchemeVersion rows are never rewritten: one saved while "items_without_date" existed still names it,
    and the locked rows still hold its value 0. Both read as before, and a recomputation scores the same."""
    from gongkai.supervision.models import ResultRow

    w = counted
    result = services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025)
    locked = table(w.district, Y2025)
    old = dict(result.scheme.rules)
    old["veto"] = {**old["veto"], "items_without_date": 3}
    old["deductions"] = {**old["deductions"], "items_without_date": {"per": 1, "max": 5}}
    SchemeVersion.objects.filter(pk=result.scheme.pk).update(rules=old)
    for row in ResultRow.objects.filter(result=result):
        ResultRow.objects.filter(pk=row.pk).update(values={**row.values, "items_without_date": 0})
    shown = periods.outcome(w.district, Y2025)
    assert shown.result == result and "items_without_date" not in shown.rules["deductions"]
    assert {n: (r, s, v) for n, (r, s, v, _vals) in table(w.district, Y2025).items()} == {
        n: (r, s, v) for n, (r, s, v, _vals) in locked.items()}
    second = services.evaluation_lock(actor=w.district_supervisor, root=w.district, period=Y2025, reason="复核")
    assert periods.result_diff(result, second) == []
    assert [(r.organ_id, r.score) for r in second.rows.order_by("organ_id")] == [
        (r.organ_id, r.score) for r in result.rows.order_by("organ_id")]
