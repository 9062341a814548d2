"""Named reads about organs, users and roles.

A user's memberships are read once per user object and kept on it, so a page that asks many
permission questions costs one query.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import DisclosureOffice, Membership, Organ, Role

_CACHE_ATTR = "_gongkai_memberships"


@dataclass(frozen=True)
class Grant:
    organ_id: int
    organ_path: str
    role: str


def grants_of(user) -> tuple[Grant, ...]:
    """Every (organ, role) the user holds; empty for anonymous or inactive users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = tuple(
            Grant(organ_id, path, role)
            for organ_id, path, role in Membership.objects.filter(user=user, organ__is_active=True).values_list(
                "organ_id", "organ__path", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    """Drop the cached memberships (after a grant or revoke)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_sysadmin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(g.role == Role.SYSADMIN for g in grants_of(user))


def roles_for(user, organ: Organ) -> set[str]:
    """The roles the user holds directly for this organ (a supervisor's reach is not a role here)."""
    return {g.role for g in grants_of(user) if g.organ_id == organ.pk}


def has_role(user, organ: Organ, *roles: str) -> bool:
    return bool(roles_for(user, organ) & set(roles))


def supervises(user, organ: Organ) -> bool:
    """True when the user holds 主管部门 for this organ or one of its ancestors."""
    return any(g.role == Role.SUPERVISOR and organ.path.startswith(g.organ_path) for g in grants_of(user))


def visible_organs(user) -> QuerySet[Organ]:
    """The organs this user may see: those they hold a role in, plus every supervised subtree.

    A system administrator sees all; anonymous users see none.
    """
    if is_sysadmin(user):
        return Organ.objects.all()
    grants = grants_of(user)
    if not grants:
        return Organ.objects.none()
    condition = Q(pk__in={g.organ_id for g in grants})
    for g in grants:
        if g.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=g.organ_path)
    return Organ.objects.filter(condition)


def organs_overseen(user, *roles: str) -> QuerySet[Organ]:
    """The organs whose records of one kind the user may list: where they hold one of `roles`, plus every
    supervised subtree; all for a system administrator. The list-side twin of the object checks written
    `has_role(user, organ, *roles) or supervises(user, organ)`, so a list never shows what its object page
    would refuse (a column owner lists no applications or remedies)."""
    if is_sysadmin(user):
        return Organ.objects.all()
    grants = grants_of(user)
    condition = Q(pk__in={g.organ_id for g in grants if g.role in roles})
    for g in grants:
        if g.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=g.organ_path)
    return Organ.objects.filter(condition)


def organs_with_role(user, *roles: str) -> QuerySet[Organ]:
    """The organs where the user directly holds one of `roles` (a clerk's or reviewer's own organs)."""
    ids = {g.organ_id for g in grants_of(user) if g.role in roles}
    return Organ.objects.filter(pk__in=ids)


def subtree(organ: Organ) -> QuerySet[Organ]:
    """The organ and every organ below it."""
    return Organ.objects.filter(path__startswith=organ.path)


def find_organ(name_or_code: str) -> Organ | None:
    """Resolve a command-line `--organ` value: the code (either form) or the full name."""
    from .codes import normalise_code

    value = name_or_code.strip()
    return Organ.objects.filter(Q(code=normalise_code(value)) | Q(name=value)).first()


def office_of(organ: Organ) -> DisclosureOffice | None:
    try:
        return organ.office
    except DisclosureOffice.DoesNotExist:
        return None


def active_organs() -> QuerySet[Organ]:
    """The organs that take applications now (deactivated ones, merged or abolished, left out), parents first."""
    return Organ.objects.filter(is_active=True).select_related("parent").order_by("depth", "path")
