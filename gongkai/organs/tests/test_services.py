import pytest

from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.organs import services
from gongkai.organs.codes import make_uscc
from gongkai.organs.models import DisclosureOffice, Membership, Organ, Role, User
from gongkai.organs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_organ_create_places_it_in_the_tree_and_audits(world):
    organ = services.organ_create(actor=world.sysadmin, name="岭东区财政局", kind=Organ.Kind.DEPARTMENT,
                                  code=make_uscc("230502", "C0000001"), region_code="230502",
                                  parent=world.district)
    assert organ.path == f"{world.district.path}{organ.pk}/" and organ.depth == 2
    event = EventLog.objects.get(event_type=EventType.ORGAN_CREATED, object_id=str(organ.pk))
    assert event.actor == world.sysadmin and event.organ == organ
    assert event.details["parent"] == world.district.code


@pytest.mark.parametrize("code,message", [("123", "18位"), ("11230502D000000200", "校验失败")])
def test_organ_create_rejects_bad_codes_in_chinese(world, code, message):
    with pytest.raises(ApplicationError, match=message):
        services.organ_create(actor=None, name="新机关", kind="department", code=code, region_code="230502")
    assert not Organ.objects.filter(name="新机关").exists()


def test_organ_create_refuses_duplicates_and_non_admins(world):
    with pytest.raises(ApplicationError, match="机关代码已被"):
        services.organ_create(actor=None, name="另一个机关", kind="department", code=world.fgj.code,
                              region_code="230502")
    with pytest.raises(PermissionDeniedError):
        services.organ_create(actor=world.city_supervisor, name="新机关", kind="department",
                              code=make_uscc("230502", "C0000002"), region_code="230502")
    assert not EventLog.objects.filter(event_type=EventType.ORGAN_CREATED).exists()


def test_moving_an_organ_moves_its_subtree(world):
    other = services.organ_create(actor=None, name="集贤县人民政府", kind="government",
                                  code=make_uscc("230521", "C0000003"), region_code="230521", parent=world.city)
    services.organ_update(actor=world.sysadmin, organ=world.district, parent=other)
    world.fgj.refresh_from_db()
    world.district.refresh_from_db()
    assert world.district.path == f"{other.path}{world.district.pk}/"
    assert world.fgj.path == f"{world.district.path}{world.fgj.pk}/" and world.fgj.depth == 3
    event = EventLog.objects.get(event_type=EventType.ORGAN_UPDATED)
    assert event.details["changes"]["parent"] == [world.city.code, other.code]


def test_an_organ_cannot_move_under_its_own_descendant(world):
    with pytest.raises(ApplicationError, match="下级机关"):
        services.organ_update(actor=None, organ=world.district, parent=world.fgj)
    world.district.refresh_from_db()
    assert world.district.parent == world.city


def test_office_update_by_own_clerk_is_audited(world):
    services.office_update(actor=world.fgj_clerk, organ=world.fgj, fax="0469-1234567")
    assert DisclosureOffice.objects.get(organ=world.fgj).fax == "0469-1234567"
    event = EventLog.objects.get(event_type=EventType.OFFICE_UPDATED)
    assert event.organ == world.fgj and event.actor == world.fgj_clerk
    assert event.details["changes"]["fax"][1] == "0469-1234567"


def test_office_update_refusals_write_nothing(world):
    with pytest.raises(PermissionDeniedError):
        services.office_update(actor=world.fgj_clerk, organ=world.jyj, phone="110")
    with pytest.raises(ApplicationError, match="邮政编码"):
        services.office_update(actor=world.fgj_clerk, organ=world.fgj, phone="110", postcode="12")
    assert DisclosureOffice.objects.get(organ=world.fgj).phone == "0469-4381313"
    assert not EventLog.objects.filter(event_type=EventType.OFFICE_UPDATED).exists()


def test_user_create_enforces_password_rules(world):
    with pytest.raises(ApplicationError, match="密码不符合要求"):
        services.user_create(actor=world.sysadmin, username="weak", password="12345678")
    assert not User.objects.filter(username="weak").exists()
    user = services.user_create(actor=world.sysadmin, username="strong", password="Lingdong-2026-good")
    assert user.check_password("Lingdong-2026-good")


def test_role_grant_and_revoke_change_what_the_user_sees(world):
    from gongkai.organs.permissions import can_view_organ

    user = UserFactory()
    assert not can_view_organ(user, world.jyj)
    services.role_grant(actor=world.sysadmin, user=user, organ=world.jyj, role=Role.REVIEWER)
    assert can_view_organ(user, world.jyj)
    services.role_revoke(actor=world.sysadmin, user=user, organ=world.jyj, role=Role.REVIEWER)
    assert not can_view_organ(user, world.jyj)
    assert not Membership.objects.filter(user=user).exists()
    assert list(EventLog.objects.filter(organ=world.jyj).values_list("event_type", flat=True).order_by("id")) == [
        EventType.ROLE_GRANTED, EventType.ROLE_REVOKED]
    with pytest.raises(ApplicationError):
        services.role_revoke(actor=world.sysadmin, user=user, organ=world.jyj, role=Role.REVIEWER)


def test_user_deactivate(world):
    services.user_deactivate(actor=world.sysadmin, user=world.jyj_clerk)
    world.jyj_clerk.refresh_from_db()
    assert not world.jyj_clerk.is_active
    event = EventLog.objects.get(event_type=EventType.USER_DEACTIVATED, object_id=str(world.jyj_clerk.pk))
    assert event.details == {"changes": {"is_active": [True, False]}}
    with pytest.raises(ApplicationError, match="自己"):
        services.user_deactivate(actor=world.sysadmin, user=world.sysadmin)
