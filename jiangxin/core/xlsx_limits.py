"""Bounds an uploaded .xlsx must keep before anything reads it into memory.

An .xlsx is a zip of XML files: 53 KB can unpack to gigabytes, and one long shared
string used by many cells is copied into every one of them by the reader (a 50 MB string
used 20 times took a web process to 2.4 GB). So before python-calamine opens the file,
`xlsx_check` walks the zip once, streaming, with the memory of one 1 MB chunk and one
integer per shared string:

- the zip's members, unpacked, stay under `JX_IMPORT_MAX_UNZIPPED_BYTES` (200 MB) — read
  from the zip's directory, then enforced while decompressing (a directory may lie);
- no cell text is longer than 32,767 characters (Excel's own limit for a cell);
- the text the reader would build — every cell's shared or inline string counted each
  time a cell uses it — stays under `JX_IMPORT_MAX_TEXT_CHARS` (50 million characters,
  several times what 200,000 rows of any of our imports hold).

A file over a bound is refused with a message saying which (`XlsxRefused`)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from array import array

from django.conf import settings
from django.utils.translation import gettext as _

CELL_MAX_CHARS = 32_767
CHUNK = 1024 * 1024
_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")


class XlsxRefused(Exception):
    """The file is over one of the bounds; the message says which."""


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "JX_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024),
        getattr(settings, "JX_IMPORT_MAX_TEXT_CHARS", 50_000_000),
    )


class _Budget:
    """Unpacked bytes, counted across members while they are decompressed."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def chunks(self, member):
        while chunk := member.read(CHUNK):
            self.used += len(chunk)
            if self.used > self.limit:
                raise XlsxRefused(_too_big(self.limit))
            yield chunk


def _too_big(limit: int) -> str:
    return _("The workbook unpacks to more than %(limit)s MB; split it into smaller files.") % {
        "limit": f"{limit / (1024 * 1024):,.3g}"
    }


def _long_cell() -> str:
    return _("A cell holds more than %(n)s characters (Excel's own limit for a cell).") % {
        "n": f"{CELL_MAX_CHARS:,}"
    }


# The two scans below run C-level regexes over the unpacked XML, a chunk at a time (an
# expat callback per element cost several times the whole calamine read of a 50k-row
# file). Text is counted in characters, entities resolved, as the reader will see it.
_SI = re.compile(rb"<si(?:\s[^>]*)?(?:/>|>(.*?)</si>)", re.S)
_T = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_SHARED_V = re.compile(rb"""<c\s[^>]*?\bt=["']s["'][^>]*>(?:(?!</c>).)*?<v>(\d{1,12})</v>""", re.S)
_V = re.compile(rb"<v>([^<]*)</v>")
_IS = re.compile(rb"<is>(.*?)</is>", re.S)
_IS_SIMPLE = re.compile(rb"<is><t(?:\s[^>]*)?>([^<]*)</t></is>")
_CARRY_CHECK = 256 * 1024  # an element still open after this much is measured
_CARRY_MAX = 4 * 1024 * 1024  # and refused past this (no legal cell is that long)


def _chars(raw: bytes) -> int:
    """Characters of XML text (entities resolved)."""
    if raw.isascii() and b"&" not in raw:
        return len(raw)
    text = raw.decode("utf-8", "replace")
    if "&" in text:
        text = html.unescape(text)
    return len(text)


def _cell_chars(body: bytes) -> int:
    """Characters of the <t> runs in one <si> or <is> body; refuses one over the limit."""
    n = _chars(b"".join(_T.findall(body)))
    if n > CELL_MAX_CHARS:
        raise XlsxRefused(_long_cell())
    return n


def _open_tail(carry: bytes) -> None:
    """An element left open across chunks: refuse it once its text is over the limit."""
    if len(carry) > _CARRY_CHECK:
        tail = carry[carry.rfind(b"<t") :]
        tail = tail[tail.find(b">") + 1 :]
        if _chars(tail) + sum(map(len, _T.findall(carry))) > CELL_MAX_CHARS:
            raise XlsxRefused(_long_cell())
        if len(carry) > _CARRY_MAX:
            raise XlsxRefused(_long_cell())


def _complete(budget: _Budget, member, close: bytes):
    """The member's XML in pieces that end after a `close` tag (the rest carried over)."""
    carry = b""
    for chunk in budget.chunks(member):
        buf = carry + chunk
        cut = buf.rfind(close)
        if cut < 0:
            carry = buf
        else:
            cut += len(close)
            carry = buf[cut:]
            yield buf[:cut]
        _open_tail(carry)
    if carry:
        yield carry


def _shared_lengths(zf: zipfile.ZipFile, budget: _Budget) -> array:
    """The length of each shared string, in order (one integer each)."""
    lengths = array("L")
    with zf.open("xl/sharedStrings.xml") as member:
        for piece in _complete(budget, member, b"</si>"):
            lengths.extend(_cell_chars(body) if body else 0 for body in _SI.findall(piece))
    return lengths


def _sheet_text(zf: zipfile.ZipFile, name: str, lengths: array, budget: _Budget) -> int:
    """Characters of text the sheet's cells expand to (shared strings counted per use)."""
    total = 0
    count = len(lengths)
    with zf.open(name) as member:
        for piece in _complete(budget, member, b"</c>"):
            shared = _SHARED_V.findall(piece)
            # a bad index: the reader will say the file is broken
            total += sum(lengths[i] for i in map(int, shared) if i < count)
            total += sum(min(len(v), 64) for v in _V.findall(piece)) - sum(map(len, shared))
            simple = _IS_SIMPLE.findall(piece)  # one run: counted in bulk
            if len(simple) == piece.count(b"<is>"):
                if simple and max(map(len, simple)) > CELL_MAX_CHARS:
                    for text in simple:
                        _cell_chars(b"<t>" + text + b"</t>")
                total += _chars(b"".join(simple))
            else:
                for body in _IS.findall(piece):
                    total += _cell_chars(body)
    return total


def xlsx_check(data: bytes) -> None:
    """Refuse (XlsxRefused) a workbook over a bound, reading it once, streaming."""
    max_unzipped, max_text = _limits()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader refuses it with its own message
    if sum(i.file_size for i in infos) > max_unzipped:
        raise XlsxRefused(_too_big(max_unzipped))
    budget = _Budget(max_unzipped)
    names = {i.filename for i in infos}
    try:
        lengths = _shared_lengths(zf, budget) if "xl/sharedStrings.xml" in names else array("L")
        total = 0
        for name in sorted(n for n in names if _SHEET.fullmatch(n)):
            total += _sheet_text(zf, name, lengths, budget)
            if total > max_text:
                raise XlsxRefused(
                    _(
                        "The workbook's cells hold more than %(n)s characters of text; "
                        "split it into smaller files."
                    )
                    % {"n": f"{max_text:,}"}
                )
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # malformed XML or zip: the reader refuses it with its own message
