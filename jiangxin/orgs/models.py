from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from jiangxin.core.validators import validate_region_code, validate_uscc

from .enums import ALLOWED_PARENTS, Industry, OrgKind
from .paths import STEPLEN


class Org(MP_Node):
    """One node of the organisation tree (materialised path: a subtree is a prefix)."""

    # Children are appended (no node_order_by): a sorted insert would rewrite the paths of
    # every later sibling and its subtree, which at province scale is a large write.
    steplen = STEPLEN

    name = models.CharField(_("name"), max_length=120)
    # Indexes are declared in Meta: a field's own db_index/unique also builds a second,
    # `varchar_pattern_ops` index on PostgreSQL for LIKE, which no query here needs and
    # every insert pays for.
    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices)
    uscc = models.CharField(
        _("Unified Social Credit Code"),
        max_length=18,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    region_code = models.CharField(
        _("region code"), max_length=6, validators=[validate_region_code]
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["name", "id"], name="org_name_idx"),
            # lists filtered by kind page in tree order without sorting (SQLite too)
            models.Index(fields=["kind", "path"], name="org_kind_path_idx"),  # and kind alone
            models.Index(fields=["industry"], name="org_industry_idx"),
            # equality and prefix (region_code__startswith) from one index on PostgreSQL
            models.Index(
                fields=["region_code"], name="org_region_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["uscc"], name="org_uscc_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == OrgKind.ENTERPRISE and not self.uscc:
            raise ValidationError(
                {"uscc": _("An enterprise needs its Unified Social Credit Code.")}
            )

    @staticmethod
    def parent_kind_allowed(kind: str, parent_kind: str | None) -> bool:
        return parent_kind in ALLOWED_PARENTS.get(kind, frozenset())
