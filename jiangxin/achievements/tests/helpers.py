"""Test helpers: studios, achievements, valid patent numbers, files of each type."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from jiangxin.achievements import services
from jiangxin.achievements.demo import patent_number
from jiangxin.achievements.enums import AchievementKind
from jiangxin.studios.models import Studio


def make_studio(host, leader, name: str = "测试创新工作室", **fields) -> Studio:
    return Studio.objects.create(
        name=name,
        leader=leader,
        host=host,
        field=fields.pop("field", "炼钢"),
        established_on=fields.pop("established_on", date(2018, 1, 1)),
        level=fields.pop("level", "provincial"),
        status=fields.pop("status", "named"),
        **fields,
    )


def submit(actor, enterprise, completers, title="转炉炼钢终点控制技术", **fields):
    fields.setdefault("kind", AchievementKind.TECHNICAL_INNOVATION)
    return services.achievement_submit(
        actor=actor, enterprise=enterprise, title=title, completers=completers, **fields
    )


def pnum(year: int = 2021, ptype: str = "invention", serial: int = 123456) -> str:
    return patent_number(year, ptype, serial)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def office(kind: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buf.getvalue()
