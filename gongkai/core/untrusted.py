"""Reading files nobody vouches for: the limits, the one error, and a worker that cannot take the server with it.

Every parse of an uploaded or imported file (the public report audit, `audit_report`, catalogue
attachments, the CSV/Excel imports) goes through here:

* `limits()` — pages, uncompressed size, characters and seconds, from settings.GONGKAI_READ_LIMITS
  (docs/deploy.md lists them). One place, so the PDF page limit holds whichever extractor reads the file.
* `check_pdf_pages(data)` — count a PDF's pages from its page tree without parsing any page, and
  refuse one over the limit before anything is extracted.
* `open_zip(data)` / `read_member(archive, name)` — a ZIP (DOCX, XLSX) whose entries are checked
  before a byte is inflated: no encryption, no exotic compression, a total uncompressed size within
  the limit, each member read in bounded chunks.
* `run_bounded(fn, *args)` — run `fn` in a forked child with an address-space and CPU limit and a
  wall-clock deadline; the web worker only waits. A child that runs out of memory or time is killed
  and the caller gets `UnreadableFile` with a Chinese message.
* `read_slot()` — at most `concurrent` files read at once by the web workers of one server, so hostile
  uploads never hold every worker (the others are told, in Chinese, to retry).
* `READ_ERRORS` — the exception families the parsing libraries raise for damaged input; callers turn
  them into `UnreadableFile` (never a traceback, never a 500).

Pure Python: no database, no app imports; settings are read only when Django is configured.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any


class UnreadableFile(ValueError):
    """A file that cannot (or may not) be read; `message_zh` is shown to people as it is."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


@dataclass(frozen=True)
class ReadLimits:
    pages: int = 60  # PDF pages (a county's annual report runs to 10–30)
    unzipped_mb: int = 50  # total uncompressed size of a DOCX/XLSX's members (pictures included)
    xml_mb: int = 16  # the one XML part that holds the text (word/document.xml, an XLSX sheet)
    chars: int = 2_000_000  # characters of text kept from one file
    seconds: float = 20.0  # wall-clock time to read one file (under gunicorn's 30 s timeout)
    memory_mb: int = 300  # address space the reading child may add to its parent's
    concurrent: int = 2  # files read at once from web requests on one server (read_slot)
    slot_wait: float = 2.0  # seconds a web request waits for a free slot before it is told to retry


def limits(**overrides: Any) -> ReadLimits:
    """The limits in force: the defaults, then settings.GONGKAI_READ_LIMITS, then `overrides`."""
    configured: dict = {}
    try:
        from django.conf import settings

        if settings.configured:
            configured = dict(getattr(settings, "GONGKAI_READ_LIMITS", {}) or {})
    except ImportError:  # pragma: no cover - Django is always installed with the project
        pass
    return replace(ReadLimits(), **{**configured, **overrides})


def too_complex(lim: ReadLimits) -> str:
    return (f"文件过于复杂，无法在{lim.seconds:g}秒、{lim.memory_mb}MB内存的限制内读取；"
            "请另存为较简单的PDF或DOCX后再试。")


# ------------------------------------------------------------------ library error families


def _families() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = [
        zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, OSError, EOFError, RuntimeError,
        NotImplementedError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
        UnicodeError, RecursionError, MemoryError, OverflowError, ZeroDivisionError, LookupError,
    ]
    try:
        from lxml import etree

        found.append(etree.LxmlError)
    except ImportError:  # pragma: no cover
        pass
    try:
        from pdfminer.pdfexceptions import PDFException
        from pdfminer.psexceptions import PSException

        found += [PDFException, PSException]
    except ImportError:  # pragma: no cover
        pass
    try:
        from pdfplumber.utils.exceptions import PdfminerException

        found.append(PdfminerException)
    except ImportError:  # pragma: no cover
        pass
    return tuple(found)


# Everything pdfminer/pdfplumber, zipfile/zlib, lxml, python-docx and openpyxl raise for damaged input:
# their own families plus the builtins they let through (a KeyError for a missing object, a TypeError
# for a mistyped one, a struct.error or negative seek in a broken ZIP directory).
READ_ERRORS: tuple[type[BaseException], ...] = _families()


# ------------------------------------------------------------------ PDF pages


def pdf_page_count(data: bytes) -> int:
    """The number of pages a PDF declares (its page tree's /Count; the pages counted when absent).
    Reads the cross-reference table and the page tree only, never a page's content."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    if isinstance(count, int) and count >= 0:
        return count
    n = 0
    for n, _page in enumerate(PDFPage.create_pages(document), 1):
        if n > 100_000:
            break
    return n


def check_pdf_pages(data: bytes, lim: ReadLimits | None = None) -> int:
    """Refuse a PDF over the page limit before any page is parsed; returns the page count.
    Encrypted or damaged files are left for the extractor to describe."""
    lim = lim or limits()
    try:
        pages = pdf_page_count(data)
    except READ_ERRORS:
        return 0
    if pages > lim.pages:
        raise UnreadableFile(f"PDF共{pages}页，超过{lim.pages}页的上限，拒绝读取；年度报告通常不超过30页。")
    return pages


# ------------------------------------------------------------------ ZIP containers (DOCX, XLSX)

_DEFLATE_KINDS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def open_zip(data: bytes, lim: ReadLimits | None = None, *, what: str = "文件") -> zipfile.ZipFile:
    """Open a ZIP container after checking its directory: not encrypted, stored or deflated only, and
    its members' uncompressed sizes within the limit. Raises UnreadableFile in Chinese."""
    import io

    lim = lim or limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except READ_ERRORS:
        raise UnreadableFile(f"{what}已损坏（不是有效的ZIP压缩包），无法读取。") from None
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableFile(f"{what}已加密，无法读取；请提供未加密的文件。")
        if info.compress_type not in _DEFLATE_KINDS:
            raise UnreadableFile(f"{what}使用了不支持的压缩方式，无法读取；请用Word或WPS重新保存后再试。")
        total += max(info.file_size, 0)
    if total > lim.unzipped_mb * 1024 * 1024:
        raise UnreadableFile(f"{what}解压后超过{lim.unzipped_mb}MB的上限，拒绝读取。")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, lim: ReadLimits | None = None, *, what: str = "文件") -> bytes:
    """One XML member's bytes, inflated in chunks and cut off at `xml_mb` whatever its header claims."""
    lim = lim or limits()
    cap = lim.xml_mb * 1024 * 1024
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(name) as handle:
            while block := handle.read(1 << 20):
                size += len(block)
                if size > cap:
                    raise UnreadableFile(f"{what}的正文解压后超过{lim.xml_mb}MB的上限，拒绝读取。")
                chunks.append(block)
    except UnreadableFile:
        raise
    except READ_ERRORS:
        raise UnreadableFile(f"{what}已损坏（压缩数据无法解开），无法读取。") from None
    return b"".join(chunks)


# ------------------------------------------------------------------ at most N reads at once per server


BUSY = "正在读取的文件较多，服务器繁忙；请稍后再试。"


def _slot_dir() -> str:
    import hashlib
    import tempfile

    key = "gongkai"
    try:
        from django.conf import settings

        if settings.configured:
            key += f"|{settings.BASE_DIR}|{settings.DATABASES['default'].get('NAME')}"
    except ImportError:  # pragma: no cover
        pass
    return os.path.join(tempfile.gettempdir(), "gongkai-read-slots-" + hashlib.sha1(key.encode()).hexdigest()[:12])


class read_slot:  # noqa: N801 - used as a context manager, like a lock
    """Hold one of `limits().concurrent` read slots shared by every worker process of this server (flock on
    files in a temporary folder; a slot is freed when its holder ends, even killed). Web requests that parse an
    uploaded file take one, so hostile uploads can never occupy every gunicorn worker: past the limit a request
    waits `slot_wait` seconds, then gets UnreadableFile(BUSY) and its worker is free again."""

    def __init__(self, lim: ReadLimits | None = None, *, error: type[UnreadableFile] = UnreadableFile):
        self.lim = lim or limits()
        self.error = error
        self.handle = None

    def __enter__(self):
        import fcntl

        folder = _slot_dir()
        os.makedirs(folder, exist_ok=True)
        deadline = time.monotonic() + self.lim.slot_wait
        while True:
            for n in range(max(self.lim.concurrent, 1)):
                handle = open(os.path.join(folder, f"slot-{n}"), "a+b")  # noqa: SIM115 - held until __exit__
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    handle.close()
                    continue
                self.handle = handle
                return self
            if time.monotonic() >= deadline:
                raise self.error(BUSY)
            time.sleep(0.05)

    def __exit__(self, *exc_info):
        if self.handle is not None:
            self.handle.close()  # releases the flock
            self.handle = None
        return False


# ------------------------------------------------------------------ the bounded worker


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_bounded(fn: Callable[..., Any], *args: Any, lim: ReadLimits | None = None,
                error: type[UnreadableFile] = UnreadableFile, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` in a forked child with limits on memory, CPU and wall-clock time.

    The child may use no database connection (the callers are pure parsers). Its result comes back
    pickled. An `UnreadableFile` (or subclass) it raises is raised here as it is; any other failure,
    running out of memory, a crash, or the deadline gives `error(<Chinese message>)`. Falls back to a
    plain call where fork is unavailable.
    """
    lim = lim or limits()
    if not hasattr(os, "fork"):  # pragma: no cover - Linux in production and CI
        return fn(*args, **kwargs)
    read_end, write_end = os.pipe()
    base = _address_space()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        code = 0
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.nice(10)  # the web workers' own requests come first on a busy CPU
            if base:
                cap = base + lim.memory_mb * 1024 * 1024
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            cpu = int(lim.seconds) + 1
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            try:
                payload = ("ok", fn(*args, **kwargs))
            except UnreadableFile as exc:
                payload = ("unreadable", exc)
            except MemoryError:
                payload = ("complex", None)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised there
                payload = ("failed", f"{type(exc).__name__}")
            try:
                blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an unpicklable result is a failure like any other
                blob = pickle.dumps(("failed", "unpicklable"))
            view = memoryview(blob)
            while view:
                view = view[os.write(write_end, view):]
        except BaseException:  # noqa: BLE001 - whatever happens, the child ends here
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + lim.seconds
    chunks: list[bytes] = []
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if not ready:
                continue
            block = os.read(read_end, 1 << 20)
            if not block:
                break
            chunks.append(block)
    finally:
        os.close(read_end)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _reap(pid)
    if timed_out or not chunks:
        raise error(too_complex(lim))
    try:
        status, value = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - a child killed while writing
        raise error(too_complex(lim)) from None
    if status == "ok":
        return value
    if status == "unreadable":
        raise value
    if status == "complex":
        raise error(too_complex(lim))
    raise error("文件已损坏或格式无效，无法读取。")


def _reap(pid: int) -> None:
    while True:
        try:
            os.waitpid(pid, 0)
            return
        except ChildProcessError:
            return
        except InterruptedError:  # pragma: no cover - retried by Python since 3.5
            continue
