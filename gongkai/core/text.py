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
