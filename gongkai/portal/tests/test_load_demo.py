import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.organs.codes import is_valid_uscc
from gongkai.organs.models import Membership, Organ, Role, User
from gongkai.organs.selectors import visible_organs
from gongkai.portal.models import Portal

pytestmark = pytest.mark.django_db


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_tree_users_and_portal_and_prints_passwords_once():
    first = run_demo()
    assert "演示用户密码（只显示这一次" in first
    district = Organ.objects.get(name="岭东区人民政府")
    assert district.parent.name == "双鸭山市人民政府"
    assert {"岭东区发展和改革局", "岭东区教育局"} <= set(district.children.values_list("name", flat=True))
    assert all(is_valid_uscc(code) for code in Organ.objects.values_list("code", flat=True))
    office = district.office
    assert (office.address, office.postcode, office.phone, office.email) == (
        "双鸭山市东矿路1号", "155120", "0469-4381313", "ldqzfb@126.com")  # as printed in the seed report
    assert Portal.objects.get(is_default=True).organ == district
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)

    # The printed password logs the user in.
    line = next(line for line in first.splitlines() if line.strip().startswith("ld_clerk"))
    password = line.split()[1]
    assert User.objects.get(username="ld_clerk").check_password(password)

    counts = (Organ.objects.count(), User.objects.count(), Membership.objects.count(), Portal.objects.count())
    second = run_demo()
    assert "密码未改变" in second and password not in second
    assert counts == (Organ.objects.count(), User.objects.count(), Membership.objects.count(),
                      Portal.objects.count())


def test_demo_supervisor_sees_the_district_subtree_and_clerks_their_own_organ():
    run_demo()
    # the district, its four departments and 街道, and the bureau the 考评 demo sets up this year
    assert visible_organs(User.objects.get(username="ld_supervisor")).count() == 6
    assert list(visible_organs(User.objects.get(username="fgj_clerk")).values_list("name", flat=True)) == [
        "岭东区发展和改革局"]


def test_demo_evaluation_two_locked_periods_an_open_one_and_every_notice_state():
    from gongkai.supervision import periods
    from gongkai.supervision.indicators import Period
    from gongkai.supervision.models import Notice

    run_demo()
    district = Organ.objects.get(name="岭东区人民政府")
    y2024, y2025, y2026 = (periods.outcome(district, Period.year(y)) for y in (2024, 2025, 2026))
    assert y2024.locked and y2025.locked and not y2026.locked
    assert [r.version for r in y2025.results] == [2, 1] and y2025.result.reason
    assert periods.result_diff(y2025.results[1], y2025.result)  # the recomputation changed someone
    assert y2026.scheme.origin == "沿用2025年的考评办法（第1版）"
    assert [s.facts.name for s in y2026.scores if not s.participating] == ["岭东区政务服务数据管理局"]
    rated = [s for s in y2024.scores if s.participating]
    assert [s.facts.name for s in rated] == ["岭东区人民政府"] and not any(s.vetoes for s in rated)
    assert len([s for s in y2024.scores if not s.participating]) == 4  # no 2024 records: 不参评, not vetoed
    assert set(Notice.objects.values_list("status", flat=True)) == set(Notice.Status.values)
    assert Notice.objects.filter(status=Notice.Status.ISSUED, deadline__lt=timezone.localdate()).count() == 1


def test_reset_passwords_prints_new_ones():
    run_demo()
    old_hash = User.objects.get(username="admin").password
    out = run_demo("--reset-passwords")
    assert "admin" in out and User.objects.get(username="admin").password != old_hash
