"""Write helpers shared by every app's services (HackSoft's `model_update`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)
Diff = dict[str, list[Any]]


def audit_value(value: Any) -> Any:
    """A value as the audit trail keeps it: a related row by its name, anything else as it is."""
    return str(value) if isinstance(value, models.Model) else value


def model_update(instance: M, data: Mapping[str, Any], fields: Iterable[str], *, save: bool = True,
                 display: Callable[[Any], Any] = audit_value) -> tuple[M, Diff]:
    """Set on `instance` each of `fields` given in `data` whose value differs; return the instance and the
    diff, `{field: [old, new]}` (values through `display`), for the service's EventLog row.

    Only the changed fields are saved (with `updated_at` where the model keeps one); a row not yet in the
    database is saved whole. `save=False` leaves saving to the caller (which then saves more). A key of
    `data` that is not one of `fields` is a programming error (TypeError), never silently dropped.
    """
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown {type(instance).__name__} fields: {sorted(unknown)}")
    diff: Diff = {}
    for name, new in data.items():  # in the caller's order: the audit sentence lists them so
        old = getattr(instance, name)
        if old != new:
            diff[name] = [display(old), display(new)]
            setattr(instance, name, new)
    if save and (diff or instance._state.adding):
        if instance._state.adding:
            instance.save()
        else:
            auto = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
            instance.save(update_fields=[*(instance._meta.get_field(n).name for n in diff), *auto])
    return instance, diff
