"""Control characters: never typed by a person, refused at the edge (middleware.InputHygieneMiddleware), and
stripped where text from before that rule (imports, old records) goes into a document: a Word file cannot
hold them (python-docx raises on a \\x0b), nor can PostgreSQL a NUL."""

import re

# C0 control characters and DEL, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def strip_controls(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text or "")


# --- numbering and punctuation of text that goes into a letter under seal (GB/T 9704, GB/T 15834) ------
# What people type often carries its own numbering ("1. 文件名称", "（二）…") and its own full stop, and the
# templates add both again ("1. 1. …", "…文件。”。"). These take them off before the text goes into a
# letter, and tidy what a template joined.

# 序数 a clerk may type before an item: 1. 1、 1） (1) （1） 一、 （一） ① …, with any spacing.
_ITEM_NUMBER = re.compile(
    r"^\s*(?:"
    r"[（(]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[0-9０-９]{1,3}\s*[.．、)）](?![0-9０-９])"
    r"|[一二三四五六七八九十]+\s*[、.．]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"
    r")\s*"
)
_END_PUNCTUATION = "。．.；;，,、：:！!？?"


def strip_item_number(text: str) -> str:
    """'1. 请写明文号' → '请写明文号' (the letter numbers its items itself)."""
    return _ITEM_NUMBER.sub("", text or "", count=1).strip()


def clean_items(items) -> list[str]:
    """Items typed one per line: numbering taken off, blank lines dropped."""
    return [t for t in (strip_item_number(i) for i in items or []) if t]


def for_quoting(text: str) -> str:
    """Text to quote inside a sentence (申请获取“…”。): one line, without its own closing punctuation
    (GB/T 15834: a quotation used as part of the sentence leaves its full stop to the sentence)."""
    one_line = re.sub(r"\s*\n\s*", "；", (text or "").strip())
    return one_line.rstrip(_END_PUNCTUATION + " ").strip()


_CLOSERS = "”’」』）)》"
_DOUBLED_AFTER_CLOSER = re.compile(rf"[。；，、]([{_CLOSERS}])(?=[。；，、：])")
_RUN = re.compile(r"([，。；、：])[，。；、：]*([，。；、：])")
_SAME = re.compile(r"([，。；、：！？])\1+")


def tidy_punctuation(text: str) -> str:
    """Take out punctuation a template doubled: '文件。”。' → '文件”。', '理由。。' → '理由。',
    '说明，。' → '说明。' (the later mark is the sentence's own)."""
    text = _DOUBLED_AFTER_CLOSER.sub(r"\1", text)
    text = _SAME.sub(r"\1", text)
    return _RUN.sub(r"\2", text)
