"""Account-level lock-out beside the per-address rule, and the Django admin's writes through the audited
services, with personal data masked there and its viewing audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for
from gongkai.organs.models import User
from gongkai.organs.tests.factories import TEST_PASSWORD, admin_user_form


def _login(username, password, ip):
    return Client().post("/staff/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_40_guesses_over_10_addresses_lock_the_account(world, settings, django_capture_on_commit_callbacks):
    """The attack run's 40 guesses spread over 10 addresses (4 each, under axes' 5 per address) never locked
    the account. Now the account locks at the 20th failure from anywhere; its user is told by mail."""
    target = world.fgj_clerk
    target.email = "clerk@example.gov.cn"
    target.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        for guess in range(40):
            response = _login(target.username, f"wrong-{guess}", f"10.0.0.{guess % 10}")
            assert response.status_code in (200, 429)
    target.refresh_from_db()
    assert target.locked_at is not None and target.failed_logins == 40
    assert EventLog.objects.filter(event_type=EventType.USER_LOCKED, object_id=str(target.pk)).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clerk@example.gov.cn"]
    assert "已被锁定" in mail.outbox[0].subject and "系统管理员" in mail.outbox[0].body
    # The right password from a fresh address: still refused, and told why.
    page = _login(target.username, TEST_PASSWORD, "10.9.9.9")
    assert page.status_code == 200 and "已被锁定" in page.content.decode()
    # A wrong password learns nothing about the lock.
    assert "已被锁定" not in _login(target.username, "wrong", "10.9.9.8").content.decode()


@pytest.mark.django_db
def test_a_success_resets_the_count_and_an_admin_unlocks(world, settings):
    settings.GONGKAI_ACCOUNT_FAILURE_LIMIT = 3
    target = world.fgj_clerk
    _login(target.username, "wrong", "10.0.0.1")
    _login(target.username, "wrong", "10.0.0.2")
    assert _login(target.username, TEST_PASSWORD, "10.0.0.3").status_code == 302
    target.refresh_from_db()
    assert target.failed_logins == 0 and target.locked_at is None
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        _login(target.username, "wrong", ip)
    target.refresh_from_db()
    assert target.locked_at is not None
    assert _login(target.username, TEST_PASSWORD, "10.0.0.4").status_code == 200
    admin = client_for(world.sysadmin)
    response = admin.post("/staff/admin/organs/user/", {"action": "unlock", "_selected_action": [target.pk]})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.locked_at is None and target.failed_logins == 0
    assert EventLog.objects.filter(event_type=EventType.USER_UNLOCKED, actor=world.sysadmin).exists()
    assert _login(target.username, TEST_PASSWORD, "10.0.0.4").status_code == 302


@pytest.mark.django_db
def test_nobody_but_an_admin_unlocks(world):
    from gongkai.core.exceptions import ApplicationError
    from gongkai.organs import services

    with pytest.raises(ApplicationError):
        services.user_unlock(actor=world.district_clerk, user=world.fgj_clerk)


# ------------------------------------------------------------------ the admin's writes



@pytest.mark.django_db
def test_admin_user_flags_go_through_the_audited_service(world):
    admin = client_for(world.sysadmin)
    target = world.jyj_clerk
    url = f"/staff/admin/organs/user/{target.pk}/change/"
    response = admin.post(url, admin_user_form(target, is_superuser="on", is_active=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.is_superuser and not target.is_active
    event = EventLog.objects.get(event_type=EventType.USER_DEACTIVATED, object_id=str(target.pk))
    assert event.actor == world.sysadmin
    assert event.details["changes"] == {"is_superuser": [False, True], "is_active": [True, False]}


@pytest.mark.django_db
def test_admin_password_and_creation_are_audited_and_users_are_never_deleted(world):
    admin = client_for(world.sysadmin)
    target = world.jyj_clerk
    response = admin.post(f"/staff/admin/organs/user/{target.pk}/password/",
                          {"password1": "Lingdong-2026-new", "password2": "Lingdong-2026-new"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Lingdong-2026-new")
    assert EventLog.objects.filter(event_type=EventType.USER_UPDATED, object_id=str(target.pk),
                                   details__changes={"password": "changed"}).exists()
    created = admin.post("/staff/admin/organs/user/add/", {
        "username": "new_clerk", "password1": "Lingdong-2026-x1", "password2": "Lingdong-2026-x1",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert created.status_code == 302
    new = User.objects.get(username="new_clerk")
    assert EventLog.objects.filter(event_type=EventType.USER_CREATED, object_id=str(new.pk)).exists()
    assert admin.get(f"/staff/admin/organs/user/{target.pk}/delete/").status_code == 403
    assert User.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_admin_office_change_goes_through_the_service(world):
    organ = world.fgj
    office = organ.office
    admin = client_for(world.sysadmin)
    data = {"name": organ.name, "short_name": organ.short_name, "kind": organ.kind, "parent": organ.parent_id,
            "code": organ.code, "region_code": organ.region_code, "website": "", "is_active": "on",
            "office-TOTAL_FORMS": "1", "office-INITIAL_FORMS": "1", "office-MIN_NUM_FORMS": "0",
            "office-MAX_NUM_FORMS": "1", "office-0-id": office.pk, "office-0-organ": organ.pk}
    for field in ("name", "address", "postcode", "office_hours", "phone", "fax", "email", "head"):
        data[f"office-0-{field}"] = getattr(office, field)
    data["office-0-phone"] = "0469-1234567"
    response = admin.post(f"/staff/admin/organs/organ/{organ.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    office.refresh_from_db()
    assert office.phone == "0469-1234567"
    assert EventLog.objects.filter(event_type=EventType.OFFICE_UPDATED, actor=world.sysadmin).exists()


@pytest.mark.django_db
def test_admin_masks_personal_data_and_audits_each_view(world, frozen_today):
    from gongkai.applications.tests.factories import ID_CARD, registered_case

    app, _ = registered_case(world.district_clerk, world.district, received_on=dt.date(2026, 11, 20))
    admin = client_for(world.sysadmin)
    listing = admin.get("/staff/admin/applications/application/").content.decode()
    page = admin.get(f"/staff/admin/applications/application/{app.pk}/change/")
    assert page.status_code == 200
    for body in (listing, page.content.decode()):
        assert "张三" not in body and ID_CARD not in body and "13800000000" not in body
    assert "张*" in listing and "已脱敏" in page.content.decode()
    assert EventLog.objects.filter(event_type=EventType.PERSONAL_DATA_VIEWED, actor=world.sysadmin,
                                   details__via="admin").count() == 1
    assert admin.get(f"/staff/admin/applications/application/{app.pk}/delete/").status_code == 403
    assert admin.get("/staff/admin/applications/application/?q=张三").status_code == 200
