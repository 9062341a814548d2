"""A one-line progress bar for management commands (plain lines every 10% when not on a terminal)."""

from django.core.management.base import OutputWrapper


class ProgressBar:
    def __init__(self, stream: OutputWrapper, label: str, width: int = 30):
        self.stream, self.label, self.width = stream, label, width
        self.tty = stream.isatty()
        self.last_pct = -1

    def __call__(self, done: int, total: int) -> None:
        pct = 100 if total <= 0 else min(100, done * 100 // total)
        if pct == self.last_pct:
            return
        self.last_pct = pct
        filled = self.width * pct // 100
        line = f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {pct:3d}% ({done}/{total})"
        if self.tty:
            self.stream.write("\r" + line, ending="\n" if pct == 100 else "")
            self.stream.flush()
        elif pct % 10 == 0:
            self.stream.write(line)
