"""Writes for organs, offices, users and roles. Each is one atomic, permission-checked, audited action.

`actor=SYSTEM` (or None, still accepted) means the system itself (management commands run by the operator, the demo loader).
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.events import SYSTEM, is_system, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.mail import queue_mail, render_mail
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.core.services import model_update

from .actors import Actor
from .codes import code_error, normalise_code
from .models import DisclosureOffice, Membership, Organ, Role, User
from .permissions import can_change_office, can_manage_organs
from .selectors import forget_grants

_UNCHANGED = object()
ORGAN_FIELDS = ("name", "short_name", "kind", "code", "region_code", "website", "is_active")
OFFICE_FIELDS = ("name", "address", "postcode", "office_hours", "phone", "fax", "email", "head")


def _require_admin(actor: Actor) -> None:
    if not is_system(actor):
        require(can_manage_organs(actor), "只有系统管理员可以管理机关、用户和角色。")


def clean_organ_fields(fields: dict, *, instance: Organ | None = None) -> dict:
    if "code" in fields:
        fields["code"] = normalise_code(fields["code"])
        if error := code_error(fields["code"]):
            raise ApplicationError(error, field="code")
        clash = Organ.objects.filter(code=fields["code"]).exclude(pk=getattr(instance, "pk", None))
        if clash.exists():
            raise ApplicationError("该机关代码已被其他机关使用。", field="code")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if not fields["name"]:
            raise ApplicationError("请填写机关名称。", field="name")
        if Organ.objects.filter(name=fields["name"]).exclude(pk=getattr(instance, "pk", None)).exists():
            raise ApplicationError("已有同名机关。", field="name")
    if "region_code" in fields and not (len(fields["region_code"]) == 6 and fields["region_code"].isdigit()):
        raise ApplicationError("行政区划代码应为6位数字。", field="region_code")
    if "kind" in fields and fields["kind"] not in Organ.Kind.values:
        raise ApplicationError("机关类型无效。", field="kind")
    return fields


def _place(organ: Organ, parent: Organ | None) -> None:
    organ.parent = parent
    organ.path = f"{parent.path if parent else '/'}{organ.pk}/"
    organ.depth = parent.depth + 1 if parent else 0


@transaction.atomic
def organ_create(*, actor: Actor, name: str, kind: str, code: str, region_code: str, parent: Organ | None = None,
                 short_name: str = "", website: str = "") -> Organ:
    _require_admin(actor)
    fields = clean_organ_fields(
        {"name": name, "kind": kind, "code": code, "region_code": region_code, "short_name": short_name,
         "website": website}
    )
    organ = Organ.objects.create(**fields, parent=parent)
    _place(organ, parent)
    organ.save(update_fields=["path", "depth"])
    record_event(actor=actor, event_type=EventType.ORGAN_CREATED, obj=organ,
                 details={"code": organ.code, "parent": parent.code if parent else None})
    return organ


@transaction.atomic
def organ_update(*, actor: Actor, organ: Organ, parent=_UNCHANGED, **fields) -> Organ:
    """Change an organ's fields; giving `parent` moves it (with its whole subtree) in the tree."""
    _require_admin(actor)
    unknown = set(fields) - set(ORGAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown organ fields: {sorted(unknown)}")
    organ = Organ.objects.select_for_update().get(pk=organ.pk)
    fields = clean_organ_fields(dict(fields), instance=organ)
    organ, changes = model_update(organ, fields, ORGAN_FIELDS, save=False)
    update_fields = [*fields, "updated_at"]
    if "is_active" in changes:
        organ.deactivated_at = None if organ.is_active else timezone.now()
        update_fields.append("deactivated_at")
    if parent is not _UNCHANGED and parent != organ.parent:
        if parent is not None and parent.path.startswith(organ.path):
            raise ApplicationError("不能把机关移到它自己的下级机关之下。", field="parent")
        old_path = organ.path
        changes["parent"] = [organ.parent.code if organ.parent else None, parent.code if parent else None]
        _place(organ, parent)
        update_fields += ["parent", "path", "depth"]
        for child in Organ.objects.filter(path__startswith=old_path).exclude(pk=organ.pk):
            child.path = organ.path + child.path[len(old_path):]
            child.depth = child.path.count("/") - 2
            child.save(update_fields=["path", "depth"])
    organ.save(update_fields=update_fields)
    if changes:
        record_event(actor=actor, event_type=EventType.ORGAN_UPDATED, obj=organ, details={"changes": changes})
    return organ


@transaction.atomic
def office_update(*, actor: Actor, organ: Organ, **fields) -> DisclosureOffice:
    """Create or change the organ's 政府信息公开工作机构 and its 第十二条 contacts."""
    if not is_system(actor):
        require(can_change_office(actor, organ), "您不能修改该机关的政府信息公开工作机构信息。")
    unknown = set(fields) - set(OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown office fields: {sorted(unknown)}")
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    office = DisclosureOffice.objects.select_for_update().filter(organ=organ).first()
    if office is None:
        if not fields.get("name"):
            raise ApplicationError("请填写工作机构名称。", field="name")
        office = DisclosureOffice(organ=organ)
    elif "name" in fields and not fields["name"]:
        raise ApplicationError("请填写工作机构名称。", field="name")
    if fields.get("postcode") and not (len(fields["postcode"]) == 6 and fields["postcode"].isdigit()):
        raise ApplicationError("邮政编码应为6位数字。", field="postcode")
    office, changes = model_update(office, fields, OFFICE_FIELDS)
    if changes:
        record_event(actor=actor, event_type=EventType.OFFICE_UPDATED, obj=office, organ=organ,
                     details={"changes": changes})
    return office


@transaction.atomic
def user_create(*, actor: Actor, username: str, password: str, full_name: str = "", email: str = "",
                phone: str = "") -> User:
    _require_admin(actor)
    username = username.strip()
    if not username:
        raise ApplicationError("请填写用户名。", field="username")
    if User.objects.filter(username=username).exists():
        raise ApplicationError("该用户名已被使用。", field="username")
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("密码不符合要求：" + "".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    record_event(actor=actor, event_type=EventType.USER_CREATED, obj=user, details={"username": username})
    return user


def user_deactivate(*, actor: Actor, user: User) -> User:
    """Deactivate an account (it stays, named by the audit trail and the cases): the admin's 有效 box and this
    are one write, user_update, audited as USER_DEACTIVATED with the change."""
    return user_update(actor=actor, user=user, is_active=False)


USER_FIELDS = ("full_name", "email", "phone", "is_active", "is_superuser")


@transaction.atomic
def user_update(*, actor: Actor, user: User, **fields) -> User:
    """Change a user's details or flags (active, superuser): what the admin's user page may change, audited
    with the old and new values. Nobody removes their own administrator rights or deactivates themselves."""
    _require_admin(actor)
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"unknown user fields: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and actor.pk == user.pk and (fields.get("is_active") is False
                                                       or fields.get("is_superuser") is False and user.is_superuser):
        raise ApplicationError("不能停用自己的账号或取消自己的超级用户权限。")
    user, changes = model_update(user, fields, USER_FIELDS)
    if not changes:
        return user
    if "is_superuser" in changes:
        forget_grants(user)
    event = EventType.USER_DEACTIVATED if changes.get("is_active") == [True, False] else EventType.USER_UPDATED
    # Personal fields are named, not copied into the audit trail.
    record_event(actor=actor, event_type=event, obj=user, details={"changes": {
        f: (v if f in ("is_active", "is_superuser") else "changed") for f, v in changes.items()}})
    return user


@transaction.atomic
def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    """An administrator sets a user's password (validated), audited without the password."""
    _require_admin(actor)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("密码不符合要求：" + "".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(actor=actor, event_type=EventType.USER_UPDATED, obj=user, details={"changes": {"password": "changed"}})
    return user


def login_failed(*, username: str) -> User | None:
    """Count a failed log-in against the account (from whatever address); lock it at the limit, record it
    and tell the user by mail. Returns the user when this failure locked the account."""
    from django.conf import settings
    from django.db.models import F

    limit = getattr(settings, "GONGKAI_ACCOUNT_FAILURE_LIMIT", 20)
    with transaction.atomic():
        updated = User.objects.filter(username=username).update(failed_logins=F("failed_logins") + 1)
        if not updated:
            return None
        user = User.objects.select_for_update().get(username=username)
        if user.locked_at is not None or user.failed_logins < limit:
            return None
        user.locked_at = timezone.now()
        user.save(update_fields=["locked_at"])
        record_event(actor=SYSTEM, event_type=EventType.USER_LOCKED, obj=user,
                     details={"failures": user.failed_logins})
        if user.email:  # through the one mail task, once the lock is committed
            queue_mail([user.email], *render_mail("organs/emails/lock_notice", {"user": user, "limit": limit}))
    return user


def login_succeeded(*, user: User) -> None:
    if user.failed_logins:
        User.objects.filter(pk=user.pk).update(failed_logins=0)


@transaction.atomic
def user_unlock(*, actor: Actor, user: User) -> User:
    """A system administrator lifts the account lock-out (and django-axes' per-address lock-outs of the user)."""
    _require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    was_locked = user.locked_at is not None
    user.failed_logins, user.locked_at = 0, None
    user.save(update_fields=["failed_logins", "locked_at"])
    from axes.utils import reset

    reset(username=user.username)
    record_event(actor=actor, event_type=EventType.USER_UNLOCKED, obj=user, details={"was_locked": was_locked})
    return user


@transaction.atomic
def role_grant(*, actor: Actor, user: User, organ: Organ, role: str) -> Membership:
    _require_admin(actor)
    if role not in Role.values:
        raise ApplicationError("角色无效。", field="role")
    membership, created = Membership.objects.get_or_create(user=user, organ=organ, role=role)
    if created:
        record_event(actor=actor, event_type=EventType.ROLE_GRANTED, obj=membership, organ=organ,
                     details={"user": user.username, "role": role})
    forget_grants(user)
    return membership


@transaction.atomic
def role_revoke(*, actor: Actor, user: User, organ: Organ, role: str) -> None:
    _require_admin(actor)
    deleted, _ = Membership.objects.filter(user=user, organ=organ, role=role).delete()
    if not deleted:
        raise ApplicationError("该用户在此机关没有这个角色。")
    record_event(actor=actor, event_type=EventType.ROLE_REVOKED, obj=user, organ=organ,
                 details={"user": user.username, "role": role})
    forget_grants(user)


@transaction.atomic
def totp_remove(*, actor, user: User) -> int:
    """A system administrator removes a user's TOTP devices (a lost phone): the user signs in with the password
    alone until they set up a new one. Audited with the number of devices removed; none is an error."""
    _require_admin(actor)
    devices = TOTPDevice.objects.select_for_update().filter(user=user)
    count = len(devices)
    if not count:
        raise ApplicationError("该用户没有两步验证设备。")
    devices.delete()
    record_event(actor=actor, event_type=EventType.TOTP_REMOVED, obj=user, details={"devices": count})
    return count
