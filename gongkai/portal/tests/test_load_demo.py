import io

import pytest
from django.core.management import call_command

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
    assert visible_organs(User.objects.get(username="ld_supervisor")).count() == 5
    assert list(visible_organs(User.objects.get(username="fgj_clerk")).values_list("name", flat=True)) == [
        "岭东区发展和改革局"]


def test_reset_passwords_prints_new_ones():
    run_demo()
    old_hash = User.objects.get(username="admin").password
    out = run_demo("--reset-passwords")
    assert "admin" in out and User.objects.get(username="admin").password != old_hash
