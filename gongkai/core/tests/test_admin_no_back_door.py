"""The Django admin is no back door (issue 14): every registered model read-only unless its admin writes through
the audited services; no deletes of audited records; personal data masked, its viewing audited and never
searched; auth.Group gone; TOTP devices set up, confirmed and removed through audited services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.admin import ReadOnlyAdmin, ServiceAdmin
from gongkai.core.events import public_generation
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for
from gongkai.organs.models import Membership
from gongkai.organs.tests.factories import admin_user_form

# Admins that may delete, and through which audited service.
AUDITED_DELETES = {Membership: "services.role_revoke"}


def _request(user):
    request = RequestFactory().get("/staff/admin/")
    request.user = user
    return request


def _overrides(model_admin, name: str) -> bool:
    return getattr(type(model_admin), name) is not getattr(admin.ModelAdmin, name)


@pytest.mark.django_db
def test_every_admin_is_read_only_or_writes_through_services(world):
    request = _request(world.sysadmin)
    assert not admin.site.is_registered(Group)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if model not in AUDITED_DELETES:
            assert not model_admin.has_delete_permission(request), f"{label} can be deleted in the admin"
            assert "delete_selected" not in model_admin.get_actions(request), label
        else:
            assert _overrides(model_admin, "delete_model") and _overrides(model_admin, "delete_queryset"), label
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        if writes:
            assert _overrides(model_admin, "save_model"), f"{label}: the admin saves without a service"
            assert isinstance(model_admin, ServiceAdmin), f"{label}: a refused service call would be a 500"
        if writes and model_admin.get_inline_instances(request):
            assert _overrides(model_admin, "save_formset") or _overrides(model_admin, "save_related"), label
        if not writes:
            assert isinstance(model_admin, ReadOnlyAdmin), f"{label}: read-only by hand, not ReadOnlyAdmin"


@pytest.mark.django_db
def test_only_system_administrators_reach_the_admin(world):
    assert client_for(world.sysadmin).get("/staff/admin/").status_code == 200
    for user in (world.district_clerk, world.city_supervisor, world.nobody, None):
        response = client_for(user).get("/staff/admin/organs/user/")
        assert response.status_code == 302 and "/login/" in response["Location"], user
    # A clerk who once had the staff flag gets no further either: the admin asks the role, not is_staff.
    clerk = world.district_clerk
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    assert client_for(clerk).get("/staff/admin/").status_code == 302



@pytest.mark.django_db
def test_admin_superuser_flag_alone_writes_one_user_updated_row(world):
    target = world.jyj_clerk
    response = client_for(world.sysadmin).post(f"/staff/admin/organs/user/{target.pk}/change/",
                                               admin_user_form(target, is_superuser="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.is_superuser
    rows = EventLog.objects.filter(object_id=str(target.pk), event_type__startswith="organs.user")
    assert [(r.event_type, r.details["changes"], r.actor) for r in rows] == [
        (EventType.USER_UPDATED, {"is_superuser": [False, True]}, world.sysadmin)]


@pytest.mark.django_db
def test_admin_active_flag_alone_writes_one_user_deactivated_row(world):
    target = world.fgj_clerk
    response = client_for(world.sysadmin).post(f"/staff/admin/organs/user/{target.pk}/change/",
                                               admin_user_form(target, is_active=""))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    rows = EventLog.objects.filter(object_id=str(target.pk), event_type__startswith="organs.user")
    assert [(r.event_type, r.details["changes"]) for r in rows] == [
        (EventType.USER_DEACTIVATED, {"is_active": [True, False]})]
    # Nobody deactivates themselves, in the admin either.
    me = world.sysadmin
    page = client_for(me).post(f"/staff/admin/organs/user/{me.pk}/change/", admin_user_form(me, is_active=""),
                               follow=True)
    me.refresh_from_db()
    assert page.status_code == 200 and me.is_active and "不能停用自己的账号" in page.content.decode()
    assert page.redirect_chain == [(f"/staff/admin/organs/user/{me.pk}/change/", 302)]


@pytest.mark.django_db
def test_admin_office_phone_writes_one_office_row_and_makes_public_pages_stale(
        world, django_capture_on_commit_callbacks):
    organ = world.fgj
    office = organ.office
    data = {"name": organ.name, "short_name": organ.short_name, "kind": organ.kind, "parent": organ.parent_id,
            "code": organ.code, "region_code": organ.region_code, "website": "", "is_active": "on",
            "office-TOTAL_FORMS": "1", "office-INITIAL_FORMS": "1", "office-MIN_NUM_FORMS": "0",
            "office-MAX_NUM_FORMS": "1", "office-0-id": office.pk, "office-0-organ": organ.pk}
    for field in ("name", "address", "postcode", "office_hours", "phone", "fax", "email", "head"):
        data[f"office-0-{field}"] = getattr(office, field)
    old_phone, data["office-0-phone"] = office.phone, "0469-7654321"
    before = public_generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.sysadmin).post(f"/staff/admin/organs/organ/{organ.pk}/change/", data)
    assert response.status_code == 302
    rows = EventLog.objects.filter(event_type=EventType.OFFICE_UPDATED)
    assert [(r.actor, r.organ, r.details["changes"]) for r in rows] == [
        (world.sysadmin, organ, {"phone": [old_phone, "0469-7654321"]})]
    assert not EventLog.objects.filter(event_type=EventType.ORGAN_UPDATED).exists()  # the organ did not change
    assert public_generation() > before
    # A refused office change (a 5-digit postcode) saves nothing, the organ's name neither, and says why.
    data.update({"name": "岭东区发展和改革局（新）", "office-0-postcode": "15512"})
    page = client_for(world.sysadmin).post(f"/staff/admin/organs/organ/{organ.pk}/change/", data, follow=True)
    organ.refresh_from_db()
    assert "邮政编码应为6位数字" in page.content.decode() and organ.name == "岭东区发展和改革局"
    assert EventLog.objects.filter(event_type__in=[EventType.OFFICE_UPDATED, EventType.ORGAN_UPDATED]).count() == 1


@pytest.mark.django_db
def test_audited_records_are_never_deleted_in_the_admin(world):
    device = TOTPDevice.objects.create(user=world.fgj_clerk, name="phone", confirmed=True)
    event = EventLog.objects.create(actor_name="系统", event_type=EventType.LOGGED_OUT)
    client = client_for(world.sysadmin)
    urls = [f"/staff/admin/organs/user/{world.jyj_clerk.pk}/delete/",
            f"/staff/admin/organs/twofactordevice/{device.pk}/delete/",
            f"/staff/admin/core/eventlog/{event.pk}/delete/",
            f"/staff/admin/organs/organ/{world.jyj.pk}/delete/"]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    refused = client.post("/staff/admin/organs/twofactordevice/", {"action": "delete_selected",
                                                                 "_selected_action": [device.pk], "post": "yes"})
    assert refused.status_code in (200, 302)
    assert TOTPDevice.objects.filter(pk=device.pk).exists() and EventLog.objects.filter(pk=event.pk).exists()
    assert client.get("/staff/admin/annual_reports/reportfile/").status_code == 200
    assert client.get("/staff/admin/letters/lettertemplate/").status_code == 200
    assert client.get("/staff/admin/letters/lettertemplate/add/").status_code == 403
    assert client.get("/staff/admin/auth/group/").status_code == 404


@pytest.mark.django_db
def test_admin_masks_personal_data_audits_the_view_and_never_searches_a_person(world, frozen_today):
    from gongkai.applications.tests.factories import ID_CARD, registered_case

    app, _ = registered_case(world.district_clerk, world.district, received_on=dt.date(2026, 11, 20))
    client = client_for(world.sysadmin)
    page = client.get(f"/staff/admin/applications/application/{app.pk}/change/").content.decode()
    assert ID_CARD not in page and "13800000000" not in page and "张三" not in page
    assert "2305**********1232" in page and "138****0000" in page
    row = EventLog.objects.get(event_type=EventType.PERSONAL_DATA_VIEWED, actor=world.sysadmin)
    assert row.details["via"] == "admin" and "id_number" in row.details["fields"] and row.object_id == str(app.pk)
    applicants = client.get("/staff/admin/applications/applicant/").content.decode()
    assert "张*" in applicants and "张三" not in applicants
    applicant = app.applicant
    assert client.get(f"/staff/admin/applications/applicant/{applicant.pk}/change/").status_code == 403
    assert not EventLog.objects.filter(object_repr__contains="张三").exists()
    listing = "/staff/admin/applications/application/"
    assert app.tracking_no in client.get(listing, {"q": app.tracking_no}).content.decode()
    for who in ("张三", ID_CARD, "13800000000"):
        assert app.tracking_no not in client.get(listing, {"q": who}).content.decode(), who
        assert app.tracking_no not in client.get("/staff/admin/letters/letter/", {"q": who}).content.decode()


@pytest.mark.django_db
def test_totp_devices_are_removed_in_the_admin_through_the_audited_service(world):
    device = TOTPDevice.objects.create(user=world.fgj_clerk, name="phone", confirmed=True)
    client = client_for(world.sysadmin)
    page = client.get(f"/staff/admin/organs/twofactordevice/{device.pk}/change/").content.decode()
    assert device.key not in page  # the secret is never shown
    assert client.get(f"/staff/admin/organs/twofactordevice/{device.pk}/change/").status_code == 200
    response = client.post("/staff/admin/organs/twofactordevice/", {"action": "remove_devices",
                                                                  "_selected_action": [device.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.fgj_clerk).exists()
    row = EventLog.objects.get(event_type=EventType.TOTP_REMOVED)
    assert row.actor == world.sysadmin and row.object_id == str(world.fgj_clerk.pk) and row.details == {"devices": 1}


@pytest.mark.django_db
def test_only_an_administrator_removes_a_device(world):
    from gongkai.core.exceptions import PermissionDeniedError
    from gongkai.organs import services

    TOTPDevice.objects.create(user=world.fgj_clerk, name="phone", confirmed=True)
    with pytest.raises(PermissionDeniedError):
        services.totp_remove(actor=world.fgj_clerk, user=world.fgj_clerk)
    assert TOTPDevice.objects.filter(user=world.fgj_clerk).exists()


def _code(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_totp_set_up_and_confirmation_are_audited(world):
    user = world.fgj_clerk
    client = client_for(user)
    assert client.get("/staff/otp/setup/").status_code == 200
    assert client.get("/staff/otp/setup/").status_code == 200  # the same device: one row for the set-up
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert EventLog.objects.filter(event_type=EventType.TOTP_STARTED, object_id=str(user.pk)).count() == 1
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"
    assert client.post("/staff/otp/setup/", {"token": wrong}).status_code == 400
    assert not EventLog.objects.filter(event_type=EventType.TOTP_CONFIRMED).exists()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the wrong code counted by django-otp's throttle
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    assert client.post("/staff/otp/setup/", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    row = EventLog.objects.get(event_type=EventType.TOTP_CONFIRMED)
    assert row.actor == user and row.details == {"device": device.pk}


@pytest.mark.django_db
def test_a_device_is_confirmed_only_by_its_owner(world):
    from gongkai.core import services as otp_services
    from gongkai.core.exceptions import PermissionDeniedError

    device = otp_services.totp_begin(actor=world.fgj_clerk)
    with pytest.raises(PermissionDeniedError):
        otp_services.totp_confirm(actor=world.jyj_clerk, device=device, token=_code(device))
    device.refresh_from_db()
    assert not device.confirmed
    assert Client().get("/staff/otp/setup/").status_code == 302  # anonymous: to the log-in page
