"""Snippets and highlighting, server-side. Pure: escape the text first, then mark the terms."""

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

# html.escape is what django.utils.html.escape calls, without its lazy-string wrapper (a call per marked segment)

SNIPPET_CHARS = 120
LEAD_CHARS = 30
RAW_SLACK = 4  # raw characters read per shown character around the term
_SPACE = re.compile(r"\s+")


def _pattern(terms: list[str]) -> re.Pattern | None:
    return _compiled(tuple(terms))


@lru_cache(maxsize=256)  # a result page marks the same terms in twenty strings
def _compiled(terms: tuple[str, ...]) -> re.Pattern | None:
    longest_first = [t for t in sorted(set(terms), key=len, reverse=True) if t]
    if not longest_first:
        return None
    return re.compile("|".join(re.escape(t) for t in longest_first), re.IGNORECASE)


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
    """A window of `text` (runs of white space as one space) around the first term found (its start when none
    is), highlighted. Only the neighbourhood of that term is flattened: an attachment's 100,000 characters cost
    no more than a paragraph."""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    at = match.start() if match else 0
    # Raw characters around the term, generously: white space shrinks when flattened.
    lo, hi = max(0, at - LEAD_CHARS * RAW_SLACK), at + length * RAW_SLACK
    flat = _SPACE.sub(" ", text[lo:hi])
    before = lo > 0 and not text[:lo].isspace()
    after = hi < len(text) and not text[hi:].isspace()
    if not before:
        flat = flat.lstrip()
    if not after:
        flat = flat.rstrip()
    found = pattern.search(flat) if match else None
    start = max(0, found.start() - LEAD_CHARS) if found else 0
    window = flat[start:start + length]
    prefix = "…" if start > 0 or before else ""
    suffix = "…" if start + length < len(flat) or after else ""
    return mark_safe(prefix + mark(window, terms) + suffix)
