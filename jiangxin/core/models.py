from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditAppendOnlyError("audit rows are append-only")

    def delete(self):
        raise AuditAppendOnlyError("audit rows are append-only")

    _raw_delete = delete


class AuditEvent(models.Model):
    """One append-only audit record. Written only by `jiangxin.core.audit.audit_record`.

    `row_hash` chains every row to the one before it (`prev_hash`), see `audit_chain.py`."""

    class Result(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")

    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    org_path = models.CharField(_("org path"), max_length=255, blank=True, db_index=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["username", "-id"], name="audit_user_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditAppendOnlyError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditAppendOnlyError("audit rows are append-only")

    @property
    def action_label(self) -> str:
        """The action in words (`studio.announce` → 公示创新工作室)."""
        from .audit_actions import audit_action_label

        return audit_action_label(self.action)


from .models_calendar import OfficialDay, OfficialYear  # noqa: E402,F401
from .models_documents import IssuedDocument  # noqa: E402,F401
from .models_pending import PendingRows  # noqa: E402,F401
from .models_rollups import RollupState  # noqa: E402,F401
from .models_search import SearchDocument  # noqa: E402,F401
from .models_tasks import TaskProgress  # noqa: E402,F401
