"""Who sees which organ: per role and per organ, including the refusals."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.organs.permissions import can_change_office, can_manage_organs, can_use_admin, can_view_organ
from gongkai.organs.selectors import find_organ, grants_of, is_sysadmin, subtree, visible_organs

pytestmark = pytest.mark.django_db


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_city_supervisor_sees_its_whole_subtree(world):
    assert names(visible_organs(world.city_supervisor)) == {
        "双鸭山市人民政府", "岭东区人民政府", "岭东区发展和改革局", "岭东区教育局"}


def test_district_supervisor_sees_the_district_and_below_but_not_the_city(world):
    assert names(visible_organs(world.district_supervisor)) == {"岭东区人民政府", "岭东区发展和改革局", "岭东区教育局"}
    assert not can_view_organ(world.district_supervisor, world.city)


def test_department_clerk_sees_only_its_own_department(world):
    assert names(visible_organs(world.fgj_clerk)) == {"岭东区发展和改革局"}
    assert can_view_organ(world.fgj_clerk, world.fgj)
    assert not can_view_organ(world.fgj_clerk, world.jyj)
    assert not can_view_organ(world.fgj_clerk, world.district)


def test_district_clerk_does_not_see_departments_below(world):
    # A clerk acts for its own organ; only a supervisor's role reaches the subtree.
    assert names(visible_organs(world.district_clerk)) == {"岭东区人民政府"}
    assert not can_view_organ(world.district_clerk, world.fgj)


def test_sysadmin_sees_all_and_others_see_nothing(world):
    assert visible_organs(world.sysadmin).count() == 4
    assert visible_organs(world.nobody).count() == 0
    assert visible_organs(AnonymousUser()).count() == 0
    assert not can_view_organ(AnonymousUser(), world.district)


def test_inactive_user_loses_everything(world):
    world.fgj_clerk.is_active = False
    assert grants_of(world.fgj_clerk) == ()
    assert not can_view_organ(world.fgj_clerk, world.fgj)


def test_office_changes_belong_to_the_organs_own_clerks_and_reviewers(world):
    assert can_change_office(world.fgj_clerk, world.fgj)
    assert can_change_office(world.fgj_reviewer, world.fgj)
    assert can_change_office(world.sysadmin, world.jyj)
    assert not can_change_office(world.fgj_clerk, world.jyj)
    assert not can_change_office(world.district_supervisor, world.fgj)  # supervisors read, they do not edit
    assert not can_change_office(world.district_column_owner, world.district)


def test_only_sysadmins_manage_organs_and_use_the_admin(world):
    assert can_manage_organs(world.sysadmin) and can_use_admin(world.sysadmin)
    for name in ("city_supervisor", "district_clerk", "district_reviewer", "nobody"):
        user = getattr(world, name)
        assert not can_manage_organs(user) and not can_use_admin(user)
    assert is_sysadmin(world.sysadmin) and not is_sysadmin(world.city_supervisor)


def test_memberships_are_read_once_per_user(world, django_assert_num_queries):
    user = world.city_supervisor
    grants_of(user)
    with django_assert_num_queries(0):
        for organ in (world.city, world.district, world.fgj, world.jyj):
            assert can_view_organ(user, organ)


def test_subtree_and_find_organ(world):
    assert names(subtree(world.district)) == {"岭东区人民政府", "岭东区发展和改革局", "岭东区教育局"}
    assert find_organ("岭东区教育局") == world.jyj
    assert find_organ(world.jyj.code.lower()) == world.jyj
    assert find_organ("不存在的机关") is None
