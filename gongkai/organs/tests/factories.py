"""factory_boy factories for organs, users and roles (registered in the root conftest's `world`)."""

import itertools

import factory

from gongkai.core.testing import TEST_PASSWORD  # noqa: F401  (re-exported: the tests log in with it)
from gongkai.organs.codes import make_uscc
from gongkai.organs.models import DisclosureOffice, Membership, Organ, Role, User

_serial = itertools.count(1)


def _next_code(region_code: str = "230502") -> str:
    return make_uscc(region_code, f"T{next(_serial):07d}")


class OrganFactory(factory.django.DjangoModelFactory):
    """Builds an organ with a valid code and a correct tree path (as the services would)."""

    class Meta:
        model = Organ
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试机关{n}")
    kind = Organ.Kind.DEPARTMENT
    region_code = "230502"
    code = factory.LazyAttribute(lambda o: _next_code(o.region_code))
    parent = None

    @factory.post_generation
    def _place(obj, create, extracted, **kwargs):
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        obj.depth = obj.parent.depth + 1 if obj.parent else 0
        if create:
            obj.save(update_fields=["path", "depth"])


class DisclosureOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureOffice

    organ = factory.SubFactory(OrganFactory)
    name = factory.LazyAttribute(lambda o: f"{o.organ.name}办公室")
    address = "双鸭山市东矿路1号"
    postcode = "155120"
    office_hours = "工作日 8:30-11:30，13:30-17:00"
    phone = "0469-4381313"
    fax = "0469-4381314"
    email = "ldqzfb@126.com"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organ = factory.SubFactory(OrganFactory)
    role = Role.CLERK


def user_with_role(organ: Organ, role: str, **kwargs) -> User:
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, organ=organ, role=role)
    return user


def admin_user_form(user, **overrides) -> dict:
    """The admin's user change form as a browser posts it (no membership rows), with `overrides`."""
    data = {"username": user.username, "full_name": user.full_name, "email": user.email, "phone": user.phone,
            "is_active": "on" if user.is_active else "", "is_superuser": "on" if user.is_superuser else "",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}
