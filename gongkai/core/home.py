"""工作台首页 (/staff/): the panels and the review queue each app contributes, per role.

Like the 督办 registry (`core.chase`), core holds the registry and apps register in `AppConfig.ready`,
so a new panel (the supervisor's, the portal's 咨询 queue) is added without editing the home view:

- `@register_panel(key, title=…, roles={…}, order=n)` on `fn(user, *, today) -> list[Line] | None`: one
  panel of counts with links, shown to users holding one of `roles`. Panels are shown by `order` — the
  order a clerk works in (applications 10, 督办 25, letters 30, catalogue 40, annual report 50, the
  column owner's columns 60, …). A panel with no line is left out.
- `@register_queue(key, roles={…})` on `fn(user, *, today) -> list[QueueEntry]`: what awaits the user's
  decision (extensions, letters, items, reports); every source's entries make one queue, oldest first.

Every count links to the list it counts: a panel computes its count from the same named read (selector)
that the linked list shows, so the two cannot differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of a panel: a label, the number it counts (None for a state, e.g. a report's), the list
    it links to, what to do about it and whether it is urgent (overdue, expired)."""

    label: str
    count: int | None
    url: str
    action: str = ""
    urgent: bool = False
    note: str = ""


@dataclass(frozen=True)
class Action:
    """A POST the queue offers on an entry: to an existing endpoint of the entry's app, which redirects
    back to `next`. `reason` names the field for a required reason ("" when none is asked)."""

    url: str
    label: str
    fields: tuple[tuple[str, str], ...] = ()  # hidden fields, e.g. (("version", "3"),)
    reason: str = ""
    reason_label: str = ""
    disabled: str = ""  # why the action cannot be taken now (shown instead of the button)


@dataclass(frozen=True)
class QueueEntry:
    """One thing awaiting the user's decision, with the facts needed to decide it from the queue."""

    kind: str  # 延期申请, 答复书, 政府信息, 年度报告 …
    title: str
    url: str
    organ: str
    since: dt.datetime | dt.date | None
    facts: tuple[str, ...] = ()
    approve: Action | None = None
    send_back: Action | None = None

    @property
    def since_date(self) -> dt.date | None:
        if isinstance(self.since, dt.datetime):
            from django.utils import timezone

            return timezone.localtime(self.since).date() if timezone.is_aware(self.since) else self.since.date()
        return self.since


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


PanelFn = Callable[..., "list[Line] | None"]  # fn(user, *, today) -> lines
QueueFn = Callable[..., "list[QueueEntry]"]  # fn(user, *, today) -> entries


@dataclass(frozen=True)
class _PanelSpec:
    key: str
    title: str
    roles: frozenset[str]
    order: int
    fn: PanelFn


@dataclass(frozen=True)
class _QueueSpec:
    key: str
    roles: frozenset[str]
    fn: QueueFn


_PANELS: dict[str, _PanelSpec] = {}
_QUEUES: dict[str, _QueueSpec] = {}


def register_panel(key: str, *, title: str, roles: set[str] | frozenset[str], order: int
                   ) -> Callable[[PanelFn], PanelFn]:
    def decorator(fn: PanelFn) -> PanelFn:
        _PANELS[key] = _PanelSpec(key, title, frozenset(roles), order, fn)
        return fn

    return decorator


def register_queue(key: str, *, roles: set[str] | frozenset[str]) -> Callable[[QueueFn], QueueFn]:
    def decorator(fn: QueueFn) -> QueueFn:
        _QUEUES[key] = _QueueSpec(key, frozenset(roles), fn)
        return fn

    return decorator


def panels_for(user, *, roles: set[str], today: dt.date) -> list[Panel]:
    """The panels for a user holding `roles` (computed by the caller: core knows no organs), in order."""
    out = []
    for spec in sorted(_PANELS.values(), key=lambda s: (s.order, s.key)):
        if spec.roles & roles:
            lines = spec.fn(user, today=today)
            if lines:
                out.append(Panel(spec.key, spec.title, list(lines)))
    return out


def queue_for(user, *, roles: set[str], today: dt.date) -> list[QueueEntry]:
    """Everything awaiting the user's decision, from every registered source, oldest first."""
    entries: list[QueueEntry] = []
    for spec in sorted(_QUEUES.values(), key=lambda s: s.key):
        if spec.roles & roles:
            entries += spec.fn(user, today=today)

    def key(entry: QueueEntry):
        since = entry.since_date
        return (since is None, since or dt.date.max, entry.kind, entry.title)

    return sorted(entries, key=key)
