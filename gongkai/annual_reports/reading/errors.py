"""The one error the reader raises: the input cannot be read as an annual report."""

from __future__ import annotations

from gongkai.core.untrusted import UnreadableFile


class ReportReadError(UnreadableFile):
    """An unreadable input; the message is Chinese and meant for people (never a traceback).

    A kind of `gongkai.core.untrusted.UnreadableFile`, so the bounded worker (`run_bounded`) passes it
    through unchanged and every upload shares one error contract."""
