"""Snippets and highlighting, server-side. Pure: escape the text first, then mark the terms."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120
LEAD_CHARS = 30


def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = [t for t in sorted(set(terms), key=len, reverse=True) if t]
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def mark(text: str, terms: list[str]) -> SafeString:
    """`text` HTML-escaped, every occurrence of a term wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, terms: list[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """A window of `text` around the first term found (its start when none is), highlighted."""
    flat = re.sub(r"\s+", " ", text).strip()
    pattern = _pattern(terms)
    match = pattern.search(flat) if pattern else None
    start = max(0, match.start() - LEAD_CHARS) if match else 0
    window = flat[start:start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(flat) else ""
    return mark_safe(prefix + mark(window, terms) + suffix)
