"""What may be attached to an achievement: PDF, JPG, PNG, DOCX and XLSX, recognised by
their content (the first bytes, and for the Office formats the parts inside the zip), not
only by their name; at most settings.JX_ATTACHMENT_MAX_BYTES (20 MB by default)."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import AttachmentType

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {
    ".pdf": AttachmentType.PDF,
    ".jpg": AttachmentType.JPG,
    ".jpeg": AttachmentType.JPG,
    ".png": AttachmentType.PNG,
    ".docx": AttachmentType.DOCX,
    ".xlsx": AttachmentType.XLSX,
}
ALLOWED_LABEL = "PDF, JPG, PNG, DOCX, XLSX"


def max_bytes() -> int:
    return int(getattr(settings, "JX_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(upload) -> str | None:
    """The attachment type the content is, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return AttachmentType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return AttachmentType.JPG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentType.PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return AttachmentType.DOCX
            if "xl/workbook.xml" in names:
                return AttachmentType.XLSX
    return None


def attachment_check(upload) -> tuple[str, str]:
    """(type, clean file name) of an acceptable upload; else ValidationError on "file"."""
    name = PurePath((upload.name or "").replace("\\", "/")).name.strip()[:200] or "attachment"
    size = upload.size or 0
    limit = max_bytes()
    if size == 0:
        raise ValidationError({"file": _("The file “%(name)s” is empty.") % {"name": name}})
    if size > limit:
        raise ValidationError(
            {
                "file": _("The file “%(name)s” is %(size).1f MB; the limit is %(limit).1f MB.")
                % {"name": name, "size": size / 1024 / 1024, "limit": limit / 1024 / 1024}
            }
        )
    by_name = EXTENSIONS.get(PurePath(name).suffix.lower())
    if by_name is None:
        raise ValidationError(
            {
                "file": _("“%(name)s” cannot be attached: only %(allowed)s files are accepted.")
                % {"name": name, "allowed": ALLOWED_LABEL}
            }
        )
    by_content = sniff(upload)
    if by_content != by_name:
        raise ValidationError(
            {
                "file": _(
                    "The content of “%(name)s” is not %(type)s, whatever its name says. Only "
                    "%(allowed)s files are accepted."
                )
                % {"name": name, "type": AttachmentType(by_name).label, "allowed": ALLOWED_LABEL}
            }
        )
    return by_name, name
