"""Documents ready to seal: the page, margins and fonts of GB/T 9704-2012《党政机关公文格式》.

- Paper A4 (210 mm × 297 mm); 版心 156 mm × 225 mm, 天头 37 mm, 订口 28 mm (GB/T 9704 §5.2.1), so the
  margins are top 37, bottom 35, left 28, right 26 mm.
- 正文 3号仿宋_GB2312 (16 pt), 标题 2号方正小标宋简体 (22 pt) (§7.3.2, §7.3.3); 22 lines of 28 characters
  a page (§5.2.2): a fixed line height of 225 mm / 22 ≈ 29 pt.

The fonts are those a government office's computers have; the server has none of them. So each font is
declared with its fallback: in a DOCX the font table names 仿宋_GB2312 with 仿宋 as its alternative (Word
and WPS substitute it where 仿宋_GB2312 is missing), 方正小标宋简体 with 宋体; a PDF is set in the first
family of `settings.GONGKAI_DOCUMENT_FONTS` the server has, ending with Noto Serif CJK SC (Debian's
fonts-noto-cjk, installed by scripts/install-system-deps) — a 宋体-style face, the declared fallback.
`pdf_fallback_in_use()` tells whether the PDF is set in that fallback (a system check warns).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_PT, TITLE_PT, LINE_PT = 16, 22, 29
FALLBACK_FAMILY = "Noto Serif CJK SC"


@dataclass(frozen=True)
class Fonts:
    body: str  # the 正文 font a DOCX names
    body_alt: str  # its declared alternative in the DOCX font table
    title: str
    title_alt: str
    latin: str  # digits and Latin letters
    pdf_body: tuple[str, ...]  # CSS families for the PDF, best first; the last is the fallback
    pdf_title: tuple[str, ...]


DEFAULT_FONTS = {
    "body": "仿宋_GB2312", "body_alt": "仿宋", "title": "方正小标宋简体", "title_alt": "宋体",
    "latin": "Times New Roman",
    "pdf_body": ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "FZFangSong-Z02", FALLBACK_FAMILY),
    "pdf_title": ("FZXiaoBiaoSong-B05", "方正小标宋简体", "FZXiaoBiaoSong-B05S", FALLBACK_FAMILY),
}


def fonts() -> Fonts:
    """The document fonts: DEFAULT_FONTS updated with settings.GONGKAI_DOCUMENT_FONTS."""
    from django.conf import settings

    merged = {**DEFAULT_FONTS, **getattr(settings, "GONGKAI_DOCUMENT_FONTS", {})}
    for key in ("pdf_body", "pdf_title"):
        families = tuple(merged[key])
        merged[key] = families if families[-1:] == (FALLBACK_FAMILY,) else (*families, FALLBACK_FAMILY)
    return Fonts(**merged)


def css_families(families: tuple[str, ...]) -> str:
    return ", ".join(f'"{f}"' for f in families) + ", serif"


@lru_cache(maxsize=8)
def _installed(family: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True, timeout=10)
    return bool(out.stdout.strip())


def pdf_fallback_in_use() -> bool:
    """True when no 仿宋 family before the fallback is installed: PDFs are then set in Noto Serif CJK SC."""
    return not any(_installed(f) for f in fonts().pdf_body[:-1])


# --- DOCX ----------------------------------------------------------------------------------------------


def a4_section(document) -> None:
    """Every section of `document` A4 portrait with the GB/T 9704 margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def set_run_font(run_or_style, east_asia: str, *, latin: str | None = None, size_pt: float | None = None,
                 bold: bool | None = None) -> None:
    """Name the East Asian and Latin fonts of a run or a style (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = latin or east_asia
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:ascii"), latin or east_asia)
    rfonts.set(qn("w:hAnsi"), latin or east_asia)


def declare_fallbacks(document, pairs: list[tuple[str, str]]) -> None:
    """Add each font with its alternative (`w:altName`) to the document's font table, so a computer
    without the font uses the declared alternative rather than a guess."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    part = document.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in pairs:
        if name in present:
            continue
        root.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def official_document():
    """A new python-docx Document set up as GB/T 9704 says: A4, margins, 3号仿宋 body with a fixed 29 pt
    line, fonts declared with their fallbacks."""
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    f = fonts()
    document = Document()
    a4_section(document)
    normal = document.styles["Normal"]
    set_run_font(normal, f.body, latin=f.latin, size_pt=BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    declare_fallbacks(document, [(f.body, f.body_alt), (f.title, f.title_alt)])
    return document
