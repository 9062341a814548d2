import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import Http404

from gongkai.core.events import events_for, record_event
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.core.permissions import get_object_or_404_for, require
from gongkai.organs.models import Organ
from gongkai.organs.permissions import can_view_organ

pytestmark = pytest.mark.django_db


def test_record_event_fills_organ_and_object_from_the_object(world):
    office = world.fgj.office
    event = record_event(actor=world.fgj_clerk, event_type=EventType.OFFICE_UPDATED, obj=office,
                         details={"when": world.fgj.created_at})
    event.refresh_from_db()
    assert event.organ == world.fgj
    assert event.actor_name == world.fgj_clerk.display_name
    assert event.object_repr == office.name and event.object_id == str(office.pk)
    assert isinstance(event.details["when"], str)  # dates serialised by DjangoJSONEncoder
    assert list(events_for(office)) == [event]


def test_record_event_without_a_user_names_the_system_or_the_public(world):
    assert record_event(actor=None, event_type=EventType.ORGAN_UPDATED, obj=world.city).actor_name == "系统"
    event = record_event(actor=None, actor_name="公众", event_type=EventType.LOGIN_FAILED)
    assert event.actor is None and event.organ is None and event.actor_name == "公众"


def test_get_object_or_404_for_hides_forbidden_and_missing_alike(world):
    assert get_object_or_404_for(world.fgj_clerk, Organ, can_view_organ, code=world.fgj.code) == world.fgj
    with pytest.raises(Http404):
        get_object_or_404_for(world.fgj_clerk, Organ, can_view_organ, code=world.jyj.code)
    with pytest.raises(Http404):
        get_object_or_404_for(world.fgj_clerk, Organ.objects.all(), can_view_organ, code="missing")
    with pytest.raises(Http404):
        get_object_or_404_for(world.fgj_clerk, Organ, can_view_organ, pk="not-a-number")


def test_require_and_application_error_carry_chinese_messages():
    require(True)
    with pytest.raises(PermissionDeniedError) as excinfo:
        require(False, "您不能这样做。")
    assert str(excinfo.value) == "您不能这样做。" and excinfo.value.code == "permission_denied"
    error = ApplicationError("日期无效。", field="received_on")
    assert error.field == "received_on" and str(error) == "日期无效。"


def test_event_log_is_read_only_in_the_admin(world):
    from gongkai.core.testing import client_for

    event = record_event(actor=None, event_type=EventType.ORGAN_UPDATED, obj=world.city)
    client = client_for(world.sysadmin)
    assert client.get("/staff/admin/core/eventlog/").status_code == 200
    assert client.get("/staff/admin/core/eventlog/add/").status_code == 403
    assert client.post(f"/staff/admin/core/eventlog/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert EventLog.objects.filter(pk=event.pk).exists()


def test_deploy_check_refuses_the_development_key(settings):
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    with pytest.raises(SystemCheckError, match="gongkai.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR", tags=["security"])
