"""Bounds an uploaded .xlsx must keep before anything reads it into memory.

An .xlsx is a zip of XML files: 53 KB can unpack to gigabytes, and one long shared
string used by many cells is copied into every one of them by the reader (a 50 MB string
used 20 times took a web process to 2.4 GB). So before python-calamine opens the file,
`xlsx_check` walks the zip once, streaming, with the memory of one 64 KB chunk and one
integer per shared string:

- the zip's members, unpacked, stay under `JX_IMPORT_MAX_UNZIPPED_BYTES` (200 MB) — read
  from the zip's directory, then enforced while decompressing (a directory may lie);
- no cell text is longer than 32,767 characters (Excel's own limit for a cell);
- the text the reader would build — every cell's shared or inline string counted each
  time a cell uses it — stays under `JX_IMPORT_MAX_TEXT_CHARS` (50 million characters,
  several times what 200,000 rows of any of our imports hold).

A file over a bound is refused with a message saying which (`XlsxRefused`)."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from array import array
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

CELL_MAX_CHARS = 32_767
CHUNK = 64 * 1024
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

    def feed(self, member, parser) -> None:
        while chunk := member.read(CHUNK):
            self.used += len(chunk)
            if self.used > self.limit:
                raise XlsxRefused(_too_big(self.limit))
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _too_big(limit: int) -> str:
    return _("The workbook unpacks to more than %(limit)s MB; split it into smaller files.") % {
        "limit": f"{limit / (1024 * 1024):,.3g}"
    }


def _long_cell() -> str:
    return _("A cell holds more than %(n)s characters (Excel's own limit for a cell).") % {
        "n": f"{CELL_MAX_CHARS:,}"
    }


def _shared_lengths(zf: zipfile.ZipFile, budget: _Budget) -> array:
    """The length of each shared string, in order (one integer each)."""
    lengths = array("L")
    state = {"in_si": False, "in_t": False, "n": 0}

    def start(name, attrs):
        if name == "si":
            state["in_si"], state["n"] = True, 0
        elif name == "t" and state["in_si"]:
            state["in_t"] = True

    def end(name):
        if name == "t":
            state["in_t"] = False
        elif name == "si":
            state["in_si"] = False
            lengths.append(state["n"])

    def text(data):
        if state["in_t"]:
            state["n"] += len(data)
            if state["n"] > CELL_MAX_CHARS:
                raise XlsxRefused(_long_cell())

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    with zf.open("xl/sharedStrings.xml") as member:
        budget.feed(member, parser)
    return lengths


def _sheet_text(zf: zipfile.ZipFile, name: str, lengths: array, budget: _Budget) -> int:
    """Characters of text the sheet's cells expand to (shared strings counted per use)."""
    state = {"shared": False, "in_v": False, "v": "", "in_t": False, "n": 0, "cell": 0}

    def start(tag, attrs):
        if tag == "c":
            state["shared"], state["cell"] = attrs.get("t") == "s", 0
        elif tag == "v":
            state["in_v"], state["v"] = True, ""
        elif tag == "t":
            state["in_t"] = True

    def end(tag):
        if tag == "v":
            state["in_v"] = False
            if state["shared"]:
                # a bad index: the reader will say the file is broken
                with contextlib.suppress(ValueError, IndexError):
                    state["n"] += lengths[int(state["v"])]
            else:
                state["n"] += len(state["v"])
        elif tag == "t":
            state["in_t"] = False

    def text(data):
        if state["in_v"]:
            if len(state["v"]) < 64:  # an index or a number; longer is not one
                state["v"] += data
        elif state["in_t"]:
            state["cell"] += len(data)
            state["n"] += len(data)
            if state["cell"] > CELL_MAX_CHARS:
                raise XlsxRefused(_long_cell())

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    with zf.open(name) as member:
        budget.feed(member, parser)
    return state["n"]


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
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError):
        return  # malformed XML or zip: the reader refuses it with its own message
