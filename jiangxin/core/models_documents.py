"""Issued documents: certificates, award lists, skill passports. Each carries a QR code to
a public verification page (see `jiangxin.core.documents`).

What the verification page shows is exactly `holder_name`, `title`, the issuing org's name,
the issue date and `facts`; nothing else of the document is public. So neither the holder
name nor a fact may carry a resident ID number (PIPL): `clean()` refuses one.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import resident_id_check_char

_ID_LIKE = re.compile(r"(?<!\d)(\d{17})([0-9Xx])(?!\d)")


def contains_resident_id(text: str) -> bool:
    """True when `text` holds an 18-character sequence with a valid resident ID checksum."""
    return any(
        resident_id_check_char(body) == check.upper() for body, check in _ID_LIKE.findall(text)
    )


class IssuedDocument(models.Model):
    """One issued document. Never deleted: a wrong one is revoked, with a reason."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")
        AWARD_LIST = "award_list", _("Award list")
        PASSPORT = "passport", _("Skill passport")

    uuid = models.UUIDField(_("document ID"), unique=True, default=uuid.uuid4, editable=False)
    # Not limited to `Kind`: other apps issue their own kinds (a lower-case slug).
    kind = models.CharField(
        _("kind"),
        max_length=32,
        db_index=True,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9_]*\Z",
                _("Use lower-case letters, digits and underscores, starting with a letter."),
            )
        ],
    )
    title = models.CharField(_("title"), max_length=200)
    holder_name = models.CharField(
        _("holder"),
        max_length=200,
        help_text=_("The name shown on the document and the verification page."),
    )
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("issuing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    facts = models.JSONField(
        _("facts"),
        default=list,
        blank=True,
        help_text=_("Ordered [label, value] pairs, shown publicly on the verification page."),
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["org", "kind", "-issued_at"], name="issued_doc_org_idx")]

    def __str__(self) -> str:
        return f"{self.title} · {self.holder_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def kind_label(self) -> str:
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind

    def fact_pairs(self) -> list[tuple[str, str]]:
        """The facts as (label, value) strings, in order."""
        return [(str(label), str(value)) for label, value in self.facts or []]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.holder_name and contains_resident_id(self.holder_name):
            errors.setdefault("holder_name", []).append(
                _("The holder's name must not contain an ID number.")
            )
        if not isinstance(self.facts, list):
            errors.setdefault("facts", []).append(
                _("Facts must be a list of [label, value] pairs.")
            )
        else:
            for n, pair in enumerate(self.facts, start=1):
                if (
                    not isinstance(pair, list | tuple)
                    or len(pair) != 2
                    or not all(isinstance(x, str | int | float) for x in pair)
                    or not str(pair[0]).strip()
                ):
                    errors.setdefault("facts", []).append(
                        _("Fact %(n)d is not a [label, value] pair.") % {"n": n}
                    )
                elif any(contains_resident_id(str(x)) for x in pair):
                    errors.setdefault("facts", []).append(
                        _("Fact %(n)d contains an ID number; facts are public.") % {"n": n}
                    )
        if self.revoked_at is not None and not self.revoked_reason.strip():
            errors.setdefault("revoked_reason", []).append(_("Give the reason for the revocation."))
        if errors:
            raise ValidationError(errors)
