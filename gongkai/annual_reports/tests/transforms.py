"""The forms a crawler, a CMS archive or a CSV export gives of a published report (issue 13).

Each transformation takes the text of a report and returns what such a tool would store:

* ``join-nothing`` / ``join-space`` / ``join-ideographic``: every line joined into one, with
  nothing, a space or a full-width space (``textContent``, XPath ``string()``);
* ``glued``: the separators inside table rows removed (cells printed as one run of digits);
* ``cr``: bare carriage returns for line ends;
* ``stray``: a lone ``1`` line (a PDF page artefact) injected before a table-三 row;
* ``cells-cr`` (for text with tab-separated rows): one cell a line, cells three bare CRs apart, a
  blank cell an empty line (``二、上年结转…\r\r\r0\r\r\r0…\r\r\r\r\r\r``).

An HTML page is first turned into the text a browser's ``innerText`` gives (one line per block
or table row, cells separated by tabs, a blank cell an empty field), as a crawler stores it.
"""

from __future__ import annotations

import re

FORMS = ("join-nothing", "join-space", "join-ideographic", "glued", "cr", "stray")

_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "tr", "br", "section",
                    "article", "ul", "ol", "center", "body", "title"})
_SKIP = frozenset({"script", "style", "head", "noscript", "template"})


def html_inner_text(html: str) -> str:
    """The page as a browser's innerText gives it: blocks and table rows as lines, cells by tabs."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    out: list[str] = []

    def text(t: str | None) -> None:  # HTML collapses whitespace; only blocks break lines
        if t:
            out.append(re.sub(r"\s+", " ", t))

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            text(el.tail)
            return
        if tag in ("td", "th"):
            out.append(re.sub(r"\s+", " ", el.text_content()).strip().replace("\xa0", "") + "\t")
        else:
            if tag in _BLOCK:
                out.append("\n")
            text(el.text)
            for child in el:
                walk(child)
            if tag in _BLOCK:
                out.append("\n")
        text(el.tail)

    walk(root)
    lines = [re.sub(r"[ \u00a0]+", " ", ln).strip(" ").rstrip("\t").strip(" ") for ln in "".join(out).split("\n")]
    return "\n".join(ln for ln in lines if ln.strip())


def plain_text(name: str, data: bytes) -> str:
    """The text a crawler stores for a corpus file (HTML as innerText, text as it is)."""
    text = data.decode("utf-8")
    return html_inner_text(text) if name.endswith(".html") else text


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


_TABLE_ROW = re.compile(r"\d[\s|]+\d")


def glued(text: str) -> str:
    """Remove the separators between the numbers of every table row (a line printing at least
    three numbers and no sentence)."""
    out = []
    for line in _lines(text):
        numbers = re.findall(r"(?<![\d.])\d+(?![\d.])", line)
        if len(numbers) >= 2 and "。" not in line:
            line = re.sub(r"(?<=\d)[\s|]+(?=\d)", "", line)
        out.append(line)
    return "\n".join(out)


_STRAY_BEFORE = re.compile(r"^\s*\|?\s*[（(]一[）)]\s*予以公开")


def stray(text: str) -> str:
    """A lone "1" line before the table-三 row （一）予以公开 (or the row after 二、上年结转)."""
    lines = _lines(text)
    at = next((i for i, ln in enumerate(lines) if _STRAY_BEFORE.match(ln)), None)
    if at is None:
        at = next(i for i, ln in enumerate(lines) if "上年结转" in ln) + 1
    return "\n".join(lines[:at] + ["1"] + lines[at:])


def transform(text: str, form: str) -> str:
    if form.startswith("join-"):
        sep = {"join-nothing": "", "join-space": " ", "join-ideographic": "\u3000"}[form]
        return sep.join(ln.strip() for ln in _lines(text) if ln.strip())
    if form == "glued":
        return glued(text)
    if form == "cr":
        return "\r".join(_lines(text))
    if form == "stray":
        return stray(text)
    if form == "cells-cr":
        return "\r".join("\r\r\r".join(ln.split("\t")) + "\r\r" if "\t" in ln else ln for ln in _lines(text))
    raise ValueError(form)
