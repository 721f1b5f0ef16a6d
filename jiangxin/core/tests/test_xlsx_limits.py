"""Imports are bounded before they read: a small file that unpacks to a huge one, a cell
longer than Excel allows, or one long string used by many cells is refused with a clear
message, and the process stays under a stated memory ceiling while refusing it."""

from __future__ import annotations

import io
import textwrap
import zipfile

import pytest
from django.utils import translation

from jiangxin.core.xlsx_limits import XlsxRefused, xlsx_check
from jiangxin.testing.urlwalk import run_in_fresh_process

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"/>'
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def bomb(string_chars: int, uses: int) -> bytes:
    """An .xlsx whose one shared string of `string_chars` characters fills `uses` cells."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><sst><si><t>姓名</t></si><si><t>'
            + "A" * string_chars
            + "</t></si></sst>",
        )
        rows = "".join(
            f'<row r="{r}"><c r="A{r}" t="s"><v>{0 if r == 1 else 1}</v></c></row>'
            for r in range(1, uses + 2)
        )
        zf.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}</sheetData></worksheet>"
        )
    return buf.getvalue()


def test_xlsx_limits_the_reported_bomb_is_refused():
    data = bomb(50_000_000, 20)  # 50 MB in one shared string, used by 20 rows
    assert len(data) < 200_000
    with pytest.raises(XlsxRefused, match="32,767"):
        xlsx_check(data)


def test_xlsx_limits_many_uses_of_a_long_string_are_refused(settings):
    settings.JX_IMPORT_MAX_TEXT_CHARS = 1_000_000
    with pytest.raises(XlsxRefused, match="1,000,000"):
        xlsx_check(bomb(30_000, 40))  # each cell legal, 1.2 M characters in all


def test_xlsx_limits_unpacked_size_is_bounded(settings):
    settings.JX_IMPORT_MAX_UNZIPPED_BYTES = 20_000
    data = bomb(30_000, 40)  # 31 KB unpacked, 1 KB packed
    assert len(data) < 2_000
    with pytest.raises(XlsxRefused, match="unpacks"):
        xlsx_check(data)


def test_xlsx_limits_an_ordinary_workbook_passes():
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    for r in range(2000):
        sheet.write_row(r, 0, [f"职工{r}", "370102199001011234", "炼钢", 3.5])
    book.close()
    xlsx_check(buf.getvalue())


def test_xlsx_limits_import_says_why_and_the_process_stays_small(tmp_path):
    """Through the real import path, in a process of its own: the refusal names the
    limit, and the process grows by less than 50 MB while refusing it (the reported bomb
    took a web process to 2.38 GB)."""
    (tmp_path / "bomb.xlsx").write_bytes(bomb(50_000_000, 20))  # built here, read there
    script = textwrap.dedent(
        r"""
        import re, django
        django.setup()
        from jiangxin.core.imports import ImportFileError, import_read
        from jiangxin.core.import_registry import import_spec

        def status(key):
            text = open("/proc/self/status").read()
            return int(re.search(key + r":\s+(\d+)", text).group(1)) // 1024

        data = open("bomb.xlsx", "rb").read()
        open("/proc/self/clear_refs", "w").write("5")  # the peak starts again from here
        before = status("VmRSS")
        try:
            import_read(import_spec("people.workers"), data, "bomb.xlsx")
        except ImportFileError as exc:
            print("REFUSED", exc)
        print("GROWTH_MB", status("VmHWM") - before)
        """
    )
    out = run_in_fresh_process(script, settings_module="jiangxin.settings.test", data_dir=tmp_path)
    assert "REFUSED" in out and "32,767" in out, out[-3000:]
    growth = int(out.split("GROWTH_MB")[1].split()[0])
    assert growth < 50, out
