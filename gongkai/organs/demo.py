"""Demo organs, offices and users (used by `manage.py load_demo`).

双鸭山市人民政府 → 岭东区人民政府 → its departments and a 街道办事处. The 岭东区 office's contacts
are those printed in the seed report (../shared/seed); the others are invented for the demo.
"""

import secrets
import string
from dataclasses import dataclass

from django.db import transaction

from . import services
from .codes import make_uscc
from .models import Organ, Role, User


@dataclass(frozen=True)
class DemoOrgan:
    key: str
    name: str
    short_name: str
    kind: str
    region_code: str
    code_body: str  # first 8 characters of the 组织机构代码
    parent: str | None
    office: dict


LINGDONG_OFFICE = {
    "name": "岭东区人民政府办公室",
    "address": "双鸭山市东矿路1号",
    "postcode": "155120",
    "office_hours": "工作日 上午8:30—11:30，下午13:30—17:00",
    "phone": "0469-4381313",
    "email": "ldqzfb@126.com",
    "head": "周琦",
}

DEMO_ORGANS = (
    DemoOrgan("city", "双鸭山市人民政府", "双政", Organ.Kind.GOVERNMENT, "230500", "D0000001", None, {
        "name": "双鸭山市人民政府办公室", "address": "双鸭山市尖山区新兴大街1号", "postcode": "155100",
        "office_hours": "工作日 上午8:30—11:30，下午13:30—17:00", "phone": "0469-4220000",
        "fax": "0469-4220001", "email": "sysgk@example.gov.cn"}),
    DemoOrgan("district", "岭东区人民政府", "岭政", Organ.Kind.GOVERNMENT, "230502", "D0000002", "city",
              LINGDONG_OFFICE),
    DemoOrgan("fgj", "岭东区发展和改革局", "岭发改", Organ.Kind.DEPARTMENT, "230502", "D0000003", "district", {
        "name": "岭东区发展和改革局办公室", "address": "双鸭山市岭东区东矿路3号", "postcode": "155120",
        "office_hours": "工作日 上午8:30—11:30，下午13:30—17:00", "phone": "0469-4381501",
        "email": "ldfgj@example.gov.cn"}),
    DemoOrgan("jyj", "岭东区教育局", "岭教", Organ.Kind.DEPARTMENT, "230502", "D0000004", "district", {
        "name": "岭东区教育局办公室", "address": "双鸭山市岭东区学府路8号", "postcode": "155120",
        "office_hours": "工作日 上午8:30—11:30，下午13:30—17:00", "phone": "0469-4381602",
        "fax": "0469-4381603", "email": "ldjyj@example.gov.cn"}),
    DemoOrgan("czj", "岭东区财政局", "岭财", Organ.Kind.DEPARTMENT, "230502", "D0000005", "district", {
        "name": "岭东区财政局办公室", "address": "双鸭山市岭东区东矿路5号", "postcode": "155120",
        "office_hours": "工作日 上午8:30—11:30，下午13:30—17:00", "phone": "0469-4381703",
        "email": "ldczj@example.gov.cn"}),
    DemoOrgan("zsjd", "岭东区中山街道办事处", "岭中街", Organ.Kind.DISPATCHED, "230502", "D0000006", "district", {
        "name": "中山街道党政综合办公室", "address": "双鸭山市岭东区中山路12号", "postcode": "155120",
        "office_hours": "工作日 上午8:30—11:30，下午13:30—17:00", "phone": "0469-4381804"}),
)

# (username, full name, organ key, role)
DEMO_USERS = (
    ("admin", "系统管理员", "city", Role.SYSADMIN),
    ("city_supervisor", "市政务公开办", "city", Role.SUPERVISOR),
    ("ld_supervisor", "区政务公开办", "district", Role.SUPERVISOR),
    ("ld_clerk", "王晓燕", "district", Role.CLERK),
    ("ld_reviewer", "周琦", "district", Role.REVIEWER),
    ("ld_columns", "李栏目", "district", Role.COLUMN_OWNER),
    ("fgj_clerk", "张发改", "fgj", Role.CLERK),
    ("fgj_reviewer", "赵审核", "fgj", Role.REVIEWER),
    ("jyj_clerk", "刘教育", "jyj", Role.CLERK),
)


def demo_code(spec: DemoOrgan) -> str:
    return make_uscc(spec.region_code, spec.code_body)


def _new_password() -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "Gk-" + "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in candidate) and any(c.isupper() for c in candidate):
            return candidate


@dataclass
class DemoResult:
    organs: dict
    created_organs: list
    passwords: dict  # username -> password, only for users created (or reset) in this run


@transaction.atomic
def load_demo_organs(*, reset_passwords: bool = False) -> DemoResult:
    organs: dict[str, Organ] = {}
    created: list[str] = []
    for spec in DEMO_ORGANS:
        organ = Organ.objects.filter(code=demo_code(spec)).first()
        if organ is None:
            organ = services.organ_create(
                actor=None, name=spec.name, short_name=spec.short_name, kind=spec.kind, code=demo_code(spec),
                region_code=spec.region_code, parent=organs[spec.parent] if spec.parent else None,
            )
            services.office_update(actor=None, organ=organ, **spec.office)
            created.append(spec.name)
        organs[spec.key] = organ

    passwords: dict[str, str] = {}
    for username, full_name, organ_key, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            passwords[username] = _new_password()
            user = services.user_create(actor=None, username=username, password=passwords[username],
                                        full_name=full_name)
        elif reset_passwords:
            passwords[username] = _new_password()
            user.set_password(passwords[username])
            user.save(update_fields=["password"])
        services.role_grant(actor=None, user=user, organ=organs[organ_key], role=role)
    return DemoResult(organs=organs, created_organs=created, passwords=passwords)
