"""One name per organ across the reports of a batch audit.

Reports of the same organ print its name differently from year to year: with or without the
higher levels (``淮安市洪泽区人民政府`` / ``洪泽区人民政府``), or with ``政府`` for ``人民政府``.
`name_key` reduces a name to the lowest administrative division it names plus the organ itself;
`canonical_names` maps every name read to one name per key: the organ registry's (`Organ.name`)
where exactly one registered organ has that key, else the most specific name the batch printed.
Pure functions, but `registry_names`, which reads the registry when a database is there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# An administrative division at the start of a name: 省, 自治区, 市, 自治州, 州, 盟, 地区, 县, 区, 旗,
# and the 乡镇级 (乡, 镇, 街道).  At least one character before the suffix (市场监督管理局 is no 市).
_DIVISION = re.compile(r"^[\u4e00-\u9fff]{1,7}?(?:自治区|自治州|自治县|特别行政区|地区|街道|省|市|州|盟|县|区|旗|乡|镇)")
_GOVERNMENT = re.compile(r"^(?:人民)?政府$")


def name_key(name: str) -> str:
    """The lowest division named plus the organ: 江苏省淮安市洪泽区人民政府 → 洪泽区人民政府."""
    n = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    last = ""
    while (m := _DIVISION.match(n)) and len(n) > m.end():
        last, n = m.group(), n[m.end():]
    if _GOVERNMENT.match(n):
        n = "人民政府"
    return last + n


def canonical_names(names: Iterable[str | None], registry: Iterable[str] = ()) -> dict[str, str]:
    """Every name read → the one name used for its organ in the batch."""
    by_key: dict[str, set[str]] = {}
    for reg in registry:
        by_key.setdefault(name_key(reg), set()).add(reg)
    seen: dict[str, list[str]] = {}
    for name in names:
        if name:
            seen.setdefault(name_key(name), []).append(name)
    out = {}
    for key, printed in seen.items():
        known = by_key.get(key, set())
        # the registry's name when it knows exactly one such organ; else the longest name printed
        # (the most specific), ties broken by the order of the batch
        chosen = next(iter(known)) if len(known) == 1 else max(printed, key=len)
        out.update(dict.fromkeys(printed, chosen))
    return out


def registry_names() -> list[str]:
    """The names of the organs in the registry; empty when there is no database to read."""
    from django.db import DatabaseError

    from gongkai.organs.models import Organ

    try:
        return list(Organ.objects.values_list("name", flat=True))
    except DatabaseError:  # no database, or not migrated: the batch's own names are used
        return []
