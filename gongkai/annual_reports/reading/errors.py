"""The one error the reader raises: the input cannot be read as an annual report."""

from __future__ import annotations


class ReportReadError(ValueError):
    """An unreadable input; the message is Chinese and meant for people (never a traceback)."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
